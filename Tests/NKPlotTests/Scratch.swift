@testable import NKPlot
