// Rendering times of a 640×400 line plot and a 10-class 2,000-point scatter plot (at 1× and 2×),
// rasterising and PNG-encoding measured apart; the best of several runs, interleaved.
import Foundation
import NeuralKit

let epochs = (1...100).map(Double.init)
let line = LinePlot(
    title: "Training loss", x: Axis(label: "epoch"), y: Axis(label: "loss", scale: .log),
    series: [
        LineSeries(name: "train", x: epochs, y: epochs.map { 2 * exp(-$0 / 20) + 0.05 }),
        LineSeries(name: "validation", x: epochs, y: epochs.map { 2 * exp(-$0 / 22) + 0.1 }, dashed: true),
    ])
var rng = RandomGenerator(seed: 1)
let n = 2000
let classes = (0..<n).map { $0 % 10 }
let xs = classes.map { Double($0 % 5) * 4 + Double.random(in: -2...2, using: &rng) }
let ys = classes.map { Double($0 / 5) * 4 + Double.random(in: -2...2, using: &rng) }
let scatter = ScatterPlot(
    title: "10 classes, 2,000 points", x: Axis(label: "x"), y: Axis(label: "y"),
    xs: xs, ys: ys, classes: classes, classNames: (0..<10).map { "class \($0)" })

func best(_ runs: Int, _ body: () throws -> Void) rethrows -> Double {
    var t = Double.infinity
    for _ in 0..<runs {
        let start = DispatchTime.now().uptimeNanoseconds
        try body()
        t = min(t, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
    }
    return t
}

print("figure            scale  raster (s)  png encode (s)  svg (s)")
for round in 0..<2 {
    for (name, figure) in [("line 640×400", line as any Figure), ("scatter 2000 pts", scatter)] {
        for scale in [1.0, 2.0] {
            var image: RGBImage?
            let r = try best(5) { image = try figure.raster(scale: scale) }
            let e = best(5) { _ = PNGEncoder.encode(image!) }
            let s = try best(5) { _ = try figure.svg() }
            let padded = name.padding(toLength: 17, withPad: " ", startingAt: 0)
            if round == 1 { print(padded + String(format: " %5.0f× %10.3f %14.3f %8.3f", scale, r, e, s)) }
        }
    }
}
