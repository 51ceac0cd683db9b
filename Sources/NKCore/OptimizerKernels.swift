// OptimizerKernels: the parameter updates of the optimisers, over raw buffers (C kernels).

import CNKKernels

/// One optimiser update over a parameter's values `v`, its gradient `g` and its state buffers, in
/// PyTorch's order of operations (see `optimizers.c`); `NaiveKernels` has a plain Swift reference
/// of each that gives bit-identical results. All buffers hold `v.count` values. Large parameters
/// are split over the kernel threads (every element is independent, so the result is the same).
public enum OptimizerKernels {
    /// Elements per thread below which an update stays on one thread.
    static let grain = 1 << 12

    /// SGD: `d = g + wd·v`; with `mu > 0`, `b = first ? d : mu·b + d` and `v −= lr·(nesterov ? d + mu·b : b)`; else `v −= lr·d`.
    public static func sgd(
        _ v: UnsafeMutableBufferPointer<Float>, _ g: UnsafeBufferPointer<Float>, buffer b: UnsafeMutableBufferPointer<Float>?,
        lr: Float, weightDecay wd: Float, momentum mu: Float, nesterov: Bool, first: Bool
    ) {
        precondition(g.count == v.count && (mu == 0 || b?.count == v.count), "OptimizerKernels.sgd: buffer sizes differ")
        guard let pv = v.baseAddress, let pg = g.baseAddress else { return }
        let pb = b?.baseAddress
        Parallelism.forEachRange(count: v.count, grain: grain) { r in
            nk_sgd_step(pv + r.lowerBound, pg + r.lowerBound, pb.map { $0 + r.lowerBound }, r.count, lr, wd, mu, nesterov ? 1 : 0, first ? 1 : 0)
        }
    }

    /// Adam/AdamW: `v ← v·shrink`, `d = g + coupled·v`, moments `m`, `s`, then
    /// `v −= stepSize·m/(√s/correction2 + eps)`.
    public static func adam(
        _ v: UnsafeMutableBufferPointer<Float>, _ g: UnsafeBufferPointer<Float>,
        m: UnsafeMutableBufferPointer<Float>, s: UnsafeMutableBufferPointer<Float>,
        stepSize: Float, correction2: Float, beta1: Float, beta2: Float, eps: Float, coupled: Float, shrink: Float
    ) {
        precondition(g.count == v.count && m.count == v.count && s.count == v.count, "OptimizerKernels.adam: buffer sizes differ")
        guard let pv = v.baseAddress, let pg = g.baseAddress, let pm = m.baseAddress, let ps = s.baseAddress else { return }
        Parallelism.forEachRange(count: v.count, grain: grain) { r in
            let o = r.lowerBound
            nk_adam_step(pv + o, pg + o, pm + o, ps + o, r.count, stepSize, correction2, beta1, beta2, eps, coupled, shrink)
        }
    }

    /// RMSprop: `d = g + wd·v`, `s = s·alpha + (1 − alpha)·d²`, `q = d/(√s + eps)`; momentum `mu > 0`: `b = mu·b + q`, `v −= lr·b`; else `v −= lr·q`.
    public static func rmsprop(
        _ v: UnsafeMutableBufferPointer<Float>, _ g: UnsafeBufferPointer<Float>,
        s: UnsafeMutableBufferPointer<Float>, buffer b: UnsafeMutableBufferPointer<Float>?,
        lr: Float, alpha: Float, eps: Float, weightDecay wd: Float, momentum mu: Float
    ) {
        precondition(g.count == v.count && s.count == v.count && (mu == 0 || b?.count == v.count), "OptimizerKernels.rmsprop: buffer sizes differ")
        guard let pv = v.baseAddress, let pg = g.baseAddress, let ps = s.baseAddress else { return }
        let pb = b?.baseAddress
        Parallelism.forEachRange(count: v.count, grain: grain) { r in
            let o = r.lowerBound
            nk_rmsprop_step(pv + o, pg + o, ps + o, pb.map { $0 + o }, r.count, lr, alpha, eps, wd, mu)
        }
    }

    /// Adagrad: `d = g + wd·v`, `S += d²`, `v −= lr·d/(√S + eps)`.
    public static func adagrad(
        _ v: UnsafeMutableBufferPointer<Float>, _ g: UnsafeBufferPointer<Float>,
        s: UnsafeMutableBufferPointer<Float>, lr: Float, eps: Float, weightDecay wd: Float
    ) {
        precondition(g.count == v.count && s.count == v.count, "OptimizerKernels.adagrad: buffer sizes differ")
        guard let pv = v.baseAddress, let pg = g.baseAddress, let ps = s.baseAddress else { return }
        Parallelism.forEachRange(count: v.count, grain: grain) { r in
            let o = r.lowerBound
            nk_adagrad_step(pv + o, pg + o, ps + o, r.count, lr, eps, wd)
        }
    }
}

extension NaiveKernels {
    /// Reference of `OptimizerKernels.sgd`.
    public static func sgdStep(_ v: inout [Float], _ g: [Float], _ b: inout [Float], lr: Float, wd: Float, mu: Float, nesterov: Bool, first: Bool) {
        for i in v.indices {
            let d = g[i] + wd * v[i]
            if mu == 0 { v[i] -= lr * d; continue }
            b[i] = first ? d : mu * b[i] + d
            v[i] -= lr * (nesterov ? d + mu * b[i] : b[i])
        }
    }

    /// Reference of `OptimizerKernels.adam`.
    public static func adamStep(
        _ v: inout [Float], _ g: [Float], _ m: inout [Float], _ s: inout [Float], stepSize: Float, correction2: Float,
        beta1: Float, beta2: Float, eps: Float, coupled: Float, shrink: Float
    ) {
        for i in v.indices {
            let vi = v[i] * shrink
            let d = g[i] + coupled * vi
            m[i] = m[i] + (d - m[i]) * (1 - beta1)
            s[i] = s[i] * beta2 + (1 - beta2) * d * d
            v[i] = vi - stepSize * m[i] / (s[i].squareRoot() / correction2 + eps)
        }
    }

    /// Reference of `OptimizerKernels.rmsprop`.
    public static func rmspropStep(
        _ v: inout [Float], _ g: [Float], _ s: inout [Float], _ b: inout [Float], lr: Float, alpha: Float,
        eps: Float, wd: Float, mu: Float
    ) {
        for i in v.indices {
            let d = g[i] + wd * v[i]
            s[i] = s[i] * alpha + (1 - alpha) * d * d
            let q = d / (s[i].squareRoot() + eps)
            if mu > 0 { b[i] = mu * b[i] + q; v[i] -= lr * b[i] } else { v[i] -= lr * q }
        }
    }

    /// Reference of `OptimizerKernels.adagrad`.
    public static func adagradStep(_ v: inout [Float], _ g: [Float], _ s: inout [Float], lr: Float, eps: Float, wd: Float) {
        for i in v.indices {
            let d = g[i] + wd * v[i]
            s[i] = s[i] + d * d
            v[i] -= lr * d / (s[i].squareRoot() + eps)
        }
    }
}
