// The t-SNE objective and its gradient: exact over all pairs, or sparse attraction with Barnes–Hut or FFT-interpolated repulsion.

import Foundation
import NKCore

extension TSNE {
    /// The exact `KL(P ‖ Q)` and its gradient with respect to `y` (`(n, dims)`, row-major):
    /// `∂KL/∂yᵢ = 4 Σⱼ (αpᵢⱼ − qᵢⱼ) wᵢⱼ (yᵢ − yⱼ)`, `wᵢⱼ = 1/(1 + ‖yᵢ − yⱼ‖²)`, `qᵢⱼ = wᵢⱼ / Σ_{k≠l} w_{kl}`,
    /// with `P` dense `(n, n)` and exaggeration `α` (the KL is that of `P`, without `α`).
    static func exactGradient(p: [Double], y: [Double], n: Int, dims: Int, exaggeration: Double = 1) -> (kl: Double, gradient: [Double]) {
        var w = [Double](repeating: 0, count: n * n)
        var z = 0.0
        for i in 0..<n {
            for j in 0..<n where j != i {
                var d2 = 0.0
                for t in 0..<dims { let x = y[i * dims + t] - y[j * dims + t]; d2 += x * x }
                w[i * n + j] = 1 / (1 + d2)
                z += w[i * n + j]
            }
        }
        var gradient = [Double](repeating: 0, count: n * dims)
        var kl = 0.0
        for i in 0..<n {
            for j in 0..<n where j != i {
                let q = w[i * n + j] / z
                let pij = p[i * n + j]
                if pij > 0 { kl += pij * log(pij / max(q, 1e-300)) }
                let f = 4 * (exaggeration * pij - q) * w[i * n + j]
                for t in 0..<dims { gradient[i * dims + t] += f * (y[i * dims + t] - y[j * dims + t]) }
            }
        }
        return (kl, gradient)
    }

    /// The Barnes–Hut gradient (2-D `y`) into `gradient`; returns `KL(P ‖ Q)` when `withKL`
    /// (else 0), with `Q`'s normaliser from the same tree. A fresh tree; `fit` keeps one across
    /// iterations (see the overload).
    static func barnesHutGradient(
        p: SparseAffinities, y: [Double], n: Int, exaggeration: Double, theta: Double,
        gradient: inout [Double], withKL: Bool
    ) -> Double {
        var tree = QuadTree(count: n)
        return barnesHutGradient(
            p: p, y: y, n: n, exaggeration: exaggeration, theta: theta, tree: &tree,
            gradient: &gradient, withKL: withKL)
    }

    /// The Barnes–Hut gradient, rebuilding `tree` (which keeps the last iteration's point order).
    /// Repulsion is split over the kernel threads by ranges of points.
    static func barnesHutGradient(
        p: SparseAffinities, y: [Double], n: Int, exaggeration: Double, theta: Double,
        tree: inout QuadTree, gradient: inout [Double], withKL: Bool
    ) -> Double {
        var repulsion = [Double](repeating: 0, count: 2 * n)
        var pointZ = [Double](repeating: 0, count: n)
        y.withUnsafeBufferPointer { tree.rebuild($0, thetaSquared: theta * theta) }
        let built = tree
        repulsion.withUnsafeMutableBufferPointer { r in
            pointZ.withUnsafeMutableBufferPointer { z in
                y.withUnsafeBufferPointer { py in
                    Parallelism.forEachRange(count: n, grain: 64) { positions in
                        built.repulsion(positions, py.baseAddress!, force: r.baseAddress!, sumW: z.baseAddress!)
                    }
                }
            }
        }
        // Summed per point, then in order: the normaliser does not depend on the split.
        return sparseGradient(
            p: p, y: y, n: n, exaggeration: exaggeration, repulsion: repulsion, z: pointZ.reduce(0, +),
            gradient: &gradient, withKL: withKL)
    }

    /// The gradient with the FFT-interpolated repulsion (2-D `y`) into `gradient`; returns
    /// `KL(P ‖ Q)` when `withKL` (else 0). `grid` keeps its buffers across iterations.
    static func interpolatedGradient(
        p: SparseAffinities, y: [Double], n: Int, exaggeration: Double,
        grid: inout InterpolatedRepulsion, gradient: inout [Double], withKL: Bool
    ) -> Double {
        var repulsion = [Double](repeating: 0, count: 2 * n)
        let z = repulsion.withUnsafeMutableBufferPointer { r in
            y.withUnsafeBufferPointer { grid.compute($0, n: n, force: r.baseAddress!) }
        }
        return sparseGradient(
            p: p, y: y, n: n, exaggeration: exaggeration, repulsion: repulsion, z: z,
            gradient: &gradient, withKL: withKL)
    }

    /// Combines the attraction over the sparse `P` with a repulsion `Σⱼ wᵢⱼ²(yᵢ − yⱼ)` (`(n, 2)`) and
    /// the normaliser `Z = Σ_{i≠j} wᵢⱼ`: `∂KL/∂yᵢ = 4(α Σⱼ pᵢⱼwᵢⱼ(yᵢ − yⱼ) − repulsionᵢ / Z)`.
    static func sparseGradient(
        p: SparseAffinities, y: [Double], n: Int, exaggeration: Double, repulsion: [Double],
        z: Double, gradient: inout [Double], withKL: Bool
    ) -> Double {
        let z = max(z, 1e-300)
        gradient.withUnsafeMutableBufferPointer { g in
            p.rowStart.withUnsafeBufferPointer { starts in
                p.columns.withUnsafeBufferPointer { columns in
                    p.values.withUnsafeBufferPointer { values in
                        y.withUnsafeBufferPointer { y in
                            repulsion.withUnsafeBufferPointer { repulsion in
                                Parallelism.forEachRange(count: n, grain: 256) { range in
                                    for i in range {
                                        var ax = 0.0, ay = 0.0
                                        for e in starts[i]..<starts[i + 1] {
                                            let j = Int(columns[e])
                                            let dx = y[2 * i] - y[2 * j], dy = y[2 * i + 1] - y[2 * j + 1]
                                            let pw = values[e] / (1 + dx * dx + dy * dy)
                                            ax += pw * dx; ay += pw * dy
                                        }
                                        g[2 * i] = 4 * (exaggeration * ax - repulsion[2 * i] / z)
                                        g[2 * i + 1] = 4 * (exaggeration * ay - repulsion[2 * i + 1] / z)
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        guard withKL else { return 0 }
        var kl = 0.0
        for i in 0..<n {
            for e in p.rowStart[i]..<p.rowStart[i + 1] where p.values[e] > 0 {
                let j = Int(p.columns[e])
                let dx = y[2 * i] - y[2 * j], dy = y[2 * i + 1] - y[2 * j + 1]
                let w = 1 / (1 + dx * dx + dy * dy)
                kl += p.values[e] * log(p.values[e] * z / w)
            }
        }
        return kl
    }
}
