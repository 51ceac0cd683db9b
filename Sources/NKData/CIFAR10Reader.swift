// CIFAR10Reader: the binary version of CIFAR-10 (data_batch_1..5.bin, test_batch.bin, batches.meta.txt).

import Foundation
import NKCore

/// Reads CIFAR-10 binary batches: records of 1 label byte followed by 3,072 pixel bytes, channel-planar
/// (1,024 red, then 1,024 green, then 1,024 blue, each 32×32 row-major). Images become
/// `(n, 32, 32, 3)` (height × width × channels, values 0…255); labels `(n, 1)`.
public enum CIFAR10Reader {
    /// Bytes per record: 1 label + 3 × 32 × 32 pixels.
    public static let recordSize = 3073
    /// The class names of CIFAR-10, as in `batches.meta.txt`.
    public static let defaultClassNames = ["airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck"]

    /// Parses one batch file's bytes.
    ///
    /// - Throws: `NeuralKitError(.data, …)` naming `file` when the size is not a positive multiple of
    ///   3,073 bytes (giving the byte offset of the incomplete record) or a label is not below `classes`.
    public static func parse(_ bytes: [UInt8], file: String, classes: Int = 10) throws -> (images: Tensor, labels: Tensor) {
        guard !bytes.isEmpty, bytes.count % recordSize == 0 else {
            let complete = bytes.count / recordSize
            throw NeuralKitError(
                .data, "CIFAR-10 file '\(file)': \(bytes.count) bytes is not a whole number of \(recordSize)-byte records (the record at byte offset \(complete * recordSize) is incomplete).")
        }
        let n = bytes.count / recordSize
        var labels = [Float](repeating: 0, count: n)
        let images = try bytes.withUnsafeBufferPointer { src in
            try Tensor(uninitializedShape: [n, 32, 32, 3]) { out in
                for r in 0..<n {
                    let record = r * recordSize
                    guard Int(src[record]) < classes else {
                        throw NeuralKitError(.data, "CIFAR-10 file '\(file)': label \(src[record]) at byte offset \(record) is not a class index below \(classes).")
                    }
                    labels[r] = Float(src[record])
                    for c in 0..<3 {
                        for p in 0..<1024 { out[r * 3072 + p * 3 + c] = Float(src[record + 1 + c * 1024 + p]) }  // CHW → HWC
                    }
                }
            }
        }
        return (images, Tensor(shape: [n, 1], scalars: labels))
    }

    /// Class names from `batches.meta.txt` (one per line, blank lines ignored).
    public static func classNames(metaText bytes: [UInt8]) -> [String] {
        String(decoding: bytes, as: UTF8.self).split(whereSeparator: \.isNewline)
            .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    /// Reads `data_batch_1…5.bin` and `test_batch.bin` from `directory` (and the class names from
    /// `batches.meta.txt` when present).
    public static func load(directory: URL) throws -> DatasetSplits {
        let metaURL = directory.appendingPathComponent("batches.meta.txt")
        var names = defaultClassNames
        if FileManager.default.fileExists(atPath: metaURL.path) {
            let read = classNames(metaText: try DataFile.readRaw(metaURL))
            guard read.count == 10 else {
                throw NeuralKitError(.data, "CIFAR-10 file '\(metaURL.path)': \(read.count) class names, expected 10.")
            }
            names = read
        }
        func part(_ files: [String], _ name: String) throws -> Dataset {
            var images = [Float](), labels = [Float]()
            for f in files {
                let url = directory.appendingPathComponent(f)
                let (x, y) = try parse(DataFile.read(url), file: url.path)
                images += x.scalars
                labels += y.scalars
            }
            return Dataset(
                name: name, inputs: Tensor(shape: [labels.count, 32, 32, 3], scalars: images),
                targets: Tensor(shape: [labels.count, 1], scalars: labels), classNames: names)
        }
        return DatasetSplits(
            train: try part((1...5).map { "data_batch_\($0).bin" }, "cifar10/train"),
            test: try part(["test_batch.bin"], "cifar10/test"))
    }
}
