// Contour lines of a field sampled on a grid (marching squares), e.g. a classifier's 0.5 boundary.

/// The segments where a field sampled on a regular grid crosses a level, by marching squares with
/// linear interpolation along the edges of each square of four neighbouring samples.
///
/// `values[row · width + column]` is the field at grid point `(column, row)`; the segments come in
/// those grid coordinates (fractional), to be mapped to the plane by the caller. A square whose
/// corners alternate around the level (a saddle) gives two segments, split by its centre's value.
enum ContourLines {
    /// The level-`level` segments of the `width × height` field `values`.
    static func segments(_ values: [Double], width: Int, height: Int, level: Double) -> [((Double, Double), (Double, Double))] {
        guard width > 1, height > 1, values.count == width * height else { return [] }
        var out: [((Double, Double), (Double, Double))] = []
        for row in 0..<(height - 1) {
            for column in 0..<(width - 1) {
                // Corners counter-clockwise from the lower left: (c, r), (c+1, r), (c+1, r+1), (c, r+1).
                let corners = [(column, row), (column + 1, row), (column + 1, row + 1), (column, row + 1)]
                let v = corners.map { values[$0.1 * width + $0.0] - level }
                guard v.allSatisfy(\.isFinite) else { continue }
                // The crossing on each edge i (corner i to corner i+1), when its ends differ in sign.
                var crossings: [(Double, Double)] = []
                for i in 0..<4 {
                    let a = v[i], b = v[(i + 1) % 4]
                    guard (a < 0) != (b < 0) else { continue }
                    let t = a / (a - b)
                    let (p, q) = (corners[i], corners[(i + 1) % 4])
                    crossings.append((Double(p.0) + t * Double(q.0 - p.0), Double(p.1) + t * Double(q.1 - p.1)))
                }
                if crossings.count == 2 {
                    out.append((crossings[0], crossings[1]))
                } else if crossings.count == 4 {
                    // A saddle: pair each crossing with the next one around the square, or with the
                    // previous one, depending on which side the centre lies.
                    let centre = v.reduce(0, +) / 4
                    if (centre < 0) == (v[0] < 0) {
                        out.append((crossings[0], crossings[1])); out.append((crossings[2], crossings[3]))
                    } else {
                        out.append((crossings[3], crossings[0])); out.append((crossings[1], crossings[2]))
                    }
                }
            }
        }
        return out
    }
}
