// A trainable tensor and its accumulated gradient.

import NKCore

/// A trainable tensor (`value`) with the gradient accumulated for it (`gradient`, same shape).
/// It is a class so that a layer, an optimiser and a checkpoint all see the same storage.
///
/// Zeroing is lazy: `zeroGradient()` only marks the gradient as zero, and the first accumulation
/// after it (`accumulateGradient`) is told to overwrite rather than add, so that a training step
/// neither clears the buffer nor reads it back (a product with β = 0 instead of β = 1). Reading or
/// mutating `gradient` while it is marked writes the zeros first, so every other user sees plain
/// accumulated values.
public final class Parameter: CustomStringConvertible {
    /// The name PyTorch gives this tensor inside its layer: `weight` or `bias`.
    public let name: String
    public var value: Tensor
    private var storedGradient: Tensor
    /// True between `zeroGradient()` and the next access: `storedGradient` holds stale values.
    private var gradientIsZero = false

    /// The accumulated gradient (zeros after `zeroGradient()` until something accumulates).
    public var gradient: Tensor {
        get { materializeZeros(); return storedGradient }
        _modify { materializeZeros(); yield &storedGradient }
        set { storedGradient = newValue; gradientIsZero = false }
    }

    public init(name: String, value: Tensor) {
        self.name = name
        self.value = value
        self.storedGradient = Tensor(zeros: value.shape)
    }

    /// Sets the gradient to zero (lazily: see the type's documentation).
    public func zeroGradient() { gradientIsZero = true }

    /// Runs `body` on the gradient's storage to accumulate into it. `overwrite` is true when the
    /// gradient is zero (marked by `zeroGradient()`): `body` must then write every element (the sum
    /// it would have added to zeros) and must not read the old contents.
    public func accumulateGradient<R>(_ body: (_ gradient: UnsafeMutableBufferPointer<Float>, _ overwrite: Bool) throws -> R) rethrows -> R {
        let overwrite = gradientIsZero
        gradientIsZero = false
        return try storedGradient.withUnsafeMutableBufferPointer { try body($0, overwrite) }
    }

    private func materializeZeros() {
        guard gradientIsZero else { return }
        gradientIsZero = false
        storedGradient.withUnsafeMutableBufferPointer { $0.update(repeating: 0) }
    }

    public var description: String { "\(name) \(describeShape(value.shape))" }
}
