// A point-region quadtree over a 2-D embedding, with per-cell centres of mass, for Barnes–Hut t-SNE.

/// Each cell stores how many points it holds and their summed coordinates; a leaf holds one point
/// (or several identical ones). Rebuilt every t-SNE iteration: O(n log n).
struct QuadTree: Sendable {
    struct Node: Sendable {
        var centreX: Double, centreY: Double, half: Double
        var count = 0
        var sumX = 0.0, sumY = 0.0
        var firstChild: Int32 = -1   // four consecutive children, or -1 for a leaf
        var point: Int32 = -1        // the leaf's point (-1 when empty or internal)
    }

    private(set) var nodes: [Node] = []

    /// The traversal's view of a cell.
    struct Cell {
        var comX: Double, comY: Double, count: Double, openBelow: Double
        var firstChild: Int32, point: Int32
    }

    /// Builds the tree over `y` (`(n, 2)` row-major).
    init(_ y: [Double], count n: Int) {
        var minX = Double.infinity, maxX = -Double.infinity, minY = Double.infinity, maxY = -Double.infinity
        for i in 0..<n {
            minX = min(minX, y[2 * i]); maxX = max(maxX, y[2 * i])
            minY = min(minY, y[2 * i + 1]); maxY = max(maxY, y[2 * i + 1])
        }
        let half = max(maxX - minX, maxY - minY) / 2 * (1 + 1e-6) + 1e-12
        nodes.reserveCapacity(4 * n)
        nodes.append(Node(centreX: (minX + maxX) / 2, centreY: (minY + maxY) / 2, half: half))
        for i in 0..<n { insert(i, y[2 * i], y[2 * i + 1], y) }
    }

    private mutating func insert(_ i: Int, _ x: Double, _ y: Double, _ all: [Double]) {
        var node = 0
        while true {
            nodes[node].count += 1
            nodes[node].sumX += x; nodes[node].sumY += y
            if nodes[node].firstChild < 0 {
                if nodes[node].count == 1 { nodes[node].point = Int32(i); return }
                let p = Int(nodes[node].point)
                // Identical points (or a cell too small to split) share the leaf.
                if p < 0 || (all[2 * p] == x && all[2 * p + 1] == y) || nodes[node].half < 1e-12 { return }
                split(node)
                let child = self.child(of: node, all[2 * p], all[2 * p + 1])
                nodes[child].count = 1
                nodes[child].sumX = all[2 * p]; nodes[child].sumY = all[2 * p + 1]
                nodes[child].point = Int32(p)
                nodes[node].point = -1
            }
            node = child(of: node, x, y)
        }
    }

    private mutating func split(_ node: Int) {
        let h = nodes[node].half / 2, cx = nodes[node].centreX, cy = nodes[node].centreY
        nodes[node].firstChild = Int32(nodes.count)
        for (dx, dy) in [(-h, -h), (h, -h), (-h, h), (h, h)] {
            nodes.append(Node(centreX: cx + dx, centreY: cy + dy, half: h))
        }
    }

    private func child(of node: Int, _ x: Double, _ y: Double) -> Int {
        Int(nodes[node].firstChild) + (x >= nodes[node].centreX ? 1 : 0) + (y >= nodes[node].centreY ? 2 : 0)
    }

    /// The Barnes–Hut repulsion on the points `range` of `y` (`(n, 2)`): writes
    /// `Σⱼ wᵢⱼ²(yᵢ − yⱼ)` to `force[2i], force[2i+1]` and returns `Σᵢ Σⱼ wᵢⱼ` over the range, all
    /// `j ≠ i`, `w = 1 / (1 + ‖yᵢ − yⱼ‖²)`, a cell summarised by its centre of mass when
    /// `width / distance < θ`.
    func repulsion(_ range: Range<Int>, _ y: UnsafePointer<Double>, thetaSquared: Double, force: SharedBuffer<Double>) -> Double {
        // A compact copy of what the traversal reads (one 40-byte record per cell).
        let cells = nodes.map { node in
            let c = Double(max(node.count, 1))
            // Open the cell when (2·half)² ≥ θ²·d², i.e. d² ≤ 4·half²/θ².
            return Cell(comX: node.sumX / c, comY: node.sumY / c, count: Double(node.count),
                        openBelow: thetaSquared > 0 ? 4 * node.half * node.half / thetaSquared : .infinity,
                        firstChild: node.firstChild, point: node.point)
        }
        var stack = [Int32](repeating: 0, count: 4 * 64 + 8)
        var total = 0.0
        cells.withUnsafeBufferPointer { cells in stack.withUnsafeMutableBufferPointer { st in
            for i in range {
                let x = y[2 * i], yy = y[2 * i + 1]
                var sumW = 0.0, fx = 0.0, fy = 0.0
                var top = 1
                st[0] = 0
                while top > 0 {
                    top -= 1
                    let cell = cells[Int(st[top])]
                    let c = cell.count
                    if c == 0 { continue }
                    let dx = x - cell.comX, dy = yy - cell.comY
                    let d2 = dx * dx + dy * dy
                    let first = cell.firstChild
                    if first < 0 {
                        // A leaf holding i: the other points in it coincide with i (w = 1, no force).
                        if Int(cell.point) == i { sumW += c - 1; continue }
                    } else if d2 <= cell.openBelow && top + 4 <= st.count {
                        st[top] = first; st[top + 1] = first + 1; st[top + 2] = first + 2; st[top + 3] = first + 3
                        top += 4
                        continue
                    }
                    let w = 1 / (1 + d2)
                    sumW += c * w
                    let cw2 = c * w * w
                    fx += cw2 * dx; fy += cw2 * dy
                }
                force[2 * i] = fx; force[2 * i + 1] = fy
                total += sumW
            }
        } }
        return total
    }
}
