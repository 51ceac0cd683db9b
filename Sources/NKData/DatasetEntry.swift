// DatasetEntry: what the registry knows about one dataset (files, counts, shapes, loader).

import Foundation

/// One dataset of the registry: its CLI name, folder, files, its reader and its default preprocessing.
public struct DatasetEntry: Sendable {
    /// Reads the dataset's files from its folder (which holds every file of `files`).
    public typealias Reader = @Sendable (_ folder: URL, _ options: DatasetRegistry.LoadOptions) throws -> DatasetSplits

    /// The name used with `--data`, e.g. `mnist`, `fashion-mnist`, `breast-cancer`.
    public var name: String
    /// The folder under the data directory holding the files (the same names as `../shared/data`).
    public var folder: String
    /// One line for listings.
    public var title: String
    /// The files it needs.
    public var files: [DatasetFile]
    /// Samples in the training (or only) part.
    public var trainCount: Int
    /// Samples in the published test part (nil when there is none).
    public var testCount: Int?
    /// The shape of one sample, e.g. `[28, 28, 1]`.
    public var sampleShape: [Int]
    /// Number of classes; nil for regression and forecasting.
    public var classCount: Int?
    /// Where the data comes from (home page), for messages and the README.
    public var homepage: String
    /// Extra instructions when files cannot be downloaded one by one (CIFAR-10's archive).
    public var manualNote: String?
    /// The preprocessing `train` applies unless told otherwise (`--preprocess`).
    public var defaultPreprocessing: [PreprocessingStep]
    /// How the files become samples.
    public var read: Reader

    /// An entry.
    public init(
        name: String, folder: String, title: String, files: [DatasetFile], trainCount: Int, testCount: Int?,
        sampleShape: [Int], classCount: Int?, homepage: String, manualNote: String? = nil,
        defaultPreprocessing: [PreprocessingStep], read: @escaping Reader
    ) {
        self.name = name
        self.folder = folder
        self.title = title
        self.files = files
        self.trainCount = trainCount
        self.testCount = testCount
        self.sampleShape = sampleShape
        self.classCount = classCount
        self.homepage = homepage
        self.manualNote = manualNote
        self.defaultPreprocessing = defaultPreprocessing
        self.read = read
    }

    /// The folder of this dataset under `dataDirectory`.
    public func directory(in dataDirectory: URL) -> URL { dataDirectory.appendingPathComponent(folder, isDirectory: true) }

    /// The total size of its files in bytes.
    public var totalSize: Int { files.reduce(0) { $0 + $1.size } }
}
