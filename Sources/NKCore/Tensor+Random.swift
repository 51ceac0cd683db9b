// Random tensors drawn from an explicitly passed generator.

extension Tensor {
    /// Elements drawn uniformly from [`low`, `high`).
    /// The draws run on a local copy of the generator, handed back at the end: through the closure's
    /// `inout` capture its state was stored and reloaded on every draw (the same numbers, slower).
    public static func uniform(_ shape: [Int], low: Float, high: Float, using rng: inout RandomGenerator) -> Tensor {
        var local = rng
        defer { rng = local }
        return Tensor(uninitializedShape: shape) { out in
            for i in out.indices { out[i] = low + (high - low) * local.nextUnitFloat() }
        }
    }

    /// Elements drawn from a normal distribution N(`mean`, `std`²).
    public static func normal(_ shape: [Int], mean: Float = 0, std: Float = 1, using rng: inout RandomGenerator) -> Tensor {
        var local = rng
        defer { rng = local }
        return Tensor(uninitializedShape: shape) { out in
            for i in out.indices { out[i] = mean + std * Float(local.nextNormal()) }
        }
    }
}
