// NKPlot: SVG and PNG figures and HTML reports, with no dependency beyond NKCore.
