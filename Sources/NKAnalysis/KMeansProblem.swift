// The data of one k-means fit and one seeded run of it: k-means++ seeding and Lloyd iterations.

import Foundation
import NKCore

/// Row-major data `(n, d)` with its squared row norms, shared read-only by the runs of `KMeans`.
struct KMeansProblem: Sendable {
    let data: [Float]
    let n: Int, d: Int, k: Int
    let norms: [Float]

    /// One run's outcome.
    struct Run: Sendable {
        var centroids: [Float]
        var assignments: [Int32]
        var inertia: Double
        var iterations: Int
    }

    init(data: [Float], n: Int, d: Int, k: Int) {
        self.data = data; self.n = n; self.d = d; self.k = k
        norms = (0..<n).map { i in (0..<d).reduce(Float(0)) { $0 + data[i * d + $1] * data[i * d + $1] } }
    }

    /// The mean over features of the per-feature variance (what the tolerance is relative to).
    func meanVariance() -> Double {
        var sum = [Double](repeating: 0, count: d), square = [Double](repeating: 0, count: d)
        for i in 0..<n { for j in 0..<d { let x = Double(data[i * d + j]); sum[j] += x; square[j] += x * x } }
        let count = Double(n)
        return (0..<d).reduce(0.0) { $0 + square[$1] / count - (sum[$1] / count) * (sum[$1] / count) } / Double(d)
    }

    /// `out[i·m + j] = ‖xᵢ − cⱼ‖²` (clamped at 0) for the `m` centres `c` (`(m, d)` row-major).
    ///
    /// The centres are padded with zero rows to a multiple of 16 (the GEMM tile width) so that the
    /// GEMM keeps `X` as its unpacked operand: with 10 centres it would otherwise swap operands and
    /// repack all of `X` on every call, which cost as much as the multiplication.
    func squaredDistances(to c: [Float], count m: Int, into out: inout [Float]) {
        let centreNorms = (0..<m).map { j in (0..<d).reduce(Float(0)) { $0 + c[j * d + $1] * c[j * d + $1] } }
        let padded = (m + 15) / 16 * 16
        var centres = c
        centres.append(contentsOf: repeatElement(0, count: (padded - m) * d))
        var products = [Float](repeating: 0, count: n * padded)
        data.withUnsafeBufferPointer { x in
            centres.withUnsafeBufferPointer { pc in
                products.withUnsafeMutableBufferPointer { o in
                    // o[n × padded] = X · Cᵀ
                    GEMM.multiply(
                        transposeA: false, transposeB: true, m: n, n: padded, k: d,
                        a: x.baseAddress!, lda: d, b: pc.baseAddress!, ldb: d, beta: 0, c: o.baseAddress!, ldc: padded)
                }
            }
        }
        products.withUnsafeBufferPointer { o in
            out.withUnsafeMutableBufferPointer { out in
                norms.withUnsafeBufferPointer { xn in
                    centreNorms.withUnsafeBufferPointer { cn in
                        for i in 0..<n { for j in 0..<m { out[i * m + j] = max(0, xn[i] - 2 * o[i * padded + j] + cn[j]) } }
                    }
                }
            }
        }
    }

    /// Greedy k-means++: each centre is the best (lowest resulting potential) of a few D²-sampled candidates.
    func seedCentres(using rng: inout RandomGenerator) -> [Float] {
        var centres = [Float](repeating: 0, count: k * d)
        let first = Int(rng.next() % UInt64(n))
        centres[0..<d] = data[(first * d)..<((first + 1) * d)]
        var closest = [Float](repeating: 0, count: n)
        squaredDistances(to: Array(centres[0..<d]), count: 1, into: &closest)
        let trials = 2 + Int(log(Double(k)))
        var candidateDistances = [Float](repeating: 0, count: n * trials)
        for c in 1..<k {
            let potential = closest.reduce(0.0) { $0 + Double($1) }
            let picks: [Int] = (0..<trials).map { _ in
                var target = rng.nextUnitDouble() * potential
                for i in 0..<n { target -= Double(closest[i]); if target < 0 { return i } }
                return Int(rng.next() % UInt64(n))  // all remaining mass is zero (duplicates)
            }
            let candidates = picks.flatMap { data[($0 * d)..<(($0 + 1) * d)] }
            squaredDistances(to: candidates, count: trials, into: &candidateDistances)
            var best = 0, bestPotential = Double.infinity
            for t in 0..<trials {
                var p = 0.0
                for i in 0..<n { p += Double(min(closest[i], candidateDistances[i * trials + t])) }
                if p < bestPotential { bestPotential = p; best = t }
            }
            for i in 0..<n { closest[i] = min(closest[i], candidateDistances[i * trials + best]) }
            centres[(c * d)..<((c + 1) * d)] = candidates[(best * d)..<((best + 1) * d)]
        }
        return centres
    }

    /// Seeds, then runs Lloyd iterations until the squared centre shift is ≤ `threshold`.
    func run(using rng: inout RandomGenerator, threshold: Double, maxIterations: Int) -> Run {
        var centres = seedCentres(using: &rng)
        var distances = [Float](repeating: 0, count: n * k)
        var assignments = [Int32](repeating: -1, count: n)
        var iterations = 0
        var sums = [Float](repeating: 0, count: k * d)
        var sizes = [Int](repeating: 0, count: k)
        while iterations < maxIterations {
            iterations += 1
            let (changed, nearest) = assign(centres, &distances, &assignments)
            data.withUnsafeBufferPointer { x in
                sums.withUnsafeMutableBufferPointer { s in
                    for j in s.indices { s[j] = 0 }
                    for c in 0..<k { sizes[c] = 0 }
                    for i in 0..<n {
                        let c = Int(assignments[i]); sizes[c] += 1
                        // sums[c] += x[i], by the vectorised kernel
                        Elementwise.addRowVector(
                            UnsafeBufferPointer(rebasing: x[(i * d)..<((i + 1) * d)]),
                            to: UnsafeMutableBufferPointer(rebasing: s[(c * d)..<((c + 1) * d)]), rows: 1)
                    }
                }
            }
            // Empty clusters take the samples farthest from their centres.
            var far: IndexingIterator<[Int]>?
            var shift = 0.0
            for c in 0..<k {
                if sizes[c] == 0 {
                    if far == nil { far = (0..<n).sorted { nearest[$0] > nearest[$1] }.makeIterator() }
                    if let i = far!.next() {
                        for j in 0..<d { sums[c * d + j] = data[i * d + j] }
                        sizes[c] = 1
                    }
                }
                let scale = 1 / Float(max(sizes[c], 1))
                for j in 0..<d {
                    let updated = sums[c * d + j] * scale
                    let delta = Double(updated - centres[c * d + j])
                    shift += delta * delta
                    centres[c * d + j] = updated
                }
            }
            if !changed && iterations > 1 || shift <= threshold { break }
        }
        // A last assignment so that the labels and the inertia belong to the returned centres.
        let (_, nearest) = assign(centres, &distances, &assignments)
        return Run(
            centroids: centres, assignments: assignments,
            inertia: nearest.reduce(0.0) { $0 + Double($1) }, iterations: iterations)
    }

    /// Assigns each sample to its nearest centre; returns whether any label changed and each
    /// sample's squared distance to its centre.
    func assign(_ centres: [Float], _ distances: inout [Float], _ assignments: inout [Int32]) -> (Bool, [Float]) {
        squaredDistances(to: centres, count: k, into: &distances)
        var changed = false
        var nearest = [Float](repeating: 0, count: n)
        for i in 0..<n {
            var best = 0
            var value = distances[i * k]
            for c in 1..<max(k, 1) where distances[i * k + c] < value { value = distances[i * k + c]; best = c }
            if assignments[i] != Int32(best) { changed = true; assignments[i] = Int32(best) }
            nearest[i] = value
        }
        return (changed, nearest)
    }
}
