// BackwardFromOutput: activations whose derivative is a function of their output.

import NKCore

/// An activation whose derivative can be written with its output alone — TanH (`1 − y²`) and
/// Sigmoid (`y(1 − y)`) — so that a container keeping the output (as `Sequential` does: it is the
/// next child's input) gets `∂loss/∂x` in one pass, without evaluating the activation again.
///
/// `backwardDelta(output:delta:)` must return exactly what `backwardDelta(input:delta:)` returns
/// for the input that produced `output` (the same bits: both compute the derivative from
/// `y = forward(x)`).
///
/// ```swift
/// let y = try tanh.forward(x)
/// let dx = try tanh.backwardDelta(output: y, delta: dy)   // == tanh.backwardDelta(input: x, delta: dy)
/// ```
public protocol BackwardFromOutput: Module {
    /// `∂loss/∂x` from `output` = `forward(x)` and `delta` = `∂loss/∂output` (same shape), shaped
    /// like the output. Leaves everything else alone.
    func backwardDelta(output: Tensor, delta: Tensor) throws -> Tensor
}

extension BackwardFromOutput {
    /// `∂loss/∂x` from the input: the activation is evaluated again and differentiated through
    /// `backwardDelta(output:delta:)`, so both entry points give the same bits.
    public func backwardDelta(input: Tensor, delta: Tensor) throws -> Tensor {
        try LayerSupport.checkBatched(self, input)
        try LayerSupport.checkDelta(self, delta, expected: input.shape)
        return try backwardDelta(output: forward(input), delta: delta)
    }
}
