// Bernoulli: binary samples of a matrix of probabilities, rows in parallel.

import CNKKernels

/// Binary samples of probabilities, as an RBM's Gibbs steps draw them: `1` where a uniform draw
/// falls below the probability, else `0`.
///
/// Each row (along the first dimension) draws from eight xoshiro256** generators of its own, one
/// per lane of a 512-bit register, seeded from one number of the caller's generator and the row's
/// index (SplitMix64). So the rows are sampled in parallel over the kernel threads, eight lanes at
/// a time, and the result is the same bits on any thread count and at every kernel level.
///
/// ```swift
/// var rng = RandomGenerator(seed: 1)
/// let h = Bernoulli.sample(probabilities, using: &rng)   // same shape, values 0 or 1
/// ```
public enum Bernoulli {
    /// Samples every element of `p` (values in [0, 1]; below 0 always gives 0, 1 or more always 1);
    /// `rng` advances by exactly one draw.
    public static func sample(_ p: Tensor, using rng: inout RandomGenerator) -> Tensor {
        let seed = rng.next()
        let rows = p.rowCount, width = p.rowSize
        return Tensor(uninitializedShape: p.shape) { out in
            p.withUnsafeBufferPointer { p in
                guard let pp = p.baseAddress, let po = out.baseAddress, width > 0 else { return }
                Parallelism.forEachRange(count: rows, grain: max(1, grain / width)) { range in
                    let first = range.lowerBound
                    nk_bernoulli_rows(pp + first * width, po + first * width, range.count, width, seed, first)
                }
            }
        }
    }

    /// Draws per piece when sampling is split over threads (a 64 × 784 batch: two pieces).
    static let grain = 16_384
}
