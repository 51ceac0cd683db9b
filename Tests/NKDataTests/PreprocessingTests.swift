// Tests for preprocessing (statistics from the training part only), splits, limits, one-hot and batches.

import Testing
import NeuralKit

@Suite struct PreprocessingTests {
    typealias S = DataTestSupport

    static func splits() -> DatasetSplits {
        // Train: feature 0 = 1, 3 (mean 2, std 1); feature 1 constant 5. Test: different values.
        let train = Dataset(name: "t/train", inputs: Tensor(shape: [2, 2], scalars: [1, 5, 3, 5]), targets: Tensor(shape: [2, 1], scalars: [0, 1]), classNames: ["a", "b"])
        let test = Dataset(name: "t/test", inputs: Tensor(shape: [1, 2], scalars: [4, 6]), targets: Tensor(shape: [1, 1], scalars: [1]), classNames: ["a", "b"])
        return DatasetSplits(train: train, test: test)
    }

    @Test func standardizeUsesTrainingStatisticsOnly() throws {
        let p = try Self.splits().preprocessed([.standardize])
        #expect(p.train.inputs.scalars == [-1, 0, 1, 0])  // constant feature: std kept at 1
        #expect(p.test?.inputs.scalars == [2, 1])  // (4 − 2)/1, (6 − 5)/1 with train stats
    }

    @Test func meanImageScaleAndBinarize() throws {
        let m = try Self.splits().preprocessed([.subtractMeanImage])
        #expect(m.train.inputs.scalars == [-1, 0, 1, 0] && m.test?.inputs.scalars == [2, 1])
        let s = try Self.splits().preprocessed([.scale(low: 1, high: 5), .binarize(threshold: 0.5)])
        #expect(s.train.inputs.scalars == [0, 1, 0, 1] && s.test?.inputs.scalars == [1, 1])
        #expect(Self.splits().train.scaledToUnitRange(low: 1, high: 5).inputs.scalars == [0, 1, 0.5, 1])
    }

    @Test func standardizeTargetsOnlyForRegression() throws {
        S.expectError("t/train", "regression") { _ = try Self.splits().preprocessed([.standardizeTargets]) }
        let r = Dataset(name: "r", inputs: Tensor(shape: [2, 1], scalars: [0, 0]), targets: Tensor(shape: [2, 1], scalars: [10, 30]))
        let p = try DatasetSplits(train: r, test: r).preprocessed([.standardizeTargets])
        #expect(p.train.targets.scalars == [-1, 1])
        let s = Standardization(fitting: r.targets)
        #expect(s.invert(p.train.targets).scalars == [10, 30])
    }

    @Test func parsesCLISpellings() throws {
        #expect(try PreprocessingStep.parse("scale:0:255") == .scale(low: 0, high: 255))
        #expect(try PreprocessingStep.parse("binarize") == .binarize(threshold: 0.5))
        #expect(try PreprocessingStep.parse("binarize:0.3") == .binarize(threshold: 0.3))
        #expect(try PreprocessingStep.parse("normalize:0.5:0.25") == .scale(low: 0.5, high: 0.75))
        #expect(throws: NeuralKitError.self) { try PreprocessingStep.parse("normalize:0.5:0") }
        #expect(try PreprocessingStep.parse("mean-image") == .subtractMeanImage)
        S.expectError("scale:5:1", "expected") { _ = try PreprocessingStep.parse("scale:5:1") }
        S.expectError("whiten") { _ = try PreprocessingStep.parse("whiten") }
    }

    @Test func oneHotSplitLimitAndBatches() throws {
        let n = 10
        let d = Dataset(
            name: "d", inputs: Tensor(shape: [n, 2, 1], scalars: (0..<(2 * n)).map(Float.init)),
            targets: Tensor(shape: [n, 1], scalars: (0..<n).map { Float($0 % 3) }), classNames: ["x", "y", "z"])
        let oneHot = try d.oneHotTargets()
        #expect(oneHot.shape == [10, 3] && oneHot[4, 1] == 1 && oneHot.scalars.reduce(0, +) == 10)
        #expect(d.flatInputs.shape == [10, 2] && d.sampleShape == [2, 1])

        let (a, b) = try d.split(validationFraction: 0.3, seed: 7)
        let (a2, _) = try d.split(validationFraction: 0.3, seed: 7)
        #expect(a.count == 7 && b.count == 3 && a.inputs == a2.inputs)
        #expect(Set(a.inputs.scalars + b.inputs.scalars).count == 2 * n)  // a partition of the samples
        S.expectError("d", "[0, 1)") { _ = try d.split(validationFraction: 1, seed: 0) }

        #expect(try d.limited(to: 4).count == 4 && d.limited(to: nil).count == 10 && d.limited(to: 99).count == 10)
        S.expectError("d", "at least 1") { _ = try d.limited(to: 0) }

        var rng = RandomGenerator(seed: 3)
        let batches = Array(Batches(d, size: 4, shuffle: true, using: &rng))
        #expect(batches.map { $0.inputs.shape[0] } == [4, 4, 2])
        #expect(batches[0].inputs.shape == [4, 2, 1])
        let seen = batches.flatMap { $0.inputs.scalars }.sorted()
        #expect(seen == (0..<(2 * n)).map(Float.init))  // every sample exactly once
        // Inputs and targets stay paired: sample k has inputs (2k, 2k+1) and target k % 3.
        for (x, y) in batches { for r in 0..<y.count { #expect(y.scalars[r] == Float(Int(x.scalars[2 * r] / 2) % 3)) } }
    }
}

/// The data set is held once: splitting and preprocessing work within the samples' own storage.
@Suite struct InPlaceDataTests {
    static func dataset(_ n: Int = 23) -> Dataset {
        var rng = RandomGenerator(seed: 8)
        return Dataset(
            name: "d", inputs: Tensor.uniform([n, 2, 3], low: 0, high: 255, using: &rng),
            targets: Tensor(shape: [n, 1], scalars: (0..<n).map { Float($0 % 4) }), classNames: ["a", "b", "c", "d"])
    }

    static func address(_ t: Tensor) -> UnsafePointer<Float>? { t.withUnsafeBufferPointer { $0.baseAddress } }

    @Test func splitOffEqualsSplit() throws {
        for fraction in [0.0, 0.2, 0.5] {
            let (train, validation) = try Self.dataset().split(validationFraction: fraction, seed: 11)
            var kept = Self.dataset()
            let held = try kept.splitOff(validationFraction: fraction, seed: 11)
            #expect(kept.inputs == train.inputs && kept.targets == train.targets && kept.name == train.name)
            #expect(held.inputs == validation.inputs && held.targets == validation.targets && held.name == validation.name)
        }
        var d = Self.dataset()
        #expect(throws: NeuralKitError.self) { try d.splitOff(validationFraction: 1, seed: 0) }
    }

    @Test func splitOffKeepsTheTrainingRowsInTheirStorage() throws {
        var d = Self.dataset()
        let before = Self.address(d.inputs)
        _ = try d.splitOff(validationFraction: 0.3, seed: 2)
        #expect(Self.address(d.inputs) == before)
    }

    @Test func fittingInPlaceEqualsFittingAndCopiesNothing() throws {
        let steps: [PreprocessingStep] = [.scale(low: 0, high: 255), .standardize, .subtractMeanImage]
        let (fitted, expected) = try FittedPreprocessing.fit(steps, on: Self.dataset())
        var d = Self.dataset()
        let before = Self.address(d.inputs)
        let inPlace = try FittedPreprocessing.fit(steps, inPlace: &d)
        #expect(inPlace == fitted)
        #expect(d.inputs == expected.inputs)
        #expect(Self.address(d.inputs) == before)
        var other = Self.dataset(5)
        try fitted.apply(inPlace: &other)
        #expect(other.inputs == (try fitted.apply(to: Self.dataset(5))).inputs)
    }
}
