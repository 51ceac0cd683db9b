// HParamsPluginData: the HParams plugin's summaries (an experiment, a session's start and end), by hand.

/// The content of the HParams plugin's summaries, which let TensorBoard's HParams tab compare the
/// trials of a sweep: `HParamsPluginData` of `tensorboard/plugins/hparams/plugin_data.proto`, with the
/// messages of `api.proto` it holds.
///
/// `HParamsPluginData`: `version = 1` (int32), and of the `data` one-of `experiment = 2`,
/// `session_start_info = 3`, `session_end_info = 4`. TensorBoard reads version 0 only (its
/// `PLUGIN_DATA_VERSION`), proto3's default, so the field is never written. Each content goes in a
/// value with no data, tagged `experimentTag`, `sessionStartTag` or `sessionEndTag`, whose metadata
/// names the plugin `hparams`: the experiment in the sweep folder's own run, each session in the
/// trial's run (its folder), where the metrics are that run's scalars.
public enum HParamsPluginData {
    public static let pluginName = "hparams"
    public static let experimentTag = "_hparams_/experiment"
    public static let sessionStartTag = "_hparams_/session_start_info"
    public static let sessionEndTag = "_hparams_/session_end_info"

    /// A hyperparameter's value: `google.protobuf.Value` with `number_value = 2` (double),
    /// `string_value = 3` or `bool_value = 4`.
    public enum Value: Sendable, Equatable {
        case number(Double), string(String), bool(Bool)

        var message: ProtobufWriter {
            var w = ProtobufWriter()
            switch self {
            case .number(let x): w.double(2, x)
            case .string(let s): w.string(3, s)
            case .bool(let b): w.bool(4, b)
            }
            return w
        }
    }

    /// `api.proto`'s `DataType`.
    public enum DataType: Int32, Sendable {
        case unset = 0, string = 1, bool = 2, float64 = 3
    }

    /// `api.proto`'s `DatasetType`.
    public enum DatasetType: Int32, Sendable {
        case unknown = 0, training = 1, validation = 2
    }

    /// `api.proto`'s `Status` of a session.
    public enum Status: Int32, Sendable {
        case unknown = 0, success = 1, failure = 2, running = 3
    }

    /// A hyperparameter of the experiment (`HParamInfo`: `name = 1`, `type = 4`, `domain_discrete = 5`,
    /// a `ListValue` whose `values = 1`).
    public struct HParamInfo: Sendable {
        public var name: String
        public var type: DataType
        /// The values it takes (nil: any of its type).
        public var domain: [Value]?

        public init(name: String, type: DataType, domain: [Value]? = nil) { (self.name, self.type, self.domain) = (name, type, domain) }
    }

    /// A metric of the experiment (`MetricInfo`: `name = 1`, a `MetricName` with `group = 1` and `tag = 2`;
    /// `dataset_type = 5`): the scalar `tag` in the session's run (`group` empty) or a sub-folder of it.
    public struct MetricInfo: Sendable {
        public var tag: String
        public var group: String
        public var datasetType: DatasetType

        public init(tag: String, group: String = "", datasetType: DatasetType = .unknown) { (self.tag, self.group, self.datasetType) = (tag, group, datasetType) }
    }

    /// An `Experiment` (`description = 1`, `time_created_secs = 3`, `hparam_infos = 4`, `metric_infos = 5`).
    public static func experiment(description: String, timeCreated: Double, hparams: [HParamInfo], metrics: [MetricInfo]) -> [UInt8] {
        var experiment = ProtobufWriter()
        if !description.isEmpty { experiment.string(1, description) }
        if timeCreated != 0 { experiment.double(3, timeCreated) }
        for h in hparams {
            var info = ProtobufWriter()
            info.string(1, h.name)
            if h.type != .unset { info.int32(4, h.type.rawValue) }
            if let domain = h.domain {
                var list = ProtobufWriter()
                for v in domain { list.message(1, v.message) }
                info.message(5, list)
            }
            experiment.message(4, info)
        }
        for m in metrics {
            var name = ProtobufWriter()
            if !m.group.isEmpty { name.string(1, m.group) }
            name.string(2, m.tag)
            var info = ProtobufWriter()
            info.message(1, name)
            if m.datasetType != .unknown { info.int32(5, m.datasetType.rawValue) }
            experiment.message(5, info)
        }
        return pluginData(2, experiment)
    }

    /// A `SessionStartInfo` (`hparams = 1`, a map written as entries with `key = 1` and `value = 2`;
    /// `model_uri = 2`, `group_name = 4`, `start_time_secs = 5`). Sessions of one group (the seeds of a
    /// setting) are shown together; an empty group makes the session a group of its own.
    public static func sessionStart(hparams: [(name: String, value: Value)], groupName: String = "", modelURI: String = "", startTime: Double) -> [UInt8] {
        var start = ProtobufWriter()
        for (name, value) in hparams {
            var entry = ProtobufWriter()
            entry.string(1, name)
            entry.message(2, value.message)
            start.message(1, entry)
        }
        if !modelURI.isEmpty { start.string(2, modelURI) }
        if !groupName.isEmpty { start.string(4, groupName) }
        if startTime != 0 { start.double(5, startTime) }
        return pluginData(3, start)
    }

    /// A `SessionEndInfo` (`status = 1`, `end_time_secs = 2`).
    public static func sessionEnd(status: Status, endTime: Double) -> [UInt8] {
        var end = ProtobufWriter()
        if status != .unknown { end.int32(1, status.rawValue) }
        if endTime != 0 { end.double(2, endTime) }
        return pluginData(4, end)
    }

    /// `HParamsPluginData` with `message` in its one-of field `field` (the version, 0, left out).
    static func pluginData(_ field: Int, _ message: ProtobufWriter) -> [UInt8] {
        var w = ProtobufWriter()
        w.message(field, message)
        return w.encoded
    }

    /// The summary value that carries `content` under `tag`.
    public static func value(tag: String, content: [UInt8]) -> TensorBoardValue {
        TensorBoardValue(tag: tag, .plugin(name: pluginName, content: content))
    }
}
