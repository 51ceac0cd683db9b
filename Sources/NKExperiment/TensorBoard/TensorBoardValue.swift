// TensorBoardValue: one named value of a TensorBoard summary (summary.proto's `Summary.Value`).

/// A tag and what it holds: a scalar, a histogram, an image, or a plugin's own data.
///
/// `Summary.Value`'s fields (`tensorboard/compat/proto/summary.proto`): `tag = 1`, and of the `value`
/// one-of `simple_value = 2` (float), `image = 4`, `histo = 5`; `metadata = 9` (a `SummaryMetadata`,
/// whose `plugin_data = 1` holds `plugin_name = 1` and `content = 2`).
public struct TensorBoardValue: Sendable {
    /// What the tag holds.
    public enum Content: Sendable {
        /// A number of the Scalars tab.
        case scalar(Float)
        /// A distribution of the Histograms and Distributions tabs.
        case histogram(TensorBoardHistogram)
        /// A picture of the Images tab.
        case image(TensorBoardImage)
        /// Metadata for a plugin (`name`), with `content` its serialized data and no value, as the
        /// HParams plugin's summaries are.
        case plugin(name: String, content: [UInt8])
    }

    /// The series name, such as `epoch/train_loss` (slashes group tags in TensorBoard).
    public var tag: String
    public var content: Content

    public init(tag: String, _ content: Content) { (self.tag, self.content) = (tag, content) }

    /// The `Summary.Value` message.
    var message: ProtobufWriter {
        var w = ProtobufWriter()
        w.string(1, tag)
        switch content {
        case .scalar(let x): w.float(2, x)
        case .histogram(let h): w.message(5, h.message)
        case .image(let image): w.message(4, image.message)
        case .plugin(let name, let content):
            var pluginData = ProtobufWriter()
            pluginData.string(1, name)
            if !content.isEmpty { pluginData.bytes(2, content) }
            var metadata = ProtobufWriter()
            metadata.message(1, pluginData)
            w.message(9, metadata)
        }
        return w
    }
}
