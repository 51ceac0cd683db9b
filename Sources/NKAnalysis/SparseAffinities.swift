// The symmetric joint probabilities P of t-SNE, stored sparse (compressed rows).

/// `pᵢⱼ` in compressed-sparse-row form: row `i`'s entries are `values[rowStart[i]..<rowStart[i+1]]`
/// at columns `columns[…]`. Symmetric, zero diagonal, summing to 1.
struct SparseAffinities: Sendable {
    var rowStart: [Int]
    var columns: [Int32]
    var values: [Double]

    /// Symmetrises conditional probabilities `p_{j|i}` given as neighbour lists:
    /// `pᵢⱼ = (p_{j|i} + p_{i|j}) / Σ`, over the union of both directions' neighbours.
    init(conditional rows: [[(Int, Double)]]) {
        let n = rows.count
        var triples: [(Int, Int, Double)] = []
        triples.reserveCapacity(2 * rows.reduce(0) { $0 + $1.count })
        for (i, row) in rows.enumerated() {
            for (j, p) in row { triples.append((i, j, p)); triples.append((j, i, p)) }
        }
        triples.sort { $0.0 != $1.0 ? $0.0 < $1.0 : $0.1 < $1.1 }
        rowStart = [Int](repeating: 0, count: n + 1)
        columns = []; values = []
        var total = 0.0
        var row = -1
        for (i, j, p) in triples {
            total += p
            while row < i { row += 1; rowStart[row] = values.count }
            if values.count > rowStart[i], Int(columns[columns.count - 1]) == j {
                values[values.count - 1] += p
            } else {
                columns.append(Int32(j)); values.append(p)
            }
        }
        while row < n { row += 1; rowStart[row] = values.count }
        let scale = total > 0 ? 1 / total : 0
        for e in values.indices { values[e] *= scale }
    }
}
