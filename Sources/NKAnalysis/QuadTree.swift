// A quadtree over a 2-D embedding, flattened depth-first with skip links, for Barnes–Hut t-SNE.

/// The points are sorted by their Morton (Z-order) code, so every cell of the tree is a contiguous
/// range of the sorted points. Cells are stored depth-first: a cell's first child follows it and
/// `skip` is the index just past its subtree, so a traversal is a forward scan that either steps
/// into a cell (`+1`) or jumps over it (`skip`). Walking the points in sorted order makes
/// consecutive walks visit nearly the same cells. Rebuilt every t-SNE iteration; the previous
/// iteration's order is kept, so the sort sees nearly sorted keys.
struct QuadTree: Sendable {
    /// One cell: centre of mass, number of points, the opening threshold on the squared distance,
    /// and its range of sorted points (a leaf's points are read one by one for the point's own leaf).
    struct Cell: Sendable {
        var comX: Double, comY: Double, count: Double
        /// Open (descend into) the cell when `d² ≤ openBelow`, i.e. `width / d ≥ θ`.
        var openBelow: Double
        var skip: Int32
        var first: Int32, end: Int32  // sorted positions first..<end
        var isLeaf: Bool
    }

    /// Levels below the root at most: cells narrower than 2⁻²⁴ of the extent become leaves holding
    /// all their points.
    static let maxDepth = 24

    private(set) var cells: [Cell] = []
    /// `order[s]` is the point at sorted position `s`.
    private(set) var order: [Int32]
    private var codes: [UInt64]
    /// Prefix sums of the sorted coordinates (centres of mass in O(1) per cell).
    private var prefixX: [Double], prefixY: [Double]

    /// An empty tree whose first `rebuild` sorts `n` points from scratch.
    init(count n: Int) {
        order = (0..<Int32(n)).map { $0 }
        codes = [UInt64](repeating: 0, count: n)
        prefixX = [Double](repeating: 0, count: n + 1)
        prefixY = [Double](repeating: 0, count: n + 1)
    }

    /// Builds the tree over `y` (`(n, 2)` row-major) for the opening angle `θ` (`thetaSquared = θ²`).
    mutating func rebuild(_ y: UnsafeBufferPointer<Double>, thetaSquared: Double) {
        let n = order.count
        cells.removeAll(keepingCapacity: true)
        guard n > 0 else { return }
        var minX = Double.infinity, maxX = -Double.infinity, minY = Double.infinity, maxY = -Double.infinity
        for i in 0..<n {
            minX = min(minX, y[2 * i]); maxX = max(maxX, y[2 * i])
            minY = min(minY, y[2 * i + 1]); maxY = max(maxY, y[2 * i + 1])
        }
        let width = max(maxX - minX, maxY - minY, 1e-300) * (1 + 1e-9)
        let cellsPerSide = Double(1 << Self.maxDepth)
        // Grid coordinates in 0..<2²⁴ (non-finite input, which `TSNE.fit` rejects, maps to 0 rather than trapping).
        func cell(_ v: Double, _ low: Double) -> UInt64 {
            let f = ((v - low) / width * cellsPerSide).rounded(.down)
            return f.isFinite ? UInt64(min(cellsPerSide - 1, max(0, f))) : 0
        }
        for i in 0..<n {
            codes[i] = Self.interleave(cell(y[2 * i], minX)) | (Self.interleave(cell(y[2 * i + 1], minY)) << 1)
        }
        // Timsort: nearly linear on the previous iteration's (nearly right) order.
        let keys = codes
        order.sort { keys[Int($0)] < keys[Int($1)] }
        for s in 0..<n {
            let i = Int(order[s])
            prefixX[s + 1] = prefixX[s] + y[2 * i]
            prefixY[s + 1] = prefixY[s] + y[2 * i + 1]
        }
        let openScale = thetaSquared > 0 ? 1 / thetaSquared : .infinity
        build(0..<n, level: 0, width: width, openScale: openScale)
    }

    /// Appends the cell of sorted positions `range` (all sharing their code's first `2·level`
    /// bits) and, depth-first, its non-empty children.
    private mutating func build(_ range: Range<Int>, level: Int, width: Double, openScale: Double) {
        let index = cells.count
        let count = Double(range.count)
        let leaf =
            range.count == 1 || level == Self.maxDepth
            || codes[Int(order[range.lowerBound])] == codes[Int(order[range.upperBound - 1])]
        cells.append(
            Cell(
                comX: (prefixX[range.upperBound] - prefixX[range.lowerBound]) / count,
                comY: (prefixY[range.upperBound] - prefixY[range.lowerBound]) / count,
                count: count, openBelow: width * width * openScale, skip: 0,
                first: Int32(range.lowerBound), end: Int32(range.upperBound), isLeaf: leaf))
        if !leaf {
            let shift = UInt64(2 * (Self.maxDepth - level - 1))
            var start = range.lowerBound
            while start < range.upperBound {
                let quadrant = (codes[Int(order[start])] >> shift) & 3
                var end = start + 1
                while end < range.upperBound && (codes[Int(order[end])] >> shift) & 3 == quadrant { end += 1 }
                build(start..<end, level: level + 1, width: width / 2, openScale: openScale)
                start = end
            }
        }
        cells[index].skip = Int32(cells.count)
    }

    /// Spreads the low 24 bits of `v` to the even bit positions (bit `b` to bit `2b`).
    static func interleave(_ v: UInt64) -> UInt64 {
        var x = v & 0xFF_FFFF
        x = (x | (x << 16)) & 0x0000_FFFF_0000_FFFF
        x = (x | (x << 8)) & 0x00FF_00FF_00FF_00FF
        x = (x | (x << 4)) & 0x0F0F_0F0F_0F0F_0F0F
        x = (x | (x << 2)) & 0x3333_3333_3333_3333
        x = (x | (x << 1)) & 0x5555_5555_5555_5555
        return x
    }

    /// The Barnes–Hut repulsion on the points at sorted positions `positions`: writes
    /// `Σⱼ wᵢⱼ²(yᵢ − yⱼ)` to `force[2i], force[2i+1]` and `Σⱼ wᵢⱼ` to `sumW[i]`, over `j ≠ i`,
    /// `w = 1 / (1 + ‖yᵢ − yⱼ‖²)`; a cell is summarised by its centre of mass when `width / d < θ`,
    /// and the points sharing `i`'s leaf are taken one by one.
    func repulsion(
        _ positions: Range<Int>, _ y: UnsafePointer<Double>, force: UnsafeMutablePointer<Double>,
        sumW out: UnsafeMutablePointer<Double>
    ) {
        cells.withUnsafeBufferPointer { cells in
            order.withUnsafeBufferPointer { order in
                let total = cells.count
                for s in positions {
                    let i = Int(order[s])
                    let x = y[2 * i], yy = y[2 * i + 1]
                    var sumW = 0.0, fx = 0.0, fy = 0.0
                    var index = 0
                    while index < total {
                        let cell = cells[index]
                        if cell.isLeaf && Int(cell.first) <= s && s < Int(cell.end) {
                            for t in Int(cell.first)..<Int(cell.end) where t != s {
                                let j = Int(order[t])
                                let dx = x - y[2 * j], dy = yy - y[2 * j + 1]
                                let w = 1 / (1 + dx * dx + dy * dy)
                                sumW += w
                                fx += w * w * dx; fy += w * w * dy
                            }
                            index = Int(cell.skip)
                            continue
                        }
                        let dx = x - cell.comX, dy = yy - cell.comY
                        let d2 = dx * dx + dy * dy
                        if !cell.isLeaf && d2 <= cell.openBelow {
                            index += 1
                            continue
                        }
                        let w = 1 / (1 + d2)
                        sumW += cell.count * w
                        let cw2 = cell.count * w * w
                        fx += cw2 * dx; fy += cw2 * dy
                        index = Int(cell.skip)
                    }
                    force[2 * i] = fx; force[2 * i + 1] = fy
                    out[i] = sumW
                }
            }
        }
    }
}
