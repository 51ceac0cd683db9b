// Linear: the fully connected layer y = x·Wᵀ + b.

import NKCore

/// A fully connected layer: `y = x·Wᵀ + b`.
///
/// - Input: `(batch, inputSize)`; any `(batch, …)` whose trailing dimensions multiply to
///   `inputSize` is flattened per sample.
/// - Output: `(batch, outputSize)`.
/// - Parameters: `weight` of shape `(outputSize, inputSize)` (PyTorch's layout) and an optional
///   `bias` of shape `(outputSize)`.
/// - Initialisation: see `LinearInitialization`; the default matches PyTorch.
/// - PyTorch: `torch.nn.Linear(inputSize, outputSize, bias=bias)`.
///
/// ```swift
/// var rng = RandomGenerator(seed: 0)
/// let layer = Linear(784, 100, using: &rng)
/// let y = try layer.forward(Tensor(zeros: [64, 784]))   // (64, 100)
/// ```
public final class Linear: Module {
    /// Features per input sample.
    public let inputSize: Int
    /// Features per output sample.
    public let outputSize: Int
    /// The weight `W`, shape `(outputSize, inputSize)`.
    public let weight: Parameter
    /// The bias `b`, shape `(outputSize)`, or `nil` for a layer built with `bias: false`.
    public let bias: Parameter?
    /// How the initial weight and bias were drawn.
    public let initialization: LinearInitialization

    /// A layer mapping `inputSize` features to `outputSize`, initialised from `rng`.
    /// Both sizes must be positive (the model notation parser checks this for user input).
    public init(
        _ inputSize: Int, _ outputSize: Int, bias: Bool = true,
        initialization: LinearInitialization = .uniformFanIn, using rng: inout RandomGenerator
    ) {
        precondition(inputSize > 0 && outputSize > 0, "Linear(\(inputSize), \(outputSize)): sizes must be positive")
        self.inputSize = inputSize
        self.outputSize = outputSize
        self.initialization = initialization
        let w: Tensor, b: Tensor
        switch initialization {
        case .uniformFanIn:
            let bound = 1 / Float(inputSize).squareRoot()
            w = .uniform([outputSize, inputSize], low: -bound, high: bound, using: &rng)
            b = .uniform([outputSize], low: -bound, high: bound, using: &rng)
        case .xavierUniform:
            let bound = (6 / Float(inputSize + outputSize)).squareRoot()
            w = .uniform([outputSize, inputSize], low: -bound, high: bound, using: &rng)
            b = Tensor(zeros: [outputSize])
        case .heNormal:
            w = .normal([outputSize, inputSize], std: (2 / Float(inputSize)).squareRoot(), using: &rng)
            b = Tensor(zeros: [outputSize])
        case .normal(let std):
            w = .normal([outputSize, inputSize], std: std, using: &rng)
            b = Tensor(zeros: [outputSize])
        }
        self.weight = Parameter(name: "weight", value: w)
        self.bias = bias ? Parameter(name: "bias", value: b) : nil
    }

    /// `[weight, bias]`, or `[weight]` without a bias.
    public var parameters: [Parameter] { bias.map { [weight, $0] } ?? [weight] }

    /// `[inputSize]`: a Linear layer fixes the width of its input.
    public var fixedSampleShape: [Int]? { [inputSize] }

    /// `(batch, outputSize)` for an input `(batch, …)` with `inputSize` features per sample.
    public func outputShape(for inputShape: [Int]) throws -> [Int] {
        let features = inputShape.dropFirst().reduce(1, *)
        guard !inputShape.isEmpty, features == inputSize else {
            throw NeuralKitError.shape("\(self): expected input (batch, \(inputSize)), got \(describeShape(inputShape))")
        }
        return [inputShape[0], outputSize]
    }

    /// `x·Wᵀ + b`: `(batch, inputSize)` → `(batch, outputSize)`; one GEMM and a bias add.
    public func forward(_ input: Tensor) throws -> Tensor {
        let outShape = try outputShape(for: input.shape)
        let batch = input.rowCount
        guard batch > 0 else { return Tensor(zeros: outShape) }
        let b = bias?.value
        return Tensor(uninitializedShape: outShape) { y in  // y: (batch, out)
            input.withUnsafeBufferPointer { x in  // x: (batch, in)
                weight.value.withUnsafeBufferPointer { w in  // w: (out, in)
                    GEMM.multiply(
                        transposeA: false, transposeB: true, m: batch, n: outputSize, k: inputSize,
                        a: x.baseAddress!, lda: inputSize, b: w.baseAddress!, ldb: inputSize,
                        beta: 0, c: y.baseAddress!, ldc: outputSize)
                }
            }
            guard let b else { return }
            b.withUnsafeBufferPointer { b in Elementwise.addRowVector(b, to: y, rows: batch) }  // b: (out)
        }
    }

    /// Adds `δᵀ·x` to the weight gradient (one GEMM, β = 1) and the column sums of `δ` to the bias gradient.
    public func backwardUpdateGradient(input: Tensor, delta: Tensor) throws {
        let outShape = try outputShape(for: input.shape)
        try LayerSupport.checkDelta(self, delta, expected: outShape)
        let batch = input.rowCount
        guard batch > 0 else { return }
        delta.withUnsafeBufferPointer { d in  // d: (batch, out)
            input.withUnsafeBufferPointer { x in  // x: (batch, in)
                weight.accumulateGradient { g, overwrite in  // g: (out, in) += dᵀ·x
                    GEMM.multiply(
                        transposeA: true, transposeB: false, m: outputSize, n: inputSize, k: batch,
                        a: d.baseAddress!, lda: outputSize, b: x.baseAddress!, ldb: inputSize,
                        beta: overwrite ? 0 : 1, c: g.baseAddress!, ldc: inputSize)
                }
            }
            bias?.accumulateGradient { g, overwrite in  // g: (out) += Σ_rows d
                if overwrite { g.update(repeating: 0) }
                Elementwise.sumRows(d, rows: batch, into: g)
            }
        }
    }

    /// `δ·W`: `(batch, outputSize)` → the input's shape; one GEMM. Leaves gradients alone.
    public func backwardDelta(input: Tensor, delta: Tensor) throws -> Tensor {
        let outShape = try outputShape(for: input.shape)
        try LayerSupport.checkDelta(self, delta, expected: outShape)
        let batch = input.rowCount
        guard batch > 0 else { return Tensor(zeros: input.shape) }
        return Tensor(uninitializedShape: input.shape) { dx in  // dx: (batch, in) = d·W
            delta.withUnsafeBufferPointer { d in
                weight.value.withUnsafeBufferPointer { w in
                    GEMM.multiply(
                        transposeA: false, transposeB: false, m: batch, n: inputSize, k: outputSize,
                        a: d.baseAddress!, lda: outputSize, b: w.baseAddress!, ldb: inputSize,
                        beta: 0, c: dx.baseAddress!, ldc: inputSize)
                }
            }
        }
    }

    /// `Linear(784, 100)`, `Linear(784, 100, bias=false)` or `Linear(784, 100, std=0.1)`: the model notation.
    public var description: String {
        var std = ""
        if case .normal(let s) = initialization { std = ", std=\(s)" }
        return "Linear(\(inputSize), \(outputSize)\(bias == nil ? ", bias=false" : "")\(std))"
    }
}
