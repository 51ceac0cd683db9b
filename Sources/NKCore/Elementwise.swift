// Fast elementwise kernels (tanh, sigmoid, exp) and the bias helpers, over contiguous buffers.

import CNKKernels

/// Elementwise functions over whole buffers, `y[i] = f(x[i])`, vectorised (AVX2/FMA, or portable
/// C). `x` and `y` may be the same buffer; `y` must hold at least `x.count` elements.
///
/// Accuracy (tested over a dense grid against `NaiveKernels`): within 2e-7 absolute of the exact
/// function for `tanh` and `sigmoid` (and a few Float ulps relative for `tanh` near 0), 3e-7
/// relative for `exp`. Large inputs saturate: `tanh(±∞) = ±1`, `sigmoid(-∞) = 0`,
/// `exp(x > 88.72…) = +∞`, `exp(x < -103.9) = 0` (subnormal results in between). NaN in gives NaN out.
public enum Elementwise {
    /// `y[i] = tanh(x[i])`, split over the kernel threads when large. PyTorch: `torch.tanh`.
    public static func tanh(_ x: UnsafeBufferPointer<Float>, _ y: UnsafeMutableBufferPointer<Float>) {
        guard let px = x.baseAddress, let py = y.baseAddress else { return }
        precondition(y.count >= x.count, "Elementwise.tanh: output holds \(y.count) elements, input \(x.count)")
        Parallelism.forEachRange(count: x.count, grain: activationGrain) { r in
            nk_tanh(px + r.lowerBound, py + r.lowerBound, r.count)
        }
    }

    /// `y[i] = 1 / (1 + exp(-x[i]))`, split over the kernel threads when large. PyTorch: `torch.sigmoid`.
    public static func sigmoid(_ x: UnsafeBufferPointer<Float>, _ y: UnsafeMutableBufferPointer<Float>) {
        guard let px = x.baseAddress, let py = y.baseAddress else { return }
        precondition(y.count >= x.count, "Elementwise.sigmoid: output holds \(y.count) elements, input \(x.count)")
        Parallelism.forEachRange(count: x.count, grain: activationGrain) { r in
            nk_sigmoid(px + r.lowerBound, py + r.lowerBound, r.count)
        }
    }

    /// `y[i] = exp(x[i])`. PyTorch: `torch.exp`.
    public static func exp(_ x: UnsafeBufferPointer<Float>, _ y: UnsafeMutableBufferPointer<Float>) {
        guard let px = x.baseAddress, let py = y.baseAddress else { return }
        precondition(y.count >= x.count, "Elementwise.exp: output holds \(y.count) elements, input \(x.count)")
        nk_exp(px, py, x.count)
    }

    /// `y[i] = ln(x[i])`: −∞ at 0, NaN below 0 and for NaN, +∞ at +∞; within 2 ulp (about
    /// 1.2·10⁻⁷ relative) elsewhere, subnormals included. PyTorch: `torch.log`.
    public static func log(_ x: UnsafeBufferPointer<Float>, _ y: UnsafeMutableBufferPointer<Float>) {
        guard let px = x.baseAddress, let py = y.baseAddress else { return }
        precondition(y.count >= x.count, "Elementwise.log: output holds \(y.count) elements, input \(x.count)")
        nk_log(px, py, x.count)
    }

    /// Binary cross-entropy of probabilities `p` against targets `y`, both `rows × cols`, in one
    /// pass: `loss[r] = −Σⱼ [y·log p + (1 − y)·log(1 − p)]` over row `r` (each log clamped below at
    /// −100; terms in Float, the row sum in Double) and `gradient = scale·(p − y) / max(p(1 − p), 10⁻¹²)`.
    /// Returns false, leaving the outputs unspecified, when some `p` is outside [0, 1] or NaN.
    /// PyTorch: `torch.nn.functional.binary_cross_entropy` (per element) and its gradient.
    public static func binaryCrossEntropy(
        _ p: UnsafeBufferPointer<Float>, _ y: UnsafeBufferPointer<Float>, rows: Int, cols: Int, scale: Float,
        loss: UnsafeMutableBufferPointer<Double>, gradient: UnsafeMutableBufferPointer<Float>
    ) -> Bool {
        precondition(
            p.count == rows * cols && y.count == p.count && gradient.count == p.count && loss.count == rows,
            "Elementwise.binaryCrossEntropy: buffer sizes differ")
        guard let pp = p.baseAddress, let py = y.baseAddress, let pl = loss.baseAddress, let pg = gradient.baseAddress else { return true }
        var outside = [UInt8](repeating: 0, count: rows)  // per range, at its first row
        outside.withUnsafeMutableBufferPointer { outside in  // rows split over the kernel threads when large
            Parallelism.forEachRange(count: rows, grain: max(1, transcendentalGrain / max(cols, 1))) { r in
                let o = r.lowerBound * cols
                outside[r.lowerBound] = UInt8(nk_bce(pp + o, py + o, r.count, cols, scale, pl + r.lowerBound, pg + o))
            }
        }
        return !outside.contains(1)
    }

    /// `y[i] = max(x[i], 0)` (NaN stays NaN), split over the kernel threads when large.
    /// PyTorch: `torch.relu`.
    public static func relu(_ x: UnsafeBufferPointer<Float>, _ y: UnsafeMutableBufferPointer<Float>) {
        guard let px = x.baseAddress, let py = y.baseAddress else { return }
        precondition(y.count >= x.count, "Elementwise.relu: output holds \(y.count) elements, input \(x.count)")
        Parallelism.forEachRange(count: x.count, grain: parallelGrain) { r in
            nk_relu(px + r.lowerBound, py + r.lowerBound, r.count)
        }
    }

    /// The ReLU backward: `dx[i] = d[i]` where `x[i] > 0`, else 0; split over the kernel threads
    /// when large.
    public static func reluBackward(
        _ x: UnsafeBufferPointer<Float>, delta d: UnsafeBufferPointer<Float>,
        _ dx: UnsafeMutableBufferPointer<Float>
    ) {
        guard let px = x.baseAddress, let pd = d.baseAddress, let pdx = dx.baseAddress else { return }
        precondition(d.count == x.count && dx.count >= x.count, "Elementwise.reluBackward: \(x.count) inputs, \(d.count) deltas, room for \(dx.count)")
        Parallelism.forEachRange(count: x.count, grain: parallelGrain) { r in
            nk_relu_backward(px + r.lowerBound, pd + r.lowerBound, pdx + r.lowerBound, r.count)
        }
    }

    /// Elements per thread below which a memory-bound loop stays on one thread: under twice this
    /// (W1's 64×100 activations, say), handing half to a worker costs more than it saves.
    public static let parallelGrain = 1 << 15

    /// The same for binary cross-entropy, about twenty times the arithmetic per element: W5's
    /// outputs (50 × 256) are split. Every element sees the same arithmetic whatever range holds it.
    public static let transcendentalGrain = 1 << 12

    /// The same for tanh and sigmoid: batch-1000 activations (100k elements, ~40 µs on one core)
    /// are split; an RBM's 64 × 784 probabilities are not, because the sampling that reads them
    /// next runs on the calling thread, and pulling the other half back from the worker's cache
    /// cost more than the split saved (W6 3 % slower with a 4k grain).
    public static let activationGrain = 1 << 15

    /// Adds `v` to every row of the row-major matrix `x` (`rows × v.count`): `x[i, j] += v[j]`,
    /// split by rows over the kernel threads when `x` is as large as an activation that is split
    /// (`activationGrain`): batch-1000 inference, not a training batch of 64.
    /// The bias add of `Linear.forward`. PyTorch: `x += v` (broadcast over the batch).
    public static func addRowVector(_ v: UnsafeBufferPointer<Float>, to x: UnsafeMutableBufferPointer<Float>, rows: Int) {
        precondition(x.count == rows * v.count, "Elementwise.addRowVector: \(x.count) elements is not \(rows) rows of \(v.count)")
        guard let pv = v.baseAddress, let px = x.baseAddress, !v.isEmpty else { return }
        let cols = v.count
        Parallelism.forEachRange(count: rows, grain: max(1, activationGrain / cols)) { r in
            nk_add_row_vector(pv, px + r.lowerBound * cols, r.count, cols)
        }
    }

    /// Accumulates the column sums of the row-major matrix `x` (`rows × s.count`) into `s`:
    /// `s[j] += Σᵢ x[i, j]` (it adds; zero `s` first for a plain sum). The bias gradient of
    /// `Linear`. PyTorch: `s += x.sum(0)`.
    public static func sumRows(_ x: UnsafeBufferPointer<Float>, rows: Int, into s: UnsafeMutableBufferPointer<Float>) {
        precondition(x.count == rows * s.count, "Elementwise.sumRows: \(x.count) elements is not \(rows) rows of \(s.count)")
        guard let px = x.baseAddress, let ps = s.baseAddress else { return }
        nk_sum_rows(px, rows, s.count, ps)
    }

    /// `s[j] = max(s[j], |x[i, j] − ref[j]|)` over the rows of the row-major `x` (`rows × s.count`):
    /// with `ref` one of the rows, `s[j] == 0` exactly when column `j` is constant.
    public static func columnSpread(
        _ x: UnsafeBufferPointer<Float>, rows: Int, reference: UnsafeBufferPointer<Float>,
        into s: UnsafeMutableBufferPointer<Float>
    ) {
        precondition(
            x.count == rows * s.count && reference.count == s.count,
            "Elementwise.columnSpread: \(x.count) elements is not \(rows) rows of \(s.count)")
        guard let px = x.baseAddress, let pr = reference.baseAddress, let ps = s.baseAddress else { return }
        nk_column_spread(px, rows, s.count, pr, ps)
    }
}
