// RunFolder+TensorBoard: a run folder's event files (started, listed) and the report's figures as images.

extension RunFolder {
    /// Starts a new event file in the folder (`EventFileWriter.fileName()`), named in the manifest
    /// before it is created so that `--overwrite` removes it. A resumed run starts one of its own:
    /// TensorBoard reads every event file of a folder, in name order, so the time in the name is
    /// made later than the folder's other event files' (a resume within the same second).
    /// - Throws: `NeuralKitError.file` when the manifest or the file cannot be written.
    public func startEventFile() throws -> EventFileWriter {
        let times = eventFiles.compactMap { Int($0.dropFirst(EventFileWriter.namePrefix.count).prefix { $0 != "." }) }
        let name = EventFileWriter.fileName(time: max(EventFileWriter.now.rounded(.down), Double((times.max() ?? -1) + 1)))
        try claim([name])
        return try EventFileWriter(path: file(name))
    }

    /// The event files the manifest lists (empty for a run written with `--tensorboard off`, or before
    /// NeuralKit wrote them).
    public var eventFiles: [String] { (manifest() ?? []).filter(EventFileWriter.isEventFile) }
}

extension RunReportContent {
    /// The report figures also logged as TensorBoard images, by file name: the confusion matrix, the
    /// decision boundary, the reconstructions and the first layer's weights or filters.
    public static let tensorBoardFigures = ["confusion.svg", "decision_boundary.svg", "reconstructions.svg", "first_layer_weights.svg", "conv_filters.svg"]

    /// Those of `tensorBoardFigures` the report has, as images tagged `images/<name>` (`images/confusion`, …).
    /// - Throws: `NeuralKitError` when a figure cannot be drawn.
    public func tensorBoardImages() throws -> [TensorBoardValue] {
        try figures.filter { Self.tensorBoardFigures.contains($0.0) }.map { name, figure, _ in
            TensorBoardValue(tag: "images/" + name.dropLast(4), .image(try TensorBoardImage(figure)))
        }
    }
}
