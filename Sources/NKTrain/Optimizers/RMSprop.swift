// RMSprop: gradients divided by a running root mean square.

import NKCore
import NKLayers

/// `torch.optim.RMSprop(lr, alpha=0.99, eps=1e-8, weight_decay, momentum)` (not centred):
/// `g ← ∇θ + λθ`, `s ← αs + (1 − α)g²`; without momentum `θ ← θ − lr·g/(√s + ε)`, with momentum `μ`:
/// `b ← μb + g/(√s + ε)`, `θ ← θ − lr·b`.
public final class RMSprop: SlottedOptimizer {
    public let alpha: Float, eps: Float, weightDecay: Float, momentum: Float

    public init(learningRate: Float = 1e-2, alpha: Float = 0.99, eps: Float = 1e-8, weightDecay: Float = 0, momentum: Float = 0) {
        self.alpha = alpha
        self.eps = eps
        self.weightDecay = weightDecay
        self.momentum = momentum
        super.init(learningRate: learningRate, slotNames: momentum > 0 ? ["square_avg", "momentum_buffer"] : ["square_avg"])
    }

    override func update(value v: UnsafeMutableBufferPointer<Float>, gradient g: UnsafeBufferPointer<Float>, slots: inout [[Float]]) {
        var s = slots[0], b = momentum > 0 ? slots[1] : []
        slots = []
        s.withUnsafeMutableBufferPointer { s in
            b.withUnsafeMutableBufferPointer { b in
                OptimizerKernels.rmsprop(
                    v, g, s: s, buffer: momentum > 0 ? b : nil, lr: learningRate, alpha: alpha, eps: eps,
                    weightDecay: weightDecay, momentum: momentum)
            }
        }
        slots = momentum > 0 ? [s, b] : [s]
    }
}
