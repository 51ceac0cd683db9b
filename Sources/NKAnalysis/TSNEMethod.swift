// Which t-SNE gradient to use: exact O(n²), or Barnes–Hut O(n log n).

/// How `TSNE` computes the affinities and the gradient.
public enum TSNEMethod: String, Sendable, CaseIterable {
    /// Dense `P` over all pairs and the exact gradient: O(n²) memory and time per iteration; for
    /// a few thousand points at most. Any output dimension.
    case exact
    /// Sparse `P` over the `⌊3·perplexity⌋ + 1` nearest neighbours (vantage-point tree), attraction over
    /// those pairs and repulsion through a quadtree with opening angle `θ`: O(n log n) per iteration.
    /// 2-D output only.
    case barnesHut = "barnes-hut"
}
