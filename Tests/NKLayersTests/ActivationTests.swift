// Tests of the parameter-free layers: Identity, TanH, Sigmoid, ReLU, LeakyReLU, ELU, Softmax, LogSoftmax.

import Foundation
import Testing
import NeuralKit
import NKTestSupport

/// The activations by name (modules are not Sendable, so tests take names as arguments).
let activationNames = ["Identity", "TanH", "Sigmoid", "ReLU", "LeakyReLU", "ELU", "Softmax", "LogSoftmax"]

func makeActivation(_ name: String) -> any Module {
    switch name {
    case "Identity": Identity()
    case "TanH": TanH()
    case "Sigmoid": Sigmoid()
    case "ReLU": ReLU()
    case "LeakyReLU": LeakyReLU(alpha: 0.1)
    case "ELU": ELU(alpha: 0.7)
    case "Softmax": Softmax()
    default: LogSoftmax()
    }
}

/// The activation written out elementwise (or row-wise) in Double, from its textbook definition.
func referenceActivation(_ name: String, _ x: Tensor) -> [Float] {
    let v = x.scalars.map(Double.init)
    let width = x.rank >= 2 ? x.shape.last! : 1
    func rows(_ f: ([Double]) -> [Double]) -> [Float] {
        stride(from: 0, to: v.count, by: width).flatMap { f(Array(v[$0..<($0 + width)])) }.map(Float.init)
    }
    switch name {
    case "Identity": return x.scalars
    case "TanH": return v.map { Float(Foundation.tanh($0)) }
    case "Sigmoid": return v.map { Float(1 / (1 + Foundation.exp(-$0))) }
    case "ReLU": return v.map { Float(Swift.max($0, 0)) }
    case "LeakyReLU": return v.map { Float($0 > 0 ? $0 : 0.1 * $0) }
    case "ELU": return v.map { Float($0 > 0 ? $0 : 0.7 * (Foundation.exp($0) - 1)) }
    case "Softmax":
        return rows { r in
            let e = r.map(Foundation.exp); let s = e.reduce(0, +); return e.map { $0 / s }
        }
    default:
        return rows { r in
            let s = Foundation.log(r.map(Foundation.exp).reduce(0, +)); return r.map { $0 - s }
        }
    }
}

@Suite struct ActivationTests {
    @Test(arguments: activationNames) func gradientCheckAtSmallShapes(name: String) throws {
        var rng = RandomGenerator(seed: 21)
        let shapes = TestSupport.smallShapes(seed: 21).map { [$0.batch, $0.width] } + [[2, 3, 4], [5]]
        for shape in shapes {
            let layer = makeActivation(name)
            // margin 0.05 > 2h = 0.02 keeps the stencil off the kinks of ReLU, LeakyReLU and ELU.
            let x = TestSupport.input(shape, margin: 0.05, scale: 2, using: &rng)
            let result = try GradientCheck.check(layer, input: x, options: .init(seed: 21))
            #expect(result.passed, "\(result)")
            #expect(try layer.outputShape(for: shape) == shape)
        }
    }

    @Test(arguments: activationNames) func forwardMatchesDefinition(name: String) throws {
        var rng = RandomGenerator(seed: 22)
        let x = TestSupport.input([3, 5], scale: 3, using: &rng)
        let y = try makeActivation(name).forward(x)
        #expect(y.shape == x.shape)
        #expect(TestSupport.maxDifference(y, Tensor(shape: x.shape, scalars: referenceActivation(name, x))) < 1e-5)
    }

    @Test(arguments: activationNames) func batchEqualsRowsOneByOne(name: String) throws {
        var rng = RandomGenerator(seed: 23)
        let layer = makeActivation(name)
        let x = TestSupport.input([4, 3], using: &rng), d = TestSupport.input([4, 3], using: &rng)
        let y = try layer.forward(x), dx = try layer.backwardDelta(input: x, delta: d)
        for r in 0..<4 {
            let xr = x.rows(r..<(r + 1))
            #expect(try layer.forward(xr) == y.rows(r..<(r + 1)))
            #expect(try layer.backwardDelta(input: xr, delta: d.rows(r..<(r + 1))) == dx.rows(r..<(r + 1)))
        }
    }

    @Test(arguments: activationNames) func errorsNameTheLayer(name: String) {
        let layer = makeActivation(name)
        let message = TestSupport.errorMessage { _ = try layer.backwardDelta(input: Tensor(zeros: [2, 3]), delta: Tensor(zeros: [2, 4])) }
        #expect(message?.hasPrefix(layer.description) == true)
        #expect(message?.contains("(2, 4)") == true && message?.contains("(2, 3)") == true)
        #expect(throws: NeuralKitError.self) { try layer.outputShape(for: []) }
    }

    @Test func softmaxIsStableAndNormalised() throws {
        let x = Tensor(shape: [2, 3], scalars: [1000, 1001, 1002, -1000, -1000, -1000])
        let p = try Softmax().forward(x)
        #expect(p.scalars.allSatisfy { $0.isFinite })
        #expect(abs(p.scalars[0..<3].reduce(0, +) - 1) < 1e-6)
        #expect(p.scalars[3..<6].allSatisfy { abs($0 - 1.0 / 3) < 1e-6 })
        let shifted = try Softmax().forward(Tensor(shape: [1, 3], scalars: [0, 1, 2]))
        #expect(TestSupport.maxDifference(p.rows(0..<1), shifted) < 1e-6)
        let logp = try LogSoftmax().forward(x)
        #expect(logp.scalars.allSatisfy { $0.isFinite })
        #expect(abs(logp.scalars[3] - Float(-Foundation.log(3.0))) < 1e-6)
        #expect(abs(logp.scalars[0] - (-2 - Float(Foundation.log(1 + Foundation.exp(-1.0) + Foundation.exp(-2.0))))) < 1e-4)
    }

    /// TanH and Sigmoid differentiated from their output give the very bits of the input-based
    /// backward (Sequential relies on it), at batch 1, width 1 and an odd shape.
    @Test(arguments: ["TanH", "Sigmoid"]) func backwardFromOutputEqualsBackwardFromInput(name: String) throws {
        var rng = RandomGenerator(seed: 23)
        let layer = try #require(makeActivation(name) as? any BackwardFromOutput)
        for shape in [[1, 1], [1, 7], [5, 1], [13, 37]] {
            let x = TestSupport.input(shape, using: &rng), d = TestSupport.input(shape, using: &rng)
            let fromOutput = try layer.backwardDelta(output: try layer.forward(x), delta: d)
            #expect(fromOutput == (try layer.backwardDelta(input: x, delta: d)), "\(name) \(shape)")
        }
        #expect(throws: NeuralKitError.self) {
            try layer.backwardDelta(output: Tensor(zeros: [2, 3]), delta: Tensor(zeros: [3, 2]))
        }
    }

    @Test func descriptions() {
        #expect(activationNames.map { makeActivation($0).description } == ["Identity()", "TanH()", "Sigmoid()", "ReLU()", "LeakyReLU(alpha=0.1)", "ELU(alpha=0.7)", "Softmax()", "LogSoftmax()"])
        #expect(LeakyReLU().alpha == 0.01 && ELU().alpha == 1)
    }

    @Test func reluDerivativeAtZeroIsZero() throws {
        let d = try ReLU().backwardDelta(input: Tensor(shape: [1, 3], scalars: [0, -1, 2]), delta: Tensor(repeating: 1, shape: [1, 3]))
        #expect(d.scalars == [0, 0, 1])
    }
}
