// One series of a line plot: x and y values, a name for the legend, a style.

/// One line of a `LinePlot`. Non-finite y values (NaN for "not measured this epoch") break the
/// line instead of being drawn.
public struct LineSeries: Sendable {
    /// Whether a curve of `count` points marks each point: up to 10 points a marker says where the
    /// measurements are (one or two points joined by a line would otherwise pass for a trend).
    public static func marksPoints(_ count: Int) -> Bool { count <= 10 }

    /// The legend name, e.g. `train loss`.
    public var name: String
    /// The x values (e.g. epochs).
    public var x: [Double]
    /// The y values, one per x.
    public var y: [Double]
    /// The colour; `nil` takes the palette colour of the series index.
    public var color: Color?
    /// Whether each point also gets a marker.
    public var markers: Bool
    /// Solid, dashed or dotted (e.g. training solid, validation dashed, test dotted).
    public var style: LineStyle
    /// A shaded band around the line (e.g. the range over seeds), drawn under every line in the
    /// series' colour; nil for none.
    public var band: Band?
    /// Whether the line is not solid.
    public var dashed: Bool { style != .solid }

    /// The lower and upper edge of a band, one value of each per x (non-finite values break the band).
    public struct Band: Sendable {
        public var lower: [Double]
        public var upper: [Double]
        /// A band from `lower` to `upper`.
        public init(lower: [Double], upper: [Double]) {
            self.lower = lower
            self.upper = upper
        }
    }

    /// A series from x and y values of the same length.
    public init(
        name: String, x: [Double], y: [Double], color: Color? = nil, markers: Bool = false, dashed: Bool = false,
        style: LineStyle? = nil, band: Band? = nil
    ) {
        self.band = band
        self.name = name
        self.x = x
        self.y = y
        self.color = color
        self.markers = markers
        self.style = style ?? (dashed ? .dashed : .solid)
    }

    /// A series with x = 1, 2, 3, … (epochs counted from 1).
    public init(name: String, y: [Double], color: Color? = nil, markers: Bool = false, dashed: Bool = false, style: LineStyle? = nil) {
        self.init(name: name, x: y.indices.map { Double($0 + 1) }, y: y, color: color, markers: markers, dashed: dashed, style: style)
    }
}

/// How a line is drawn: the line style tells apart the parts of one run (training solid, validation
/// dashed, test dotted) while the colour tells apart the runs.
public enum LineStyle: String, Sendable, CaseIterable {
    case solid, dashed, dotted

    /// The SVG dash pattern (on, off lengths in pixels) for a line `width` wide, `nil` when solid.
    public func dashPattern(width: Double = 2) -> [Double]? {
        switch self {
        case .solid: return nil
        case .dashed: return [3 * width, 2 * width]
        case .dotted: return [width, 1.5 * width]
        }
    }
}
