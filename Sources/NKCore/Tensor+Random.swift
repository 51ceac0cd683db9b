// Random tensors drawn from an explicitly passed generator.

extension Tensor {
    /// Elements drawn uniformly from [`low`, `high`).
    public static func uniform(_ shape: [Int], low: Float, high: Float, using rng: inout RandomGenerator) -> Tensor {
        Tensor(uninitializedShape: shape) { out in
            for i in out.indices { out[i] = low + (high - low) * rng.nextUnitFloat() }
        }
    }

    /// Elements drawn from a normal distribution N(`mean`, `std`²).
    public static func normal(_ shape: [Int], mean: Float = 0, std: Float = 1, using rng: inout RandomGenerator) -> Tensor {
        Tensor(uninitializedShape: shape) { out in
            for i in out.indices { out[i] = mean + std * Float(rng.nextNormal()) }
        }
    }
}
