// Spelling: the known names closest to a misspelt one, for "did you mean" messages.

/// Edit distances between names, and the suggestions an error message offers for a misspelling.
public enum Spelling {
    /// The optimal-string-alignment distance (insertions, deletions, substitutions and swaps of two
    /// neighbours, each costing 1) between `a` and `b`, ignoring case.
    public static func distance(_ a: String, _ b: String) -> Int {
        let x = Array(a.lowercased()), y = Array(b.lowercased())
        if x.isEmpty || y.isEmpty { return max(x.count, y.count) }
        var d = [[Int]](repeating: [Int](repeating: 0, count: y.count + 1), count: x.count + 1)
        for i in 0...x.count { d[i][0] = i }
        for j in 0...y.count { d[0][j] = j }
        for i in 1...x.count {
            for j in 1...y.count {
                let cost = x[i - 1] == y[j - 1] ? 0 : 1
                d[i][j] = min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost)
                if i > 1, j > 1, x[i - 1] == y[j - 2], x[i - 2] == y[j - 1] { d[i][j] = min(d[i][j], d[i - 2][j - 2] + 1) }
            }
        }
        return d[x.count][y.count]
    }

    /// `names` sorted by their distance to `word`, closest first (ties keep their order).
    public static func closestFirst(_ word: String, among names: [String]) -> [String] {
        names.enumerated().sorted { (distance(word, $0.element), $0.offset) < (distance(word, $1.element), $1.offset) }.map(\.element)
    }

    /// The name close enough to `word` to be what was meant (at most a third of its letters off,
    /// and at least one), or nil.
    public static func suggestion(for word: String, among names: [String]) -> String? {
        guard let best = closestFirst(word, among: names).first else { return nil }
        return distance(word, best) <= max(1, word.count / 3) ? best : nil
    }
}
