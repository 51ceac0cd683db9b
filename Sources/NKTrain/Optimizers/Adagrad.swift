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
        let lr = learningRate, wd = weightDecay, eps = eps
        slots[0].withUnsafeMutableBufferPointer { s in
            for i in 0..<v.count {
                let d = g[i] + wd * v[i]
                s[i] += d * d
                v[i] -= lr * d / (s[i].squareRoot() + eps)
            }
        }
    }
}
