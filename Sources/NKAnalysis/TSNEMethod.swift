// Which t-SNE gradient to use: exact O(n²), Barnes–Hut O(n log n), FFT-interpolated O(n), or the faster of the last two.

/// How `TSNE` computes the affinities and the gradient.
public enum TSNEMethod: String, Sendable, CaseIterable {
    /// Dense `P` over all pairs and the exact gradient: O(n²) memory and time per iteration; for
    /// a few thousand points at most. Any output dimension.
    case exact
    /// Sparse `P` over the `⌊3·perplexity⌋ + 1` nearest neighbours (vantage-point tree), attraction over
    /// those pairs and repulsion through a quadtree with opening angle `θ`: O(n log n) per iteration.
    /// 2-D output only.
    case barnesHut = "barnes-hut"
    /// The same sparse `P` and attraction; repulsion interpolated from a grid whose charges are
    /// convolved by FFT (`InterpolatedRepulsion`, the FIt-SNE idea): O(n) per iteration plus a
    /// grid cost that grows with the embedding's extent, not with n. 2-D output only.
    case fft
    /// Barnes–Hut below `fftCrossover` points, FFT from there on. 2-D output only.
    case automatic = "auto"

    /// The number of points from which `.automatic` uses the FFT repulsion (MNIST with PCA 50,
    /// 1,000 iterations, two threads: Barnes–Hut 3 % faster at 5,000 points, FFT 1.3× faster at 10,000).
    public static let fftCrossover = 8_000

    /// The method `.automatic` stands for at `count` points; any other method is itself.
    public func resolved(count: Int) -> TSNEMethod {
        guard self == .automatic else { return self }
        return count < Self.fftCrossover ? .barnesHut : .fft
    }
}
