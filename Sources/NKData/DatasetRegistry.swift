// DatasetRegistry: the built-in datasets, where their files live, their status, and loading by name.

import Foundation
import NKCore

/// The datasets `--data NAME` knows: their files (size, SHA-256, download URLs), the data directory,
/// a status check, and `load`, which reads the files into `DatasetSplits`.
///
/// Data directory: an explicit one (`--data-dir`), else `$NEURALKIT_DATA`, else `~/.cache/neuralkit`
/// (`$XDG_CACHE_HOME/neuralkit` when set). Each dataset has its own folder there, named like the
/// folders of the project's shared data (`mnist/`, `usps/`, `sklearn-digits/`, …), so
/// `NEURALKIT_DATA=../shared/data` works as is.
///
/// ```swift
/// let dir = DatasetRegistry.dataDirectory(explicit: nil)
/// let mnist = try DatasetRegistry.load("mnist", from: dir)   // train (60000, 28, 28, 1), test (10000, …)
/// ```
public enum DatasetRegistry {
    /// Every registered dataset, in listing order.
    public static let entries: [DatasetEntry] = makeEntries()

    /// The entry named `name` (as `--data` spells it).
    public static func entry(named name: String) throws -> DatasetEntry {
        guard let entry = entries.first(where: { $0.name == name }) else {
            throw NeuralKitError.argument("Unknown dataset '\(name)'; known: \(entries.map(\.name).joined(separator: ", ")).")
        }
        return entry
    }

    /// The data directory: `explicit`, else `NEURALKIT_DATA`, else the per-user cache folder.
    public static func dataDirectory(explicit: String?, environment: [String: String] = ProcessInfo.processInfo.environment) -> URL {
        if let explicit, !explicit.isEmpty { return URL(fileURLWithPath: explicit, isDirectory: true) }
        if let env = environment["NEURALKIT_DATA"], !env.isEmpty { return URL(fileURLWithPath: env, isDirectory: true) }
        if let xdg = environment["XDG_CACHE_HOME"], !xdg.isEmpty {
            return URL(fileURLWithPath: xdg, isDirectory: true).appendingPathComponent("neuralkit", isDirectory: true)
        }
        let home = environment["HOME"].map { URL(fileURLWithPath: $0, isDirectory: true) } ?? FileManager.default.homeDirectoryForCurrentUser
        return home.appendingPathComponent(".cache/neuralkit", isDirectory: true)
    }

    /// The status of `entry`'s files in `dataDirectory`; with `verify`, every SHA-256 is computed.
    public static func status(of entry: DatasetEntry, in dataDirectory: URL, verify: Bool = false) -> DatasetStatus {
        let folder = entry.directory(in: dataDirectory)
        var missing = [String](), corrupt = [String]()
        for file in entry.files {
            let path = folder.appendingPathComponent(file.name).path
            guard let attributes = try? FileManager.default.attributesOfItem(atPath: path) else { missing.append(file.name); continue }
            let size = (attributes[.size] as? NSNumber)?.intValue ?? -1
            if size != file.size { corrupt.append(file.name); continue }
            if verify, let expected = file.sha256 {
                guard let bytes = try? DataFile.readRaw(URL(fileURLWithPath: path)), SHA256.hex(bytes) == expected else {
                    corrupt.append(file.name); continue
                }
            }
        }
        if !corrupt.isEmpty { return .corrupt(corrupt) }
        if !missing.isEmpty { return .missing(missing) }
        return verify && entry.files.allSatisfy({ $0.sha256 != nil }) ? .verified : .present
    }

    /// What to do when files are missing: which files to put where, and where to get them.
    public static func missingFilesMessage(_ entry: DatasetEntry, files: [String], in dataDirectory: URL) -> String {
        let folder = entry.directory(in: dataDirectory).path
        let list = entry.files.filter { files.contains($0.name) }.map { f in
            "\(f.name) (\(f.size) bytes\(f.urls.first.map { ", from \($0)" } ?? ""))"
        }
        return "Dataset \(entry.name): missing in \(folder): \(list.joined(separator: "; ")). "
            + (entry.manualNote ?? "Download them (neuralkit datasets --download \(entry.name)) or put them there by hand")
            + ", or point --data-dir / NEURALKIT_DATA at a folder that has \(entry.folder)/."
    }

    /// Options for the readers that have choices.
    public struct LoadOptions: Sendable {
        /// California housing's missing `total_bedrooms` values.
        public var missingValues: MissingValuePolicy = .imputeMean
        /// Air passengers: months per input window.
        public var window = 12
        /// Air passengers: the last months held out (chronologically) for testing.
        public var testMonths = 24
        /// Check every file's SHA-256 before reading it (slower; `status(verify:)` does the same).
        public var verifyChecksums = false
        /// Keep only the first `trainLimit` training and `testLimit` test samples, where the reader
        /// can do so while reading (IDX files: only those images become Floats); other readers read
        /// everything, and `Dataset.limited(to:)` keeps the same first samples afterwards.
        public var trainLimit: Int?
        public var testLimit: Int?
        /// Default options.
        public init() {}
    }

    /// Reads the dataset `name` from `dataDirectory` (see `dataDirectory(explicit:)`).
    ///
    /// Image sets keep their published values (MNIST/Fashion/CIFAR 0…255, USPS −1…1); preprocess
    /// with `DatasetSplits.preprocessed`. Tables without a published test split have `test == nil`.
    ///
    /// - Throws: `NeuralKitError(.data, …)`: for missing files, the message lists each file, its
    ///   size and URL and the folder to put it in; for malformed files, it names the file and where.
    public static func load(_ name: String, from dataDirectory: URL, options: LoadOptions = LoadOptions()) throws -> DatasetSplits {
        let entry = try entry(named: name)
        if PathKind(dataDirectory.path) == .file {
            throw NeuralKitError(.data, "The data directory '\(dataDirectory.path)' (given, else NEURALKIT_DATA) is a file, not a folder.")
        }
        let folder = entry.directory(in: dataDirectory)
        let missing = entry.files.map(\.name).filter { !FileManager.default.fileExists(atPath: folder.appendingPathComponent($0).path) }
        guard missing.isEmpty else { throw NeuralKitError(.data, missingFilesMessage(entry, files: missing, in: dataDirectory)) }
        if options.verifyChecksums {
            for file in entry.files {
                let url = folder.appendingPathComponent(file.name)
                if let expected = file.sha256, SHA256.hex(try DataFile.readRaw(url)) != expected {
                    throw NeuralKitError(.data, "'\(url.path)': wrong SHA-256 (expected \(expected)); the file is damaged or a different version.")
                }
            }
        }
        return try entry.read(folder, options)
    }

    // MARK: - The entries

    /// The bytes of `file` in `folder` (gunzipped when it ends in `.gz`) and its path, for messages.
    private static func read(_ file: String, _ folder: URL) throws -> ([UInt8], String) {
        let url = folder.appendingPathComponent(file)
        return (try DataFile.read(url), url.path)
    }

    /// MNIST-format image and label files: the train and t10k parts.
    private static func idxSplits(_ name: String, _ folder: URL, classNames: [String], _ options: LoadOptions) throws -> DatasetSplits {
        func url(_ file: String) -> URL { folder.appendingPathComponent(file) }
        return DatasetSplits(
            train: try IDXReader.load(
                images: url("train-images-idx3-ubyte.gz"), labels: url("train-labels-idx1-ubyte.gz"), name: name + "/train",
                classNames: classNames, limit: options.trainLimit),
            test: try IDXReader.load(
                images: url("t10k-images-idx3-ubyte.gz"), labels: url("t10k-labels-idx1-ubyte.gz"), name: name + "/test",
                classNames: classNames, limit: options.testLimit))
    }

    /// One of scikit-learn's classification CSVs, with no test part.
    private static func sklearnTable(_ name: String, _ file: String, _ folder: URL) throws -> DatasetSplits {
        let (bytes, path) = try read(file, folder)
        return DatasetSplits(train: try TabularDatasets.sklearnClassification(bytes, file: path, name: name), test: nil)
    }

    private static let fashionClasses = ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"]

    private static func makeEntries() -> [DatasetEntry] {
        func sk(_ file: String, _ size: Int, _ sha: String) -> DatasetFile {
            DatasetFile(
                file, size: size, sha256: sha,
                urls: ["1.9.1", "main"].map {
                    "https://raw.githubusercontent.com/scikit-learn/scikit-learn/\($0)/sklearn/datasets/data/\(file)"
                })
        }
        let mnistURLs = ["http://yann.lecun.com/exdb/mnist/", "https://ossci-datasets.s3.amazonaws.com/mnist/"]
        let fashionURLs = [
            "http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/",
            "https://raw.githubusercontent.com/zalandoresearch/fashion-mnist/master/data/fashion/",
        ]
        let uspsURLs = [
            "https://hastie.su.domains/ElemStatLearn/datasets/",
            "https://raw.githubusercontent.com/dgkim5360/the-elements-of-statistical-learning-notebooks/2c13a4818379451bcce802bcd7917f4878e12977/data/zipcode/",
        ]
        func idx(_ f: String, _ size: Int, _ sha: String, _ bases: [String]) -> DatasetFile { DatasetFile(f, size: size, sha256: sha, urls: bases.map { $0 + f }) }
        let cifarFiles = (1...5).map { "data_batch_\($0).bin" } + ["test_batch.bin"]
        return [
            DatasetEntry(
                name: "mnist", folder: "mnist", title: "MNIST handwritten digits, 28×28 grey",
                files: [
                    idx("train-images-idx3-ubyte.gz", 9_912_422, "440fcabf73cc546fa21475e81ea370265605f56be210a4024d2ca8f203523609", mnistURLs),
                    idx("train-labels-idx1-ubyte.gz", 28_881, "3552534a0a558bbed6aed32b30c495cca23d567ec52cac8be1a0730e8010255c", mnistURLs),
                    idx("t10k-images-idx3-ubyte.gz", 1_648_877, "8d422c7b0a1c1c79245a5bcf07fe86e33eeafee792b84584aec276f5a2dbc4e6", mnistURLs),
                    idx("t10k-labels-idx1-ubyte.gz", 4_542, "f7ae60f92e00ec6debd23a6088c31dbd2371eca3ffa0defaefb259924204aec6", mnistURLs),
                ], trainCount: 60_000, testCount: 10_000, sampleShape: [28, 28, 1], classCount: 10, homepage: "http://yann.lecun.com/exdb/mnist/",
                // Pixels to [0, 1], then the set's usual normalisation by its global pixel mean and standard
                // deviation (centred inputs train faster; +0.5 % test accuracy for the MNIST MLP).
                defaultPreprocessing: [.scale(low: 0, high: 255), .normalize(mean: 0.1307, std: 0.3081)],
                read: { folder, options in try idxSplits("mnist", folder, classNames: (0..<10).map(String.init), options) }),
            DatasetEntry(
                name: "fashion-mnist", folder: "fashion-mnist", title: "Fashion-MNIST clothing, 28×28 grey",
                files: [
                    idx("train-images-idx3-ubyte.gz", 26_421_880, "3aede38d61863908ad78613f6a32ed271626dd12800ba2636569512369268a84", fashionURLs),
                    idx("train-labels-idx1-ubyte.gz", 29_515, "a04f17134ac03560a47e3764e11b92fc97de4d1bfaf8ba1a3aa29af54cc90845", fashionURLs),
                    idx("t10k-images-idx3-ubyte.gz", 4_422_102, "346e55b948d973a97e58d2351dde16a484bd415d4595297633bb08f03db6a073", fashionURLs),
                    idx("t10k-labels-idx1-ubyte.gz", 5_148, "67da17c76eaffca5446c3361aaab5c3cd6d1c2608764d35dfb1850b086bf8dd5", fashionURLs),
                ], trainCount: 60_000, testCount: 10_000, sampleShape: [28, 28, 1], classCount: 10, homepage: "https://github.com/zalandoresearch/fashion-mnist",
                defaultPreprocessing: [.scale(low: 0, high: 255), .normalize(mean: 0.2860, std: 0.3530)],
                read: { folder, options in try idxSplits("fashion-mnist", folder, classNames: fashionClasses, options) }),
            DatasetEntry(
                name: "usps", folder: "usps", title: "USPS digits (ESL zip code data), 16×16 in [-1, 1]",
                files: [
                    idx("zip.train.gz", 1_829_071, "66ebf231ab51f2cf6ac1a892d0f98ccffee1079d7a5db638c1f11f366046ca16", uspsURLs),
                    idx("zip.test.gz", 439_208, "8dacc3c6e136af6c3488de9e5113a7daf140c8c2f1f0b61c54ee02f03f1a962f", uspsURLs),
                ], trainCount: 7_291, testCount: 2_007, sampleShape: [16, 16, 1], classCount: 10, homepage: "https://hastie.su.domains/ElemStatLearn/data.html",
                defaultPreprocessing: [],  // already in [−1, 1]
                read: { folder, _ in
                    DatasetSplits(
                        train: try USPSReader.load(folder.appendingPathComponent("zip.train.gz"), name: "usps/train"),
                        test: try USPSReader.load(folder.appendingPathComponent("zip.test.gz"), name: "usps/test"))
                }),
            DatasetEntry(
                name: "cifar10", folder: "cifar10", title: "CIFAR-10 tiny images, 32×32 colour (binary version)",
                files: cifarFiles.map { DatasetFile($0, size: 30_730_000, sha256: nil, urls: []) }
                    + [DatasetFile("batches.meta.txt", size: 61, sha256: nil, urls: [])],
                trainCount: 50_000, testCount: 10_000, sampleShape: [32, 32, 3], classCount: 10,
                homepage: "https://www.cs.toronto.edu/~kriz/cifar.html",
                manualNote: "Download https://www.cs.toronto.edu/~kriz/cifar-10-binary.tar.gz and extract the files of its cifar-10-batches-bin/ folder there",
                defaultPreprocessing: [.scale(low: 0, high: 255)],
                read: { folder, _ in try CIFAR10Reader.load(directory: folder) }),
            DatasetEntry(
                name: "iris", folder: "iris", title: "Iris flowers (Fisher 1936), 4 features",
                files: [sk("iris.csv", 2_734, "f13ffa8fdd56fd8e6c8d16d4081a3fbd3114bcd0aae4256c43205169cd9d1449")],
                trainCount: 150, testCount: nil, sampleShape: [4], classCount: 3, homepage: "https://archive.ics.uci.edu/dataset/53/iris",
                defaultPreprocessing: [.standardize],
                read: { folder, _ in try sklearnTable("iris", "iris.csv", folder) }),
            DatasetEntry(
                name: "digits", folder: "sklearn-digits", title: "Optical digits 8×8 (UCI optdigits test set), 0..16",
                files: [sk("digits.csv.gz", 57_523, "09f66e6debdee2cd2b5ae59e0d6abbb73fc2b0e0185d2e1957e9ebb51e23aa22")],
                trainCount: 1_797, testCount: nil, sampleShape: [8, 8, 1], classCount: 10, homepage: "https://archive.ics.uci.edu/dataset/80",
                defaultPreprocessing: [.standardize],
                read: { folder, _ in
                    let (bytes, path) = try read("digits.csv.gz", folder)
                    return DatasetSplits(train: try TabularDatasets.digits(bytes, file: path), test: nil)
                }),
            DatasetEntry(
                name: "breast-cancer", folder: "breast-cancer-wisconsin", title: "Breast Cancer Wisconsin (diagnostic), 30 features",
                files: [sk("breast_cancer.csv", 119_913, "fed3eb72d0575ef6192293f5093c6e801b1476b577d0386bf4455504522172ed")],
                trainCount: 569, testCount: nil, sampleShape: [30], classCount: 2, homepage: "https://archive.ics.uci.edu/dataset/17",
                defaultPreprocessing: [.standardize],
                read: { folder, _ in try sklearnTable("breast-cancer", "breast_cancer.csv", folder) }),
            DatasetEntry(
                name: "wine", folder: "wine", title: "Wine recognition, 13 features",
                files: [sk("wine_data.csv", 11_157, "10e8a802908b34f86e5da8ce962f3c806694bc98450a18f61851af59f324bede")],
                trainCount: 178, testCount: nil, sampleShape: [13], classCount: 3, homepage: "https://archive.ics.uci.edu/dataset/109/wine",
                defaultPreprocessing: [.standardize],
                read: { folder, _ in try sklearnTable("wine", "wine_data.csv", folder) }),
            DatasetEntry(
                name: "diabetes", folder: "diabetes", title: "Diabetes progression (LARS paper), 10 raw features",
                files: [
                    sk("diabetes_data_raw.csv.gz", 7_073, "7fc0ded571454b1982210d3bb43f0aca44eae01a0b8654a3b24022bdb6b38009"),
                    sk("diabetes_target.csv.gz", 1_050, "8e53f65eb811df43c206f3534bb3af0e5fed213bc37ed6ba36310157d6023803"),
                ], trainCount: 442, testCount: nil, sampleShape: [10], classCount: nil, homepage: "https://www4.stat.ncsu.edu/~boos/var.select/diabetes.html",
                defaultPreprocessing: [.standardize, .standardizeTargets],
                read: { folder, _ in
                    let (data, dataPath) = try read("diabetes_data_raw.csv.gz", folder), (target, targetPath) = try read("diabetes_target.csv.gz", folder)
                    return DatasetSplits(train: try TabularDatasets.diabetes(data: data, dataFile: dataPath, target: target, targetFile: targetPath), test: nil)
                }),
            DatasetEntry(
                name: "boston", folder: "boston-housing", title: "Boston housing (1978), 13 features → MEDV",
                files: [
                    DatasetFile(
                        "boston_house_prices.csv", size: 34_742, sha256: "d98212636026544fc9b9c0f372e5f819872e6fa6fa757ab025efdda22180f2d6",
                        urls: ["https://raw.githubusercontent.com/scikit-learn/scikit-learn/1.1.3/sklearn/datasets/data/boston_house_prices.csv"])
                ],
                trainCount: 506, testCount: nil, sampleShape: [13], classCount: nil, homepage: "http://lib.stat.cmu.edu/datasets/boston",
                defaultPreprocessing: [.standardize, .standardizeTargets],
                read: { folder, _ in
                    let (bytes, path) = try read("boston_house_prices.csv", folder)
                    return DatasetSplits(train: try TabularDatasets.boston(bytes, file: path), test: nil)
                }),
            DatasetEntry(
                name: "california", folder: "california-housing", title: "California housing (Géron), 8 numeric + ocean proximity → value",
                files: [
                    DatasetFile(
                        "housing.csv", size: 1_423_529, sha256: "8a3727f4cf54ac1a327f69b1d5b4db54c5834ea81c6e4efc0d163300022a685e",
                        urls: ["https://raw.githubusercontent.com/ageron/handson-ml2/1e2115277b50f6c584cd668fa30e3af309a5b136/datasets/housing/housing.csv"])
                ],
                trainCount: 20_640, testCount: nil, sampleShape: [13], classCount: nil, homepage: "https://github.com/ageron/handson-ml2",
                defaultPreprocessing: [.standardize, .standardizeTargets],
                read: { folder, options in
                    let (bytes, path) = try read("housing.csv", folder)
                    return DatasetSplits(train: try TabularDatasets.california(bytes, file: path, missing: options.missingValues), test: nil)
                }),
            DatasetEntry(
                name: "air-passengers", folder: "air-passengers", title: "Airline passengers 1949–1960, monthly (12-month windows)",
                files: [
                    DatasetFile(
                        "airline-passengers.csv", size: 2_180, sha256: "8cb51be753a718d9be5d76d7e238cc224792754676adc21faa59e954b0201621",
                        urls: ["https://raw.githubusercontent.com/jbrownlee/Datasets/d20fcb6402ae34e653d4513b00f39257bb37ed7f/airline-passengers.csv"])
                ],
                trainCount: 108, testCount: 24, sampleShape: [12], classCount: nil, homepage: "https://github.com/jbrownlee/Datasets",
                defaultPreprocessing: [.standardize, .standardizeTargets],
                read: { folder, options in
                    let (bytes, path) = try read("airline-passengers.csv", folder)
                    return try TabularDatasets.airPassengers(bytes, file: path, window: options.window, testMonths: options.testMonths)
                }),
        ]
    }
}
