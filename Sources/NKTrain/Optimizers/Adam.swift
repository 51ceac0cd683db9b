// Adam and AdamW: adaptive moment estimation, with coupled or decoupled weight decay.

import Foundation
import NKCore
import NKLayers

/// `torch.optim.Adam(lr, betas=(β₁, β₂), eps, weight_decay)` and, with `decoupled`,
/// `torch.optim.AdamW` (default weight decay 0.01 there):
/// Adam: `g ← ∇θ + λθ`; AdamW: `θ ← θ·(1 − lr·λ)`, `g ← ∇θ`. Then `m ← β₁m + (1 − β₁)g`,
/// `v ← β₂v + (1 − β₂)g²`, and `θ ← θ − lr/(1 − β₁ᵗ) · m / (√v/√(1 − β₂ᵗ) + ε)`.
public final class Adam: SlottedOptimizer {
    public let beta1: Float, beta2: Float, eps: Float
    /// `λ`: an L2 term in the gradient (Adam), or a shrinking of the weights (AdamW).
    public let weightDecay: Float
    /// AdamW's decoupled weight decay.
    public let decoupled: Bool

    public init(
        learningRate: Float = 1e-3, beta1: Float = 0.9, beta2: Float = 0.999, eps: Float = 1e-8,
        weightDecay: Float = 0, decoupled: Bool = false
    ) {
        self.beta1 = beta1
        self.beta2 = beta2
        self.eps = eps
        self.weightDecay = weightDecay
        self.decoupled = decoupled
        super.init(learningRate: learningRate, slotNames: ["exp_avg", "exp_avg_sq"])
    }

    override func update(value v: UnsafeMutableBufferPointer<Float>, gradient g: UnsafeBufferPointer<Float>, slots: inout [[Float]]) {
        let t = Float(steps)
        var m = slots[0], s = slots[1]
        slots = []  // unique ownership while the buffers are written
        m.withUnsafeMutableBufferPointer { m in
            s.withUnsafeMutableBufferPointer { s in
                OptimizerKernels.adam(
                    v, g, m: m, s: s, stepSize: learningRate / (1 - pow(beta1, t)), correction2: (1 - pow(beta2, t)).squareRoot(),
                    beta1: beta1, beta2: beta2, eps: eps, coupled: decoupled ? 0 : weightDecay,
                    shrink: decoupled ? 1 - learningRate * weightDecay : 1)
            }
        }
        slots = [m, s]
    }
}
