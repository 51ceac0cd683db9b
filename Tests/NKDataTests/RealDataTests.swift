// Tests on the real published files in $NEURALKIT_DATA (else ../shared/data): counts, shapes,
// label histograms and known values. Skipped, with the reason, when a dataset's files are absent.
//
// The expected histograms are the ones the data READMEs give; the pixel values and sums were computed
// independently with a one-off Python/NumPy script (gzip + numpy.frombuffer / numpy.loadtxt) while
// writing these tests.

import Foundation
import Testing
import NeuralKit
import NKTestSupport

@Suite struct RealDataTests {
    typealias S = DataTestSupport
    static let dir = S.sharedData

    static func load(_ name: String) throws -> DatasetSplits { try DatasetRegistry.load(name, from: dir) }
    static func sum(_ t: Tensor, sample i: Int) -> Double {
        let d = t.rowSize
        return t.scalars[(i * d)..<((i + 1) * d)].reduce(0.0) { $0 + Double($1) }
    }

    @Test(.enabled(if: S.has("mnist"), SharedData.missing("mnist")))
    func mnist() throws {
        let m = try Self.load("mnist")
        guard let test = m.test else { Issue.record("no test part"); return }
        #expect(m.train.inputs.shape == [60_000, 28, 28, 1] && test.inputs.shape == [10_000, 28, 28, 1])
        #expect(m.train.classHistogram == [5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949])
        #expect(test.classHistogram == [980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009])
        #expect(m.train.targets.scalars[0] == 5 && m.train.targets.scalars[59_999] == 8 && test.targets.scalars[0] == 7)
        #expect(m.train.inputs.scalars[5 * 28 + 12] == 3 && m.train.inputs.scalars[14 * 28 + 14] == 240)
        #expect(Self.sum(m.train.inputs, sample: 0) == 27_525 && Self.sum(m.train.inputs, sample: 59_999) == 20_920)
        #expect(Self.sum(test.inputs, sample: 0) == 18_454)
        #expect(m.train.inputs.scalars.max() == 255 && m.train.inputs.scalars.min() == 0)
    }

    @Test(.enabled(if: S.has("fashion-mnist"), SharedData.missing("fashion-mnist")))
    func fashionMNIST() throws {
        let f = try Self.load("fashion-mnist")
        #expect(f.train.inputs.shape == [60_000, 28, 28, 1] && f.test?.count == 10_000)
        #expect(f.train.classHistogram == [Int](repeating: 6000, count: 10) && f.test?.classHistogram == [Int](repeating: 1000, count: 10))
        #expect(f.train.targets.scalars[0] == 9 && f.train.classNames?[9] == "Ankle boot")
        #expect(Self.sum(f.train.inputs, sample: 0) == 76_247)
    }

    @Test(.enabled(if: S.has("usps"), SharedData.missing("usps")))
    func usps() throws {
        let u = try Self.load("usps")
        guard let test = u.test else { Issue.record("no test part"); return }
        #expect(u.train.inputs.shape == [7291, 16, 16, 1] && test.inputs.shape == [2007, 16, 16, 1])
        #expect(u.train.classHistogram == [1194, 1005, 731, 658, 652, 556, 664, 645, 542, 644])
        #expect(test.classHistogram == [359, 264, 198, 166, 200, 160, 170, 147, 166, 177])
        #expect(u.train.targets.scalars[0] == 6 && test.targets.scalars[0] == 9)
        #expect(u.train.inputs.scalars[8 * 16 + 8] == 0.145 && test.inputs.scalars[8 * 16 + 8] == 0.905)
        #expect(abs(Self.sum(u.train.inputs, sample: 0) - -81.361) < 1e-3 && abs(Self.sum(test.inputs, sample: 0) - -116.645) < 1e-3)
        #expect(u.train.inputs.scalars.min() == -1 && u.train.inputs.scalars.max() == 1)
    }

    @Test(.enabled(if: S.has("digits") && S.has("iris") && S.has("wine") && S.has("breast-cancer"), SharedData.missing("digits", "iris", "wine", "breast-cancer")))
    func classificationTables() throws {
        let digits = try Self.load("digits").train
        #expect(digits.inputs.shape == [1797, 8, 8, 1] && digits.classHistogram == [178, 182, 177, 183, 181, 182, 181, 179, 174, 180])
        #expect(Self.sum(digits.inputs, sample: 0) == 294 && digits.inputs.scalars.max() == 16)
        let iris = try Self.load("iris").train
        #expect(iris.inputs.shape == [150, 4] && iris.classHistogram == [50, 50, 50] && iris.classNames == ["setosa", "versicolor", "virginica"])
        #expect(Array(iris.inputs.scalars[0..<4]) == [5.1, 3.5, 1.4, 0.2])
        let wine = try Self.load("wine").train
        #expect(wine.inputs.shape == [178, 13] && wine.classHistogram == [59, 71, 48])
        let cancer = try Self.load("breast-cancer").train
        #expect(cancer.inputs.shape == [569, 30] && cancer.classHistogram == [212, 357] && cancer.classNames == ["malignant", "benign"])
    }

    @Test(.enabled(if: S.has("diabetes") && S.has("boston") && S.has("california"), SharedData.missing("diabetes", "boston", "california")))
    func regressionTables() throws {
        let diabetes = try Self.load("diabetes").train
        #expect(diabetes.inputs.shape == [442, 10] && diabetes.targets.shape == [442, 1])
        #expect(Array(diabetes.inputs.scalars[0..<10]) == [59, 2, 32.1, 101.0, 157, 93.2, 38.0, 4.0, 4.8598, 87] && diabetes.targets.scalars[0] == 151)
        let boston = try Self.load("boston").train
        #expect(boston.inputs.shape == [506, 13] && boston.targets.scalars[0] == 24 && boston.featureNames?.first == "CRIM")
        let imputed = try Self.load("california").train
        #expect(imputed.inputs.shape == [20_640, 13])
        var options = DatasetRegistry.LoadOptions()
        options.missingValues = .drop
        let dropped = try DatasetRegistry.load("california", from: Self.dir, options: options).train
        #expect(dropped.count == 20_640 - 207)
        // A row with a missing total_bedrooms gets the mean of the 20,433 present values (537.8706).
        let bedrooms = (0..<imputed.count).map { imputed.inputs[$0, 4] }
        #expect(bedrooms.filter { abs($0 - 537.8706) < 1e-3 }.count == 207)
        // One-hot ocean proximity: 5 categories, one per row; 5 ISLAND rows.
        #expect(imputed.featureNames?.last == "ocean_proximity=NEAR OCEAN")
        #expect((0..<imputed.count).filter { imputed.inputs[$0, 10] == 1 }.count == 5)
    }

    @Test(.enabled(if: S.has("air-passengers"), SharedData.missing("air-passengers")))
    func airPassengers() throws {
        let url = Self.dir.appendingPathComponent("air-passengers/airline-passengers.csv")
        let (months, values) = try TabularDatasets.airPassengerSeries(DataFile.read(url), file: url.path)
        #expect(values.count == 144 && months.first == "1949-01" && months.last == "1960-12")
        #expect(values.first == 112 && values.last == 432 && values.min() == 104 && values.max() == 622 && values.reduce(0, +) == 40_363)
        let splits = try Self.load("air-passengers")
        #expect(splits.train.inputs.shape == [108, 12] && splits.test?.count == 24 && splits.test?.targets.scalars.last == 432)
    }

    @Test(.enabled(if: S.has("iris") && S.has("usps") && S.has("diabetes"), SharedData.missing("iris", "usps", "diabetes")))
    func checksumsVerify() throws {
        // The small and medium files (the 10–26 MB image files are left to `neuralkit datasets --verify`).
        for name in ["iris", "wine", "breast-cancer", "digits", "diabetes", "boston", "california", "air-passengers", "usps"] {
            let entry = try DatasetRegistry.entry(named: name)
            #expect(DatasetRegistry.status(of: entry, in: Self.dir, verify: true) == .verified, "\(name)")
        }
        #expect(DatasetRegistry.status(of: try DatasetRegistry.entry(named: "mnist"), in: Self.dir) == .present || !S.has("mnist"))
        #expect(DatasetRegistry.status(of: try DatasetRegistry.entry(named: "cifar10"), in: Self.dir) != .present)
    }
}
