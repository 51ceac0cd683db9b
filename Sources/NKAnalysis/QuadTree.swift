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

    /// The Barnes–Hut repulsion on point `i` at `(x, y)`: returns `(Σⱼ wᵢⱼ, Σⱼ wᵢⱼ²(yᵢ − yⱼ))` over
    /// all `j ≠ i`, with `w = 1 / (1 + ‖yᵢ − yⱼ‖²)`, a cell summarised by its centre of mass when
    /// `width / distance < θ`.
    func repulsion(of i: Int, _ x: Double, _ y: Double, thetaSquared: Double) -> (Double, Double, Double) {
        var sumW = 0.0, fx = 0.0, fy = 0.0
        var stack: [Int32] = [0]
        stack.reserveCapacity(64)
        while let top = stack.popLast() {
            let node = nodes[Int(top)]
            guard node.count > 0 else { continue }
            let count = Double(node.count)
            let dx = x - node.sumX / count, dy = y - node.sumY / count
            let d2 = dx * dx + dy * dy
            if node.firstChild < 0 {
                // A leaf holding i: the other points in it coincide with i (w = 1, no force).
                if Int(node.point) == i { sumW += count - 1; continue }
            } else if 4 * node.half * node.half >= thetaSquared * d2 {
                for c in 0..<4 { stack.append(node.firstChild + Int32(c)) }
                continue
            }
            let w = 1 / (1 + d2)
            sumW += count * w
            fx += count * w * w * dx; fy += count * w * w * dy
        }
        return (sumW, fx, fy)
    }
}
