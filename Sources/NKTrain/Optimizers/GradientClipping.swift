// GradientClipping: scaling gradients down to a maximal global norm.

import NKLayers

/// `torch.nn.utils.clip_grad_norm_(parameters, max_norm)`: the L2 norm of all gradients taken
/// together, `N = √(Σ g²)`; when `N > maxNorm` every gradient is multiplied by `maxNorm/(N + 1e-6)`.
public enum GradientClipping {
    /// Clips in place and returns the norm before clipping.
    @discardableResult
    public static func clip(_ parameters: [Parameter], maxNorm: Float) -> Float {
        var squares: Double = 0
        for p in parameters {
            p.gradient.withUnsafeBufferPointer { g in for x in g { squares += Double(x) * Double(x) } }
        }
        let norm = Float(squares.squareRoot())
        let factor = maxNorm / (norm + 1e-6)
        if factor < 1 {
            for p in parameters {
                p.gradient.withUnsafeMutableBufferPointer { g in for i in 0..<g.count { g[i] *= factor } }
            }
        }
        return norm
    }
}
