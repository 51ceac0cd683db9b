// SGD: stochastic gradient descent, with optional momentum (heavy-ball or Nesterov) and L2 decay.

import NKCore
import NKLayers

/// `torch.optim.SGD(lr, momentum, dampening=0, weight_decay, nesterov)`:
/// `g ← ∇θ + λθ`; with momentum `μ > 0`: `b ← μ·b + g` (b = g at the first step), then `g ← b`, or
/// `g ← g + μ·b` for Nesterov; finally `θ ← θ − lr·g`.
public final class SGD: SlottedOptimizer {
    /// `μ`, 0 for plain SGD.
    public let momentum: Float
    /// Nesterov's look-ahead form (needs momentum > 0).
    public let nesterov: Bool
    /// The coupled L2 penalty `λ`.
    public let weightDecay: Float

    public init(learningRate: Float, momentum: Float = 0, nesterov: Bool = false, weightDecay: Float = 0) {
        self.momentum = momentum
        self.nesterov = nesterov
        self.weightDecay = weightDecay
        super.init(learningRate: learningRate, slotNames: momentum > 0 ? ["momentum_buffer"] : [])
    }

    override func update(value v: UnsafeMutableBufferPointer<Float>, gradient g: UnsafeBufferPointer<Float>, slots: inout [[Float]]) {
        if momentum == 0 {
            OptimizerKernels.sgd(v, g, buffer: nil, lr: learningRate, weightDecay: weightDecay, momentum: 0, nesterov: false, first: false)
            return
        }
        slots[0].withUnsafeMutableBufferPointer { b in
            OptimizerKernels.sgd(v, g, buffer: b, lr: learningRate, weightDecay: weightDecay, momentum: momentum, nesterov: nesterov, first: steps == 1)
        }
    }
}
