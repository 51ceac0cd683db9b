// Small modules and a loss defined here so the training tests do not depend on the layer library.

import Foundation
import NeuralKit
import NKTestSupport

/// y = x·Wᵀ + b, written with plain loops: W (out, in), b (out).
final class TestAffine: Module {
    let weight: Parameter
    let bias: Parameter
    let inputs: Int, outputs: Int

    init(_ inputs: Int, _ outputs: Int, using rng: inout RandomGenerator) {
        self.inputs = inputs
        self.outputs = outputs
        weight = Parameter(name: "weight", value: .uniform([outputs, inputs], low: -0.5, high: 0.5, using: &rng))
        bias = Parameter(name: "bias", value: .uniform([outputs], low: -0.5, high: 0.5, using: &rng))
    }

    var parameters: [Parameter] { [weight, bias] }
    var description: String { "TestAffine(\(inputs) -> \(outputs))" }

    func outputShape(for inputShape: [Int]) throws -> [Int] { [inputShape[0], outputs] }

    func forward(_ x: Tensor) throws -> Tensor {
        guard x.rank == 2, x.shape[1] == inputs else { throw NeuralKitError.shape("\(self): got \(describeShape(x.shape))") }
        var y = Tensor(zeros: [x.rowCount, outputs])
        for i in 0..<x.rowCount {
            for o in 0..<outputs {
                var s = bias.value.scalars[o]
                for j in 0..<inputs { s += x[i, j] * weight.value[o, j] }
                y[i, o] = s
            }
        }
        return y
    }

    func backwardUpdateGradient(input x: Tensor, delta: Tensor) throws {
        for i in 0..<x.rowCount {
            for o in 0..<outputs {
                bias.gradient.scalars[o] += delta[i, o]
                for j in 0..<inputs { weight.gradient[o, j] += delta[i, o] * x[i, j] }
            }
        }
    }

    func backwardDelta(input x: Tensor, delta: Tensor) throws -> Tensor {
        var dx = Tensor(zeros: x.shape)
        for i in 0..<x.rowCount {
            for j in 0..<inputs {
                for o in 0..<outputs { dx[i, j] += delta[i, o] * weight.value[o, j] }
            }
        }
        return dx
    }
}

/// A layer without parameters: y = x.
final class TestIdentity: Module {
    var description: String { "TestIdentity" }
    func outputShape(for inputShape: [Int]) throws -> [Int] { inputShape }
    func forward(_ x: Tensor) throws -> Tensor { x }
    func backwardDelta(input: Tensor, delta: Tensor) throws -> Tensor { delta }
}

/// Two modules in a row that implements `FusedBackward` and records how it was driven.
final class TestFusedPair: Module, FusedBackward {
    let first: TestAffine, second: TestAffine
    var fusedCalls: [Bool] = []  // needInputDelta of each fused call
    var separateGradientCalls = 0
    private var hidden: Tensor?

    init(_ first: TestAffine, _ second: TestAffine) { self.first = first; self.second = second }

    var parameters: [Parameter] { first.parameters + second.parameters }
    var description: String { "TestFusedPair" }
    func outputShape(for inputShape: [Int]) throws -> [Int] { [inputShape[0], second.outputs] }

    func forward(_ x: Tensor) throws -> Tensor {
        let h = try first.forward(x)
        hidden = h
        return try second.forward(h)
    }

    func backward(input: Tensor, delta: Tensor, needInputDelta: Bool) throws -> Tensor? {
        fusedCalls.append(needInputDelta)
        try second.backwardUpdateGradient(input: hidden!, delta: delta)
        let dh = try second.backwardDelta(input: hidden!, delta: delta)
        try first.backwardUpdateGradient(input: input, delta: dh)
        return needInputDelta ? try first.backwardDelta(input: input, delta: dh) : nil
    }

    func backwardUpdateGradient(input: Tensor, delta: Tensor) throws {
        separateGradientCalls += 1
        _ = try backward(input: input, delta: delta, needInputDelta: false)
    }

    func backwardDelta(input: Tensor, delta: Tensor) throws -> Tensor {
        let dh = try second.backwardDelta(input: hidden!, delta: delta)
        return try first.backwardDelta(input: input, delta: dh)
    }
}

/// Mean squared error over all elements: L = Σ (p − t)² / count, ∂L/∂p = 2 (p − t) / count.
struct TestSquaredError: Loss {
    var reduction: Reduction { .mean }
    var description: String { "TestSquaredError" }

    func forward(target: Tensor, prediction: Tensor) throws -> Tensor {
        guard target.count == prediction.count else { throw NeuralKitError.shape("TestSquaredError: \(target.shape) vs \(prediction.shape)") }
        let sum = zip(prediction.scalars, target.scalars).reduce(Float(0)) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) }
        return Tensor(sum / Float(prediction.count))
    }

    func backward(target: Tensor, prediction: Tensor) throws -> Tensor {
        let scale = 2 / Float(prediction.count)
        return Tensor(shape: prediction.shape, scalars: zip(prediction.scalars, target.scalars).map { scale * ($0 - $1) })
    }
}

/// A fresh, empty temporary directory.
func makeTemporaryDirectory() throws -> URL {
    try TemporaryFolder.make("nktrain")
}
