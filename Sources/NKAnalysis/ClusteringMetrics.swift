// Scores that compare a clustering with the true classes: purity, ARI, NMI, cluster accuracy.

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// External clustering scores computed from a `ContingencyTable` (true classes × clusters).
///
/// All are invariant to renaming the clusters. Degenerate cases follow scikit-learn: two identical
/// trivial labelings (one cluster each, or all singletons each) score ARI = NMI = 1.
///
/// ```swift
/// let t = try ContingencyTable(truth: labels, predicted: kmeans.assignments)
/// ClusteringMetrics.adjustedRandIndex(t)
/// ```
public enum ClusteringMetrics {
    /// Per-cluster purity, one entry per cluster, in the table's column order.
    public static func clusterPurities(_ table: ContingencyTable) -> [ClusterPurity] {
        table.clusters.indices.map { j in
            var best = 0, size = 0
            for i in table.classes.indices {
                size += table.counts[i][j]
                if table.counts[i][j] > table.counts[best][j] { best = i }
            }
            return ClusterPurity(
                cluster: table.clusters[j], size: size, majorityClass: table.classes[best],
                purity: size == 0 ? 0 : Double(table.counts[best][j]) / Double(size))
        }
    }

    /// Overall purity `Σⱼ maxᵢ nᵢⱼ / n`: the accuracy of labelling each cluster by its majority class.
    /// 1 for all singletons; 0 for an empty table.
    public static func purity(_ table: ContingencyTable) -> Double {
        guard table.total > 0 else { return 0 }
        let majority = table.clusters.indices.reduce(0) { sum, j in sum + table.counts.map { $0[j] }.max()! }
        return Double(majority) / Double(table.total)
    }

    /// Adjusted Rand index (Hubert & Arabie): `(Σ C(nᵢⱼ,2) − E) / (½(A + B) − E)` with
    /// `A = Σ C(aᵢ,2)`, `B = Σ C(bⱼ,2)`, `E = A·B / C(n,2)`. 1 for identical partitions, about 0
    /// for independent ones, can be negative. sklearn: `adjusted_rand_score`.
    public static func adjustedRandIndex(_ table: ContingencyTable) -> Double {
        func pairs(_ x: Int) -> Double { Double(x) * Double(x - 1) / 2 }
        let index = table.counts.joined().reduce(0.0) { $0 + pairs($1) }
        let a = table.classSizes.reduce(0.0) { $0 + pairs($1) }
        let b = table.clusterSizes.reduce(0.0) { $0 + pairs($1) }
        let all = pairs(table.total)
        let expected = all == 0 ? 0 : a * b / all
        let denominator = (a + b) / 2 - expected
        // 0/0 happens only when both partitions are the same trivial one.
        return denominator == 0 ? 1 : (index - expected) / denominator
    }

    /// Normalised mutual information with arithmetic normalisation, `I(U;V) / ((H(U) + H(V)) / 2)`
    /// (natural logs; the base cancels). sklearn: `normalized_mutual_info_score` (default).
    public static func normalizedMutualInformation(_ table: ContingencyTable) -> Double {
        guard table.total > 0 else { return 1 }
        if table.classes.count == 1 && table.clusters.count == 1 { return 1 }
        let n = Double(table.total)
        func entropy(_ sizes: [Int]) -> Double {
            sizes.reduce(0.0) { $1 == 0 ? $0 : $0 - Double($1) / n * log(Double($1) / n) }
        }
        let rows = table.classSizes, columns = table.clusterSizes
        var information = 0.0
        for i in rows.indices {
            for j in columns.indices where table.counts[i][j] > 0 {
                let nij = Double(table.counts[i][j])
                information += nij / n * log(nij * n / (Double(rows[i]) * Double(columns[j])))
            }
        }
        let normaliser = (entropy(rows) + entropy(columns)) / 2
        guard information > 0, normaliser > 0 else { return 0 }
        return min(1, information / normaliser)
    }

    /// Cluster accuracy: the accuracy of the best one-to-one map clusters → classes (found with the
    /// Hungarian algorithm); clusters left without a class count as wrong.
    public static func clusterAccuracy(_ table: ContingencyTable) -> Double {
        guard table.total > 0 else { return 0 }
        let cost = table.clusters.indices.map { j in table.classes.indices.map { i in -Double(table.counts[i][j]) } }
        let matched = Hungarian.assign(cost: cost).enumerated().reduce(0) { sum, pair in
            guard let i = pair.element else { return sum }
            return sum + table.counts[i][pair.offset]
        }
        return Double(matched) / Double(table.total)
    }
}
