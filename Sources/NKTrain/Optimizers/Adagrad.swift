// Adagrad: per-coordinate steps shrinking with the sum of squared gradients.

import NKCore
import NKLayers

/// `torch.optim.Adagrad(lr, lr_decay=0, weight_decay, initial_accumulator_value=0, eps=1e-10)`:
/// `g ← ∇θ + λθ`, `S ← S + g²`, `θ ← θ − lr·g/(√S + ε)`.
public final class Adagrad: SlottedOptimizer {
    public let eps: Float, weightDecay: Float

    public init(learningRate: Float = 1e-2, eps: Float = 1e-10, weightDecay: Float = 0) {
        self.eps = eps
        self.weightDecay = weightDecay
        super.init(learningRate: learningRate, slotNames: ["sum"])
    }

    override func update(value v: UnsafeMutableBufferPointer<Float>, gradient g: UnsafeBufferPointer<Float>, slots: inout [[Float]]) {
        slots[0].withUnsafeMutableBufferPointer { s in
            OptimizerKernels.adagrad(v, g, s: s, lr: learningRate, eps: eps, weightDecay: weightDecay)
        }
    }
}
