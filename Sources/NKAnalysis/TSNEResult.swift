// What t-SNE returns: the embedding and the final KL divergence.

import NKCore

/// The outcome of `TSNE.fit`.
public struct TSNEResult: Sendable {
    /// `(n, dimensions)` coordinates, one row per input row.
    public var embedding: Tensor
    /// `KL(P ‖ Q)` of the final embedding, without exaggeration (Barnes–Hut: with the approximate
    /// normalisation `Z`, over the sparse `P`), in nats.
    public var klDivergence: Double
    /// The gradient steps taken.
    public var iterations: Int
    /// The learning rate used (the automatic one unless given).
    public var learningRate: Double
}
