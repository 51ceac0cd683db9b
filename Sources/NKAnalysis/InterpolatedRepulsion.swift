// The t-SNE repulsion by interpolation on a grid and FFT convolution (the FIt-SNE idea), and its direct-sum reference.

import Foundation
import NKCore

/// The repulsive sums of 2-D t-SNE, `Z = Σ_{i≠j} wᵢⱼ` and `Fᵢ = Σⱼ wᵢⱼ²(yᵢ − yⱼ)` over `j ≠ i` with
/// `w = 1 / (1 + ‖yᵢ − yⱼ‖²)`, in `O(n + L² log L)` instead of `O(n²)` (the idea of FIt-SNE,
/// Linderman et al. 2019, with one convolution instead of four).
///
/// The points' bounding box is covered by an `M × M` grid of spacing `h` (`maxSpacing` once the
/// embedding is wide enough, finer before). Each point spreads a unit charge to the 6 × 6 nodes
/// around it with Lagrange weights of degree 5. `F` is the convolution of the charges with the vector
/// kernel `G(d) = d / (1 + ‖d‖²)²`, interpolated back to the points with the same weights (the
/// point's own term cancels: `G` is odd); `Z + n` is `Σ` charge × (charges convolved with
/// `K(d) = 1/(1 + ‖d‖²)`), read off the spectra (Parseval). Both convolutions are by FFT on an
/// `L × L` grid (`L ≥ 2M`, `L = 2ᵃ3ᵇ`) so that the circular convolution is the linear one: one
/// forward transform of the charges, one inverse of `Ĝ₁ + i·Ĝ₂` times it. The kernels' spectra
/// are kept while `h` and `L` stay. The error falls as `h⁶`; at `h = 0.5` (the kernel's core is 1
/// wide) the force is within about 1 % of the exact one.
///
/// The buffers are kept between calls (t-SNE calls it every iteration); the spreading runs in point
/// order and the rest splits by columns or points, so the result does not depend on the thread count.
struct InterpolatedRepulsion: Sendable {
    /// The grid spacing for wide embeddings, in embedding units.
    var maxSpacing = 0.5
    /// The largest FFT grid side `L` (memory: `5·L²` doubles, 42 MB at 1,024); a wider embedding
    /// gets a coarser grid.
    static let maxLength = 1_024
    /// The smallest FFT grid side.
    static let minLength = 48

    private var plan: GridFFT?
    private var spacing = 0.0
    /// `(L, L)` grids: the charges and then the force potentials; the spectra of `G₁ + i·G₂` and of `K`
    /// (real), with the inverse transform's `1/L²` folded in.
    private var aRe: [Double] = [], aIm: [Double] = []
    private var gRe: [Double] = [], gIm: [Double] = [], kRe: [Double] = []

    init(maxSpacing: Double = 0.5) { self.maxSpacing = maxSpacing }

    /// Interpolation nodes per axis: Lagrange polynomials of degree `order − 1` on the nodes
    /// `k − order/2 + 1 … k + order/2` around a point at `t = k + f`, `0 ≤ f < 1`.
    static let order = 6
    /// `(order − 1)!`-style denominators `Π_{i≠j}(j − i)` of the Lagrange basis on offsets `0..<order`.
    private static let denominators: [Double] = (0..<order).map { j in
        (0..<order).reduce(1.0) { $1 == j ? $0 : $0 * Double(j - $1) }
    }

    /// The Lagrange weights of the `order` nodes around `t = k + f` (lanes past `order` are 0).
    @inline(__always)
    static func weights(_ f: Double) -> SIMD8<Double> {
        let x = f + Double(order / 2 - 1)  // the position on node offsets 0..<order
        var w = SIMD8<Double>()
        for j in 0..<order {
            var product = 1.0
            for i in 0..<order where i != j { product *= x - Double(i) }
            w[j] = product / denominators[j]
        }
        return w
    }

    /// Samples the kernels at spacing `h` on the `L × L` circular grid (offset `r` stands for
    /// `r − L` above `L/2`; the unused offset `L/2` is 0 in `G` to keep it odd) and transforms them.
    private mutating func prepareKernels(plan: GridFFT, h: Double) {
        let l = plan.length
        if gRe.count != l * l {
            for buffer in [\Self.aRe, \.aIm, \.gRe, \.gIm, \.kRe] { self[keyPath: buffer] = [Double](repeating: 0, count: l * l) }
        }
        var kIm = [Double](repeating: 0, count: l * l)
        gRe.withUnsafeMutableBufferPointer { gr in
            gIm.withUnsafeMutableBufferPointer { gi in
                kRe.withUnsafeMutableBufferPointer { kr in
                    kIm.withUnsafeMutableBufferPointer { ki in
                        func offset(_ r: Int) -> Double { r < l / 2 ? Double(r) * h : r > l / 2 ? Double(r - l) * h : 0 }
                        for r in 0..<l {
                            let dy = offset(r)
                            for c in 0..<l {
                                let dx = offset(c)
                                let w = 1 / (1 + dx * dx + dy * dy)
                                kr[r * l + c] = r == l / 2 || c == l / 2 ? 0 : w
                                gr[r * l + c] = w * w * dx; gi[r * l + c] = w * w * dy
                            }
                        }
                        plan.transform2D(re: gr.baseAddress!, im: gi.baseAddress!, nonzeroColumns: l, inverse: false)
                        plan.transform2D(re: kr.baseAddress!, im: ki.baseAddress!, nonzeroColumns: l, inverse: false)
                        let scale = 1 / Double(l * l)
                        for e in 0..<(l * l) { gr[e] *= scale; gi[e] *= scale; kr[e] *= scale }
                    }
                }
            }
        }
    }

    /// Writes `Fᵢ` of each point `i` of `y` (`(n, 2)` row-major) to `force[2i], force[2i+1]` and
    /// returns `Z`.
    mutating func compute(_ y: UnsafeBufferPointer<Double>, n: Int, force: UnsafeMutablePointer<Double>) -> Double {
        guard n > 1 else { if n == 1 { force[0] = 0; force[1] = 0 }; return 0 }
        var minX = Double.infinity, maxX = -Double.infinity, minY = Double.infinity, maxY = -Double.infinity
        for i in 0..<n {
            minX = min(minX, y[2 * i]); maxX = max(maxX, y[2 * i])
            minY = min(minY, y[2 * i + 1]); maxY = max(maxY, y[2 * i + 1])
        }
        let extent = max(maxX - minX, maxY - minY, 1e-12)
        // Nodes 0..<m at spacing h, the box centred: every point has its nodes inside (m − order ≥ extent / h).
        let p = Self.order
        var h = min(maxSpacing, extent / Double(Self.minLength / 2 - p))
        var l = GridFFT.length(atLeast: 2 * (Int((extent / h).rounded(.up)) + p))
        if l > Self.maxLength { l = Self.maxLength; h = extent / Double(l / 2 - p) }
        if plan?.length != l || spacing != h {
            plan = GridFFT(length: l)
            spacing = h
            prepareKernels(plan: plan!, h: h)
        }
        let plan = plan!, m = l / 2
        let low = p / 2 - 1, high = m - p / 2 - 1  // the range of a point's node k
        let lowX = (minX + maxX - Double(m - 1) * h) / 2, lowY = (minY + maxY - Double(m - 1) * h) / 2
        var z = 0.0
        aRe.withUnsafeMutableBufferPointer { ar in
            aIm.withUnsafeMutableBufferPointer { ai in
                gRe.withUnsafeBufferPointer { gr in
                    gIm.withUnsafeBufferPointer { gi in
                        kRe.withUnsafeBufferPointer { kr in
                            ar.update(repeating: 0); ai.update(repeating: 0)
                            // Spread (in point order: deterministic). Grid rows are y₂, columns y₁.
                            for i in 0..<n {
                                let tx = (y[2 * i] - lowX) / h, ty = (y[2 * i + 1] - lowY) / h
                                let kx = min(max(Int(tx), low), high), ky = min(max(Int(ty), low), high)
                                let wx = Self.weights(tx - Double(kx)), wy = Self.weights(ty - Double(ky))
                                for a in 0..<p {
                                    let row = (ky - low + a) * l + kx - low
                                    for b in 0..<p { ar[row + b] += wy[a] * wx[b] }
                                }
                            }
                            plan.transform2D(re: ar.baseAddress!, im: ai.baseAddress!, nonzeroColumns: m, inverse: false)
                            // Z + n = Σ_k |Q̂|²·K̂ / L² (K̂ carries the 1/L² already; summed by rows, then in order).
                            var rowSums = [Double](repeating: 0, count: l)
                            rowSums.withUnsafeMutableBufferPointer { sums in
                                Parallelism.forEachRange(count: l, grain: 16) { rows in
                                    for r in rows {
                                        var s = 0.0
                                        for e in (r * l)..<((r + 1) * l) { s += (ar[e] * ar[e] + ai[e] * ai[e]) * kr[e] }
                                        sums[r] = s
                                        // Q̂·(Ĝ₁ + i·Ĝ₂): its inverse is G₁∗q + i·G₂∗q, both real.
                                        for e in (r * l)..<((r + 1) * l) {
                                            let qr = ar[e], qi = ai[e]
                                            ar[e] = qr * gr[e] - qi * gi[e]; ai[e] = qr * gi[e] + qi * gr[e]
                                        }
                                    }
                                }
                            }
                            z = rowSums.reduce(0, +) - Double(n)
                            plan.inverse2D(re: ar.baseAddress!, im: ai.baseAddress!, neededColumns: m)
                            // Gather with the same weights, per point.
                            Parallelism.forEachRange(count: n, grain: 256) { points in
                                for i in points {
                                    let tx = (y[2 * i] - lowX) / h, ty = (y[2 * i + 1] - lowY) / h
                                    let kx = min(max(Int(tx), low), high), ky = min(max(Int(ty), low), high)
                                    let wx = Self.weights(tx - Double(kx)), wy = Self.weights(ty - Double(ky))
                                    var fx = 0.0, fy = 0.0
                                    for a in 0..<p {
                                        let row = (ky - low + a) * l + kx - low
                                        for b in 0..<p {
                                            let w = wy[a] * wx[b]
                                            fx += w * ar[row + b]; fy += w * ai[row + b]
                                        }
                                    }
                                    force[2 * i] = fx; force[2 * i + 1] = fy
                                }
                            }
                        }
                    }
                }
            }
        }
        return z
    }

    /// The same sums by direct summation over all pairs, `O(n²)`: the reference for tests.
    static func directSums(_ y: [Double], n: Int) -> (force: [Double], sumW: [Double]) {
        var force = [Double](repeating: 0, count: 2 * n), sumW = [Double](repeating: 0, count: n)
        for i in 0..<n {
            for j in 0..<n where j != i {
                let dx = y[2 * i] - y[2 * j], dy = y[2 * i + 1] - y[2 * j + 1]
                let w = 1 / (1 + dx * dx + dy * dy)
                sumW[i] += w
                force[2 * i] += w * w * dx; force[2 * i + 1] += w * w * dy
            }
        }
        return (force, sumW)
    }
}
