// One series of a line plot: x and y values, a name for the legend, a style.

/// One line of a `LinePlot`. Non-finite y values (NaN for "not measured this epoch") break the
/// line instead of being drawn.
public struct LineSeries: Sendable {
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
    /// Whether the line is dashed (e.g. validation next to training).
    public var dashed: Bool

    /// A series from x and y values of the same length.
    public init(name: String, x: [Double], y: [Double], color: Color? = nil, markers: Bool = false, dashed: Bool = false) {
        self.name = name
        self.x = x
        self.y = y
        self.color = color
        self.markers = markers
        self.dashed = dashed
    }

    /// A series with x = 1, 2, 3, … (epochs counted from 1).
    public init(name: String, y: [Double], color: Color? = nil, markers: Bool = false, dashed: Bool = false) {
        self.init(name: name, x: y.indices.map { Double($0 + 1) }, y: y, color: color, markers: markers, dashed: dashed)
    }
}
