// The per-point Gaussian bandwidth of t-SNE, found by binary search to match a perplexity.

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Conditional probabilities `p_{j|i} ∝ exp(−β dᵢⱼ²)` whose entropy is `ln(perplexity)`.
enum PerplexityCalibration {
    /// Returns `p_{j|i}` for the given squared distances (one row), with `β` found by bisection
    /// (doubling / halving until bracketed) to within 1e-5 nats of `ln(perplexity)`, 200 steps at most.
    static func conditional(squaredDistances d: [Double], perplexity: Double) -> [Double] {
        guard !d.isEmpty else { return [] }
        let target = log(perplexity)
        let shift = d.min()!  // exp(−β(d − min)) avoids underflow of every term
        var beta = 1.0, low = 0.0, high = Double.infinity
        var p = [Double](repeating: 0, count: d.count)
        for _ in 0..<200 {
            var sum = 0.0, weighted = 0.0
            for j in d.indices {
                p[j] = exp(-beta * (d[j] - shift))
                sum += p[j]; weighted += p[j] * (d[j] - shift)
            }
            let entropy = log(sum) + beta * weighted / sum
            for j in d.indices { p[j] /= sum }
            if abs(entropy - target) < 1e-5 { break }
            if entropy > target {
                low = beta
                beta = high.isInfinite ? beta * 2 : (beta + high) / 2
            } else {
                high = beta
                beta = (beta + low) / 2
            }
        }
        return p
    }
}
