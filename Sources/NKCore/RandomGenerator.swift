// A seeded, explicitly passed random number generator (xoshiro256**, seeded through SplitMix64).

/// The random source every NeuralKit function that needs randomness takes as an `inout` argument.
/// There is no global generator: one seed reproduces a whole run.
///
/// The algorithm is xoshiro256** (Blackman & Vigna), with its 256-bit state filled from the seed by
/// SplitMix64. It conforms to `RandomNumberGenerator`, so `Int.random(in:using:)` and
/// `shuffle(using:)` work with it too. It is `Codable` (its four state words), so a run can save a
/// generator mid-stream and continue it exactly (`neuralkit train --resume`).
///
/// ```swift
/// var rng = RandomGenerator(seed: 0)
/// let w = Tensor.uniform([100, 784], low: -0.1, high: 0.1, using: &rng)
/// ```
public struct RandomGenerator: RandomNumberGenerator, Sendable, Equatable, Codable {
    // Visible to inlined code only: `next()` is inlined into the samplers of other modules (an RBM
    // step draws about 114,000 numbers), where a call per draw cost more than the draw.
    @usableFromInline var s0, s1, s2, s3: UInt64

    public init(seed: UInt64) {
        var x = seed
        func splitMix() -> UInt64 {
            x &+= 0x9E37_79B9_7F4A_7C15
            var z = x
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        s0 = splitMix(); s1 = splitMix(); s2 = splitMix(); s3 = splitMix()
    }

    @inlinable @inline(__always)
    static func rotl(_ x: UInt64, _ k: UInt64) -> UInt64 { (x << k) | (x >> (64 - k)) }

    @inlinable public mutating func next() -> UInt64 {
        let result = RandomGenerator.rotl(s1 &* 5, 7) &* 9
        let t = s1 << 17
        s2 ^= s0; s3 ^= s1; s1 ^= s2; s0 ^= s3
        s2 ^= t
        s3 = RandomGenerator.rotl(s3, 45)
        return result
    }

    /// A uniform `Float` in [0, 1) with 24 random bits.
    @inlinable public mutating func nextUnitFloat() -> Float {
        Float(next() >> 40) * (1.0 / 16_777_216.0)
    }

    /// A uniform `Double` in [0, 1) with 53 random bits.
    public mutating func nextUnitDouble() -> Double {
        Double(next() >> 11) * (1.0 / 9_007_199_254_740_992.0)
    }

    /// A standard normal sample (Box–Muller, in double precision).
    public mutating func nextNormal() -> Double {
        var u1 = nextUnitDouble()
        while u1 <= .leastNormalMagnitude { u1 = nextUnitDouble() }
        let u2 = nextUnitDouble()
        return (-2 * _log(u1)).squareRoot() * _cos(2 * .pi * u2)
    }

    /// A generator derived from this one for an independent stream (e.g. one per worker or per
    /// epoch), advancing this one by a single draw.
    public mutating func split() -> RandomGenerator { RandomGenerator(seed: next()) }
}

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

@usableFromInline func _log(_ x: Double) -> Double { log(x) }
@usableFromInline func _cos(_ x: Double) -> Double { cos(x) }
