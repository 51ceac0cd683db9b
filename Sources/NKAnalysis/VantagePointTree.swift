// A vantage-point tree: exact k-nearest-neighbour search in a metric space, for t-SNE's affinities.

import NKCore

/// A vantage-point tree (Yianilos 1993) over the rows of an `(n, d)` matrix, Euclidean distance.
///
/// Each node holds one point (the vantage point) and the median distance `τ` from it to the points
/// below; the inside subtree holds the closer half, the outside subtree the farther. A k-NN query
/// descends the side its point falls on first and visits the other only when the ball of the
/// current k-th distance crosses the `τ` sphere. Build O(n log² n), queries about O(log n) each for
/// moderate `d`.
struct VantagePointTree: Sendable {
    struct Node: Sendable {
        var point: Int
        var radius: Float
        var inside: Int32
        var outside: Int32
    }

    let points: [Float]
    let dimension: Int
    private(set) var nodes: [Node] = []
    private(set) var root: Int32 = -1

    /// Builds the tree; vantage points are drawn with `rng`.
    init(points: [Float], count n: Int, dimension d: Int, using rng: inout RandomGenerator) {
        self.points = points
        self.dimension = d
        nodes.reserveCapacity(n)
        var items = Array(0..<n)
        root = build(&items, 0, n, &rng)
    }

    /// The Euclidean distance from row `i` to `query`: eight partial sums at a time (a single
    /// running sum is one long dependency chain, 4 cycles per coordinate).
    func distance(_ i: Int, _ query: UnsafeBufferPointer<Float>) -> Float {
        points.withUnsafeBufferPointer { p in
            let row = UnsafeRawPointer(p.baseAddress! + i * dimension), q = UnsafeRawPointer(query.baseAddress!)
            var sums = SIMD8<Float>.zero
            var t = 0
            while t + 8 <= dimension {
                let x =
                    row.loadUnaligned(fromByteOffset: 4 * t, as: SIMD8<Float>.self)
                    - q.loadUnaligned(fromByteOffset: 4 * t, as: SIMD8<Float>.self)
                sums += x * x
                t += 8
            }
            var s = sums.sum()
            while t < dimension { let x = p[i * dimension + t] - query[t]; s += x * x; t += 1 }
            return s.squareRoot()
        }
    }

    private mutating func build(_ items: inout [Int], _ low: Int, _ high: Int, _ rng: inout RandomGenerator) -> Int32 {
        guard low < high else { return -1 }
        items.swapAt(low, low + Int(rng.next() % UInt64(high - low)))
        let vantage = items[low]
        let index = Int32(nodes.count)
        nodes.append(Node(point: vantage, radius: 0, inside: -1, outside: -1))
        guard high - low > 1 else { return index }
        let here = Array(points[(vantage * dimension)..<((vantage + 1) * dimension)])
        var keyed: [(Float, Int)] = []
        keyed.reserveCapacity(high - low - 1)
        here.withUnsafeBufferPointer { q in
            for item in items[(low + 1)..<high] { keyed.append((distance(item, q), item)) }
        }
        keyed.sort { (a: (Float, Int), b: (Float, Int)) -> Bool in a.0 < b.0 || (a.0 == b.0 && a.1 < b.1) }
        for (offset, pair) in keyed.enumerated() { items[low + 1 + offset] = pair.1 }
        let middle = (low + 1 + high) / 2
        nodes[Int(index)].radius = keyed[middle - low - 1].0
        let inside = build(&items, low + 1, middle, &rng)
        let outside = build(&items, middle, high, &rng)
        nodes[Int(index)].inside = inside
        nodes[Int(index)].outside = outside
        return index
    }

    /// The `k` nearest points to row `i` (itself excluded), nearest first, with their distances.
    func neighbors(of i: Int, k: Int) -> [(index: Int, distance: Float)] {
        let query = Array(points[(i * dimension)..<((i + 1) * dimension)])
        var best: [(index: Int, distance: Float)] = []  // sorted ascending, at most k
        best.reserveCapacity(k + 1)
        var tau = Float.infinity
        query.withUnsafeBufferPointer { q in
            var stack: [Int32] = [root]
            while let top = stack.popLast() {
                guard top >= 0 else { continue }
                let node = nodes[Int(top)]
                let d = distance(node.point, q)
                if node.point != i && d < tau {
                    var at = best.count
                    while at > 0, best[at - 1].distance > d { at -= 1 }
                    best.insert((node.point, d), at: at)
                    if best.count > k { best.removeLast() }
                    if best.count == k { tau = best[k - 1].distance }
                }
                // Push the far side first so that the near side is searched first.
                if d < node.radius {
                    if d + tau >= node.radius { stack.append(node.outside) }
                    if d - tau <= node.radius { stack.append(node.inside) }
                } else {
                    if d - tau <= node.radius { stack.append(node.inside) }
                    if d + tau >= node.radius { stack.append(node.outside) }
                }
            }
        }
        return best
    }
}
