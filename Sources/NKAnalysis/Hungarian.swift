// The Hungarian algorithm: a minimum-cost one-to-one assignment of rows to columns.

/// Optimal assignment (Kuhn–Munkres with row and column potentials, O(r²·c)).
///
/// Given a cost matrix with `r ≤ c` rows and columns, finds the injective map rows → columns that
/// minimises the summed cost. More rows than columns is handled by solving the transposed problem
/// (then some rows stay unassigned). SciPy equivalent: `scipy.optimize.linear_sum_assignment`.
///
/// ```swift
/// Hungarian.assign(cost: [[4, 1], [2, 3]])   // [1, 0]: row 0 -> column 1, row 1 -> column 0
/// ```
public enum Hungarian {
    /// The column assigned to each row (`nil` for rows left out when there are more rows than
    /// columns). The cost matrix must be rectangular with finite entries.
    public static func assign(cost: [[Double]]) -> [Int?] {
        let rows = cost.count
        let columns = cost.first?.count ?? 0
        guard rows > 0, columns > 0 else { return [Int?](repeating: nil, count: rows) }
        if rows > columns {
            let transposed = (0..<columns).map { j in (0..<rows).map { i in cost[i][j] } }
            var result = [Int?](repeating: nil, count: rows)
            for (j, i) in assign(cost: transposed).enumerated() { if let i { result[i] = j } }
            return result
        }
        // Potentials u (rows) and v (columns), 1-based with a virtual column 0 that holds the row
        // being inserted. owner[j] is the row matched to column j (0 = free).
        var u = [Double](repeating: 0, count: rows + 1)
        var v = [Double](repeating: 0, count: columns + 1)
        var owner = [Int](repeating: 0, count: columns + 1)
        var previous = [Int](repeating: 0, count: columns + 1)
        for row in 1...rows {
            owner[0] = row
            var column0 = 0
            var slack = [Double](repeating: .infinity, count: columns + 1)
            var used = [Bool](repeating: false, count: columns + 1)
            // Grow an alternating tree by Dijkstra-like steps until a free column is reached.
            repeat {
                used[column0] = true
                let i0 = owner[column0]
                var delta = Double.infinity
                var column1 = 0
                for j in 1...columns where !used[j] {
                    let reduced = cost[i0 - 1][j - 1] - u[i0] - v[j]
                    if reduced < slack[j] { slack[j] = reduced; previous[j] = column0 }
                    if slack[j] < delta { delta = slack[j]; column1 = j }
                }
                for j in 0...columns {
                    if used[j] { u[owner[j]] += delta; v[j] -= delta } else { slack[j] -= delta }
                }
                column0 = column1
            } while owner[column0] != 0
            // Flip the augmenting path back to the root.
            repeat {
                let column1 = previous[column0]
                owner[column0] = owner[column1]
                column0 = column1
            } while column0 != 0
        }
        var result = [Int?](repeating: nil, count: rows)
        for j in 1...columns where owner[j] != 0 { result[owner[j] - 1] = j - 1 }
        return result
    }
}
