// Tests for the IDX, USPS, CIFAR-10 and table readers on small synthetic files, errors included.

import Foundation
import Testing
import NeuralKit
@testable import NKData

@Suite struct ReaderTests {
    typealias S = DataTestSupport

    static func idxImages(_ n: Int, _ rows: Int, _ cols: Int) -> [UInt8] {
        [0, 0, 8, 3] + S.be32(n) + S.be32(rows) + S.be32(cols) + (0..<(n * rows * cols)).map { UInt8($0 % 256) }
    }

    @Test func idxImagesAndLabels() throws {
        let x = try IDXReader.images(Self.idxImages(2, 3, 4), file: "i.idx")
        #expect(x.shape == [2, 3, 4, 1])
        #expect(x.scalars[13] == 13 && x.scalars[23] == 23)  // row-major: image 1, row 0, column 1 is byte 13
        let y = try IDXReader.labels([0, 0, 8, 1] + S.be32(3) + [7, 0, 9], file: "l.idx")
        #expect(y.shape == [3, 1] && y.scalars == [7, 0, 9])
    }

    @Test func idxErrors() {
        S.expectError("i.idx", "magic", "2051") { _ = try IDXReader.images([0, 0, 9, 3] + S.be32(1) + S.be32(1) + S.be32(1) + [0], file: "i.idx") }
        S.expectError("i.idx", "expected 3") { _ = try IDXReader.images([0, 0, 8, 1] + S.be32(1) + [0], file: "i.idx") }
        S.expectError("i.idx", "truncated") { _ = try IDXReader.images(Array(Self.idxImages(2, 3, 4).dropLast(5)), file: "i.idx") }
        S.expectError("i.idx", "24", "25") { _ = try IDXReader.images(Self.idxImages(2, 3, 4) + [1], file: "i.idx") }
        S.expectError("i.idx", "header") { _ = try IDXReader.images([0, 0, 8, 3, 0, 0], file: "i.idx") }
        S.expectError("i.idx", "too short") { _ = try IDXReader.images([0, 0], file: "i.idx") }
        // The label at payload index 1 sits at byte offset 9, after the 8-byte header.
        S.expectError("l.idx", "label 12", "byte offset 9") { _ = try IDXReader.labels([0, 0, 8, 1] + S.be32(2) + [3, 12], file: "l.idx") }
        // A huge count with a tiny payload must not allocate or crash.
        S.expectError("i.idx", "too large") { _ = try IDXReader.images([0, 0, 8, 3] + S.be32(0x7FFF_FFFF) + S.be32(0x7FFF_FFFF) + S.be32(0x7FFF_FFFF), file: "i.idx") }
        S.expectError("i.idx", "1000000000 bytes", "holds 2") { _ = try IDXReader.images([0, 0, 8, 3] + S.be32(1000) + S.be32(1000) + S.be32(1000) + [1, 2], file: "i.idx") }
    }

    @Test func uspsBothNumberFormats() throws {
        // zip.train style: 4 decimals and a trailing space; zip.test style: shortest form.
        let values = (0..<256).map { Float($0 % 9) / 4 - 1 }  // in [-1, 1]
        let trainLine = "6.0000 " + values.map { String(format: "%.4f", $0) }.joined(separator: " ") + " \n"
        let testLine = "9 " + values.map { "\($0)" }.joined(separator: " ") + "\n"
        let train = try USPSReader.parse(Array((trainLine + trainLine).utf8), file: "zip.train")
        let test = try USPSReader.parse(Array(testLine.utf8), file: "zip.test")
        #expect(train.inputs.shape == [2, 16, 16, 1] && test.inputs.shape == [1, 16, 16, 1])
        #expect(train.targets.scalars == [6, 6] && test.targets.scalars == [9])
        #expect(train.inputs.scalars[0..<256].elementsEqual(values) && test.inputs.scalars.elementsEqual(values))
        #expect(train.classHistogram[6] == 2)
    }

    @Test func uspsErrors() {
        let ok = (0..<256).map { _ in "0" }.joined(separator: " ")
        S.expectError("zip.x", "257") { _ = try USPSReader.parse(Array("1 0 0\n".utf8), file: "zip.x") }
        S.expectError("zip.x", "line 2") { _ = try USPSReader.parse(Array("1 \(ok)\n2 \(ok) 0\n".utf8), file: "zip.x") }
        S.expectError("zip.x", "line 1", "not numeric") { _ = try USPSReader.parse(Array("1 x \(ok.dropFirst(2))\n3 \(ok)\n".utf8), file: "zip.x") }
        S.expectError("zip.x", "label 11") { _ = try USPSReader.parse(Array("11 \(ok)\n".utf8), file: "zip.x") }
        S.expectError("zip.x", "outside") { _ = try USPSReader.parse(Array("1 3 \(ok.dropFirst(2))\n".utf8), file: "zip.x") }
    }

    @Test func cifarRecordsBecomeHeightWidthChannels() throws {
        // Two records: label, then R plane, G plane, B plane (each 32×32 row-major).
        var bytes = [UInt8]()
        for (label, base) in [(3, 0), (9, 100)] {
            bytes.append(UInt8(label))
            for c in 0..<3 { for p in 0..<1024 { bytes.append(UInt8((base + c * 50 + p % 7) % 256)) } }
        }
        let (x, y) = try CIFAR10Reader.parse(bytes, file: "data_batch_1.bin")
        #expect(x.shape == [2, 32, 32, 3] && y.scalars == [3, 9])
        // Image 1, pixel (row 1, column 2) = p 34: R = 100 + 34 % 7, G = 150 + 6, B = 200 + 6.
        let pixel = 1 * 3072 + (1 * 32 + 2) * 3
        #expect(Array(x.scalars[pixel..<(pixel + 3)]) == [106, 156, 206])
        S.expectError("b.bin", "byte offset 3073") { _ = try CIFAR10Reader.parse(Array(bytes.dropLast()), file: "b.bin") }
        S.expectError("b.bin", "label 10") {
            var b = bytes; b[0] = 10; _ = try CIFAR10Reader.parse(b, file: "b.bin")
        }
        #expect(CIFAR10Reader.classNames(metaText: Array("airplane\nautomobile\n\n".utf8)) == ["airplane", "automobile"])
    }

    @Test func cifarDirectoryWithMetaFile() throws {
        let dir = try S.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let record = [UInt8(2)] + [UInt8](repeating: 7, count: 3072)
        for f in (1...5).map({ "data_batch_\($0).bin" }) + ["test_batch.bin"] { try Data(record + record).write(to: dir.appendingPathComponent(f)) }
        try Data(CIFAR10Reader.defaultClassNames.map { $0.uppercased() }.joined(separator: "\n").utf8).write(to: dir.appendingPathComponent("batches.meta.txt"))
        let splits = try CIFAR10Reader.load(directory: dir)
        #expect(splits.train.count == 10 && splits.test?.count == 2)
        #expect(splits.train.classNames?[0] == "AIRPLANE" && splits.train.classHistogram[2] == 10)
    }

    @Test func sklearnTables() throws {
        let text = "3,2,a,b\n1.5,2,0\n3,4,1\n5,6,1\n"
        let d = try TabularDatasets.sklearnClassification(Array(text.utf8), file: "t.csv", name: "t")
        #expect(d.inputs == Tensor(shape: [3, 2], scalars: [1.5, 2, 3, 4, 5, 6]))
        #expect(d.classNames == ["a", "b"] && d.classHistogram == [1, 2])
        S.expectError("t.csv", "4 samples") { _ = try TabularDatasets.sklearnClassification(Array("4,2,a,b\n1,2,0\n".utf8), file: "t.csv", name: "t") }
        S.expectError("t.csv", "class 2") { _ = try TabularDatasets.sklearnClassification(Array("1,2,a,b\n1,2,2\n".utf8), file: "t.csv", name: "t") }
        S.expectError("t.csv", "line 3", "column 1") { _ = try TabularDatasets.sklearnClassification(Array("2,2,a,b\n1,2,0\nq,2,1\n".utf8), file: "t.csv", name: "t") }
        S.expectError("t.csv", "line 1") { _ = try TabularDatasets.sklearnClassification(Array("x,y,z\n1,2,0\n".utf8), file: "t.csv", name: "t") }
    }

    @Test func bostonTwoHeaderLines() throws {
        let text = "2,3,,,\n\"A\",\"B\",\"C\",\"MEDV\"\n1,2,3,24\n4,5,6,21.6\n"
        let d = try TabularDatasets.boston(Array(text.utf8), file: "b.csv")
        #expect(d.inputs.shape == [2, 3] && d.targets.scalars == [24, 21.6])
        #expect(d.featureNames == ["A", "B", "C"] && !d.isClassification)
    }

    @Test func californiaMissingValuePolicies() throws {
        let header = "longitude,latitude,housing_median_age,total_rooms,total_bedrooms,population,households,median_income,median_house_value,ocean_proximity\n"
        let rows = "1,2,3,4,10,6,7,8,100,INLAND\n1,2,3,4,,6,7,8,200,NEAR BAY\n1,2,3,4,20,6,7,8,300,INLAND\n"
        let bytes = Array((header + rows).utf8)
        let imputed = try TabularDatasets.california(bytes, file: "h.csv", missing: .imputeMean)
        #expect(imputed.inputs.shape == [3, 10] && imputed.targets.scalars == [100, 200, 300])
        #expect(imputed.inputs[1, 4] == 15)  // mean of 10 and 20
        #expect(Array(imputed.inputs.scalars[8..<10]) == [1, 0])  // INLAND, NEAR BAY sorted
        let dropped = try TabularDatasets.california(bytes, file: "h.csv", missing: .drop)
        #expect(dropped.count == 2 && dropped.targets.scalars == [100, 300])
        S.expectError("h.csv", "line 3", "total_bedrooms") { _ = try TabularDatasets.california(bytes, file: "h.csv", missing: .error) }
        S.expectError("h.csv", "line 2", "'x'") { _ = try TabularDatasets.california(Array((header + "x,2,3,4,5,6,7,8,9,A\n").utf8), file: "h.csv", missing: .drop) }
    }

    @Test func airPassengersCRLFQuotedMonthsAndWindows() throws {
        let text = "\"Month\",\"Passengers\"\r\n" + (1...20).map { "\"1949-\(String(format: "%02d", $0))\",\(100 + $0)" }.joined(separator: "\r\n")
        let (months, values) = try TabularDatasets.airPassengerSeries(Array(text.utf8), file: "a.csv")
        #expect(months.first == "1949-01" && values.count == 20 && values.last == 120)
        let splits = try TabularDatasets.airPassengers(Array(text.utf8), file: "a.csv", window: 3, testMonths: 5)
        #expect(splits.train.count == 12 && splits.test?.count == 5)
        #expect(splits.train.inputs.scalars[0..<3].elementsEqual([101, 102, 103]) && splits.train.targets.scalars[0] == 104)
        #expect(splits.test?.targets.scalars.last == 120)
        S.expectError("a.csv", "line 2") { _ = try TabularDatasets.airPassengerSeries(Array("\"Month\",\"P\"\r\n\"1949-01\",abc\r\n".utf8), file: "a.csv") }
    }

    @Test func csvTextClassLabels() throws {
        let t = try CSVTable.parse("x,y,species\n1,2,setosa\n3,4,virginica\n5,6,setosa\n", file: "c.csv", classLabels: true)
        #expect(t.classNames == ["setosa", "virginica"] && t.targets.scalars == [0, 1, 0])
        let noHeader = try CSVTable.parse("1,2,b\n3,4,a\n", file: "c.csv", classLabels: true)
        #expect(noHeader.columnNames == nil && noHeader.classNames == ["a", "b"] && noHeader.targets.scalars == [1, 0])
        let numeric = try CSVTable.parse("1,10\n2,9\n3,10\n", file: "c.csv", classLabels: true)
        #expect(numeric.classNames == ["9", "10"] && numeric.targets.scalars == [1, 0, 1])  // sorted as numbers
        S.expectError("c.csv", "exactly one") { _ = try CSVTable.parse("1,2,3\n", targets: 2, file: "c.csv", classLabels: true) }
        S.expectError("c.csv", "line 2", "'q'") { _ = try CSVTable.parse("1,2,a\nq,2,b\n", file: "c.csv", classLabels: true) }
    }
}

/// IDX images inflated straight into their Float storage equal the general path's, errors included.
@Suite struct InPlaceImageReadingTests {
    typealias S = DataTestSupport

    /// A gzip file of stored (uncompressed) DEFLATE blocks; `members` copies of `data` back to back.
    static func gzip(_ data: [UInt8], members: Int = 1) -> [UInt8] {
        var member: [UInt8] = [0x1F, 0x8B, 8, 0, 0, 0, 0, 0, 0, 3]
        var start = 0
        repeat {
            let end = min(data.count, start + 65_535), length = end - start
            member += [end == data.count ? 1 : 0, UInt8(length & 0xFF), UInt8(length >> 8), UInt8(~length & 0xFF), UInt8((~length >> 8) & 0xFF)]
            member += data[start..<end]
            start = end
        } while start < data.count
        let crc = CRC32.checksum(data), size = data.count
        member += [0, 8, 16, 24].map { UInt8((crc >> UInt32($0)) & 0xFF) } + [0, 8, 16, 24].map { UInt8((size >> $0) & 0xFF) }
        return Array(repeating: member, count: members).flatMap { $0 }
    }

    static func write(_ bytes: [UInt8], _ name: String) throws -> URL {
        let url = try S.temporaryDirectory().appendingPathComponent(name)
        try Data(bytes).write(to: url)
        return url
    }

    @Test(arguments: [(1, 4, 23), (3, 8, 8), (100, 28, 28), (2, 1, 46)])
    func inflatingIntoTheTensorEqualsTheGeneralPath(n: Int, rows: Int, cols: Int) throws {
        let idx = ReaderTests.idxImages(n, rows, cols)
        let url = try Self.write(Self.gzip(idx), "images.gz")
        let expected = try IDXReader.images(idx, file: "images")
        #expect(try IDXReader.widenedImages(gzip: Self.gzip(idx), file: "images.gz") == expected)  // the in-place path answers
        let direct = try IDXReader.images(contentsOf: url)
        #expect(direct == expected)
        #expect(direct.shape == [n, rows, cols, 1])
        #expect(try IDXReader.images(contentsOf: try Self.write(idx, "images.idx")) == expected)
    }

    @Test func otherFilesTakeTheGeneralPath() throws {
        let idx = ReaderTests.idxImages(2, 8, 8)
        // Two members: the general path concatenates them (and then finds too many bytes).
        let twice = try Self.write(Self.gzip(idx, members: 2), "twice.gz")
        #expect(try IDXReader.widenedImages(gzip: Self.gzip(idx, members: 2), file: "twice.gz") == nil)
        S.expectError("twice.gz", "128", "272") { _ = try IDXReader.images(contentsOf: twice) }
        // A damaged CRC-32 is reported the same way on both paths.
        var damaged = Self.gzip(idx)
        damaged[damaged.count - 8] ^= 1
        let url = try Self.write(damaged, "damaged.gz")
        S.expectError("damaged.gz", "CRC-32") { _ = try IDXReader.images(contentsOf: url) }
        S.expectError("damaged.gz", "CRC-32") { _ = try Gzip.decompress(damaged, file: url.path) }
        // Labels in an image file: the header check of the general path answers.
        let labels = try Self.write(Self.gzip([0, 0, 8, 1] + S.be32(200) + [UInt8](repeating: 1, count: 200)), "labels.gz")
        S.expectError("labels.gz", "expected 3") { _ = try IDXReader.images(contentsOf: labels) }
    }

    /// With a limit only the first images become Floats; the result is the limited whole set, and
    /// the files are still checked whole.
    @Test func limitedLoadEqualsLoadThenLimit() throws {
        let images = try Self.write(Self.gzip(ReaderTests.idxImages(5, 4, 23)), "images.gz")
        let labels = try Self.write(Self.gzip([0, 0, 8, 1] + S.be32(5) + [3, 1, 4, 1, 5]), "labels.gz")
        let classes = (0..<10).map(String.init)
        let whole = try IDXReader.load(images: images, labels: labels, name: "t", classNames: classes)
        for limit in [1, 3, 5, 9] {
            let limited = try IDXReader.load(images: images, labels: labels, name: "t", classNames: classes, limit: limit)
            let expected = try whole.limited(to: limit)
            #expect(limited.inputs == expected.inputs && limited.targets == expected.targets, "limit \(limit)")
        }
        let fewer = try Self.write(Self.gzip([0, 0, 8, 1] + S.be32(4) + [3, 1, 4, 1]), "fewer.gz")
        S.expectError("5 images but 4 labels") { _ = try IDXReader.load(images: images, labels: fewer, name: "t", classNames: classes, limit: 2) }
    }

    @Test func widenInPlaceConvertsEveryByte() {
        for (count, offset) in [(1, 0), (5, 16), (100, 16), (37, 3)] {
            let size = max(4 * count, offset + count)
            let storage = UnsafeMutableRawBufferPointer.allocate(byteCount: size, alignment: 4)
            defer { storage.deallocate() }
            let bytes = (0..<count).map { UInt8(($0 * 7 + 3) % 256) }
            for (i, b) in bytes.enumerated() { storage[offset + i] = b }
            IDXReader.widenInPlace(storage, count: count, offset: offset)
            let floats = (0..<count).map { storage.load(fromByteOffset: 4 * $0, as: Float.self) }
            #expect(floats == bytes.map(Float.init), "count \(count), offset \(offset)")
        }
    }
}
