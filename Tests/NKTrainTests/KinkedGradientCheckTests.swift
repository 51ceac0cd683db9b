// Gradient checks of nets with kinks (ReLU, max pooling): correct ones pass, broken ones still fail.

import Testing
import NeuralKit
import NKTestSupport

/// A ReLU (its forward, and its pieces held as the real one's) with a backward given by `rule(x, δ)`.
final class ReLUWithBackward: PiecewiseLinearModule, ShapePreservingModule {
    let inner = ReLU()
    let rule: @Sendable (Float, Float) -> Float
    init(_ rule: @escaping @Sendable (Float, Float) -> Float) { self.rule = rule }
    var pieceHolding: PieceHolding {
        get { inner.pieceHolding }
        set { inner.pieceHolding = newValue }
    }
    func forward(_ x: Tensor) throws -> Tensor { try inner.forward(x) }
    func backwardDelta(input: Tensor, delta: Tensor) throws -> Tensor {
        Tensor(shape: input.shape, scalars: zip(input.scalars, delta.scalars).map(rule))
    }
    var description: String { "ReLUWithBackward" }
}

/// A 2×2 max pooling whose backward spreads each gradient over its window (average pooling's backward).
final class MaxPoolWithAverageBackward: PiecewiseLinearModule {
    let inner = MaxPool2D(2)
    var pieceHolding: PieceHolding {
        get { inner.pieceHolding }
        set { inner.pieceHolding = newValue }
    }
    func outputShape(for s: [Int]) throws -> [Int] { try inner.outputShape(for: s) }
    func forward(_ x: Tensor) throws -> Tensor { try inner.forward(x) }
    func backwardDelta(input: Tensor, delta: Tensor) throws -> Tensor { try AvgPool2D(2).backwardDelta(input: input, delta: delta) }
    var description: String { "MaxPoolWithAverageBackward" }
}

@Suite struct KinkedGradientCheckTests {
    /// The README's ReLU and max-pool nets (smaller widths), on several seeds: no false alarm.
    @Test(arguments: [
        "Linear(20, 30) - ReLU() - Linear(30, 4)",
        "Reshape(12, 12, 1) - Conv2D(1, 6, 5) - ReLU() - MaxPool2D(2) - Flatten() - Linear(96, 4)",
        "Reshape(40, 1) - Conv1D(3, 1, 8, 1) - MaxPool1D(2, 2) - Flatten() - Linear(152, 10) - ReLU() - Linear(10, 4)",
        "Linear(10, 12) - LeakyReLU(alpha=0.2) - Linear(12, 3)",
    ])
    func correctNetsWithKinksPass(spec: String) throws {
        for seed in UInt64(0)..<6 {
            var rng = RandomGenerator(seed: seed)
            let model = try ModelNotation.parse(spec, using: &rng)
            let sample = try #require(model.inferredSampleShape)
            let width = try model.layerOutputShapes(sampleShape: sample, source: "test").last!.last!
            let x = Tensor.normal([3] + sample, using: &rng)
            let y = GradientCheck.randomTarget(for: .ce, batch: 3, width: width, using: &rng)
            let result = try GradientCheck.check(model, loss: CrossEntropyLoss(), input: x, target: y, options: .init(seed: seed))
            #expect(result.passed, "\(result)")
            #expect(result.worst!.worstRatio < 0.2, "a held piece makes the numeric derivative exact: \(result)")
            // The pieces are released afterwards: forward follows its input again.
            for case let m as any PiecewiseLinearModule in model.modules {
                if case .free = m.pieceHolding {} else { Issue.record("\(m) still holds its pieces") }
            }
        }
    }

    @Test func brokenReLUBackwardsFail() throws {
        var rng = RandomGenerator(seed: 71)
        let x = Tensor.normal([4, 6], using: &rng), y = GradientCheck.randomTarget(for: .ce, batch: 4, width: 3, using: &rng)
        for (name, rule) in [
            ("inverted mask", { @Sendable (x: Float, d: Float) in x > 0 ? 0 : d }),
            ("no mask", { @Sendable (_: Float, d: Float) in d }),
            ("half slope", { @Sendable (x: Float, d: Float) in x > 0 ? d / 2 : 0 }),
        ] {
            var build = RandomGenerator(seed: 72)
            let model = Sequential([Linear(6, 8, using: &build), ReLUWithBackward(rule), Linear(8, 3, using: &build)])
            let result = try GradientCheck.check(model, loss: CrossEntropyLoss(), input: x, target: y)
            #expect(!result.passed, "\(name): \(result)")
            #expect(result.entries.first { $0.name == "0.weight" }?.passed == false, "\(name): \(result)")
        }
        var build = RandomGenerator(seed: 72)
        let correct = Sequential([Linear(6, 8, using: &build), ReLUWithBackward({ x, d in x > 0 ? d : 0 }), Linear(8, 3, using: &build)])
        #expect(try GradientCheck.check(correct, loss: CrossEntropyLoss(), input: x, target: y).passed)
    }

    @Test func brokenMaxPoolAndConvBackwardsFail() throws {
        var rng = RandomGenerator(seed: 73)
        let x = Tensor.normal([2, 8, 8, 1], using: &rng), y = GradientCheck.randomTarget(for: .ce, batch: 2, width: 3, using: &rng)
        func net(_ pool: any Module, conv: (Conv2D) -> any Module = { $0 }) -> Sequential {
            var build = RandomGenerator(seed: 74)
            return Sequential([conv(Conv2D(1, 3, kernel: 3, using: &build)), ReLU(), pool, Flatten(), Linear(27, 3, using: &build)])
        }
        #expect(try GradientCheck.check(net(MaxPool2D(2)), loss: CrossEntropyLoss(), input: x, target: y).passed)
        let pooled = try GradientCheck.check(net(MaxPoolWithAverageBackward()), loss: CrossEntropyLoss(), input: x, target: y)
        #expect(!pooled.passed && pooled.entries.first { $0.name == "0.weight" }?.passed == false, "\(pooled)")
        for factor: Float in [0.5, 2, -1] {
            let conv = try GradientCheck.check(
                net(MaxPool2D(2), conv: { ScaledWeightGradient($0, factor: factor) }),
                loss: CrossEntropyLoss(), input: x, target: y)
            #expect(!conv.passed && conv.worst?.name == "0.weight", "factor \(factor): \(conv)")
        }
    }

    /// Held pieces: forward uses the recorded mask or maximum positions whatever the input, and
    /// refuses an input of another shape.
    @Test func heldPiecesAreUsedUntilReleased() throws {
        let relu = ReLU()
        relu.pieceHolding = .recordNext
        _ = try relu.forward(Tensor(shape: [1, 3], scalars: [1, -1, 2]))
        #expect(try relu.forward(Tensor(shape: [1, 3], scalars: [-5, 4, 3])).scalars == [-5, 0, 3])
        #expect(throws: NeuralKitError.self) { try relu.forward(Tensor(zeros: [2, 3])) }
        relu.pieceHolding = .free
        #expect(try relu.forward(Tensor(shape: [1, 3], scalars: [-5, 4, 3])).scalars == [0, 4, 3])

        let pool = MaxPool1D(kSize: 2, stride: 2)
        pool.pieceHolding = .recordNext
        _ = try pool.forward(Tensor(shape: [1, 4, 1], scalars: [1, 3, 5, 2]))  // maxima at 1 and 2
        #expect(try pool.forward(Tensor(shape: [1, 4, 1], scalars: [9, 0, 0, 8])).scalars == [0, 0])
        pool.pieceHolding = .free
        #expect(try pool.forward(Tensor(shape: [1, 4, 1], scalars: [9, 0, 0, 8])).scalars == [9, 8])
    }

    /// A kink the pieces cannot hold (a hinge loss exactly at its margin): the one-sided difference
    /// away from the kink is the derivative the backward pass gives, so it passes; a wrong value there fails.
    @Test func hingeAtItsMarginIsJudgedByTheOneSidedDifference() throws {
        let target = Tensor(shape: [1, 2], scalars: [1, -1])
        let atMargin = Tensor(shape: [1, 2], scalars: [1, 0.3])  // y·ŷ = 1 exactly for the first output
        let result = try GradientCheck.check(HingeLoss(reduction: .sum), target: target, prediction: atMargin)
        #expect(result.passed && result.skippedAtKinks == 0, "\(result)")
        #expect(!(try GradientCheck.check(WrongHingeAtMargin(), target: target, prediction: atMargin)).passed)
    }

    /// Kinks on both sides of the point, closer than the steps: skipped (and counted), not failed,
    /// when the analytic value lies between the one-sided slopes.
    @Test func kinksOnBothSidesAreSkippedAndCounted() throws {
        let result = try GradientCheck.check(TwoKinks(), input: Tensor(zeros: [1, 1]))
        #expect(result.passed && result.skippedAtKinks == 1, "\(result)")
        #expect(result.description.contains("(1 elements skipped at kinks"))
        let wrong = try GradientCheck.check(TwoKinks(slopeAtZero: 3), input: Tensor(zeros: [1, 1]))
        #expect(!wrong.passed && wrong.skippedAtKinks == 0, "\(wrong)")
    }
}

/// `y = relu(x − 0.0015) + relu(−x − 0.0005)`: flat on [−0.0005, 0.0015], slope ±1 outside (not
/// symmetric, so the central difference at 0 is off); its backward gives `slopeAtZero` inside the
/// flat part (0 is right).
final class TwoKinks: ShapePreservingModule {
    let slopeAtZero: Float
    init(slopeAtZero: Float = 0) { self.slopeAtZero = slopeAtZero }
    func forward(_ x: Tensor) throws -> Tensor { Tensor(shape: x.shape, scalars: x.scalars.map { max(0, $0 - 0.0015) + max(0, -$0 - 0.0005) }) }
    func backwardDelta(input: Tensor, delta: Tensor) throws -> Tensor {
        Tensor(
            shape: input.shape,
            scalars: zip(input.scalars, delta.scalars).map { x, d in
                (x > 0.0015 ? 1 : x < -0.0005 ? -1 : slopeAtZero) * d
            })
    }
    var description: String { "TwoKinks" }
}

/// A hinge loss whose gradient is twice the right one where the margin is not met (−2y instead of
/// −y), and −2y at the margin, where the right value is one of the one-sided slopes, 0 or −y.
struct WrongHingeAtMargin: Loss {
    var reduction: Reduction { .sum }
    func forward(target: Tensor, prediction: Tensor) throws -> Tensor { try HingeLoss(reduction: .sum).forward(target: target, prediction: prediction) }
    func backward(target: Tensor, prediction: Tensor) throws -> Tensor {
        Tensor(shape: prediction.shape, scalars: zip(prediction.scalars, target.scalars).map { p, t in p * t <= 1 ? -2 * t : 0 })
    }
    var description: String { "WrongHingeAtMargin" }
}
