// RunFigures: the loss of every training batch, raw and smoothed.

import NKPlot

extension RunFigures {
    /// The loss of each batch (light; averaged over buckets when there are more than `maximumPoints`)
    /// and its moving average over `window` batches (solid), against the position in epochs; `nil`
    /// for fewer than two batches.
    public static func batchLossCurve(_ record: BatchLosses, window: Int = 50, maximumPoints: Int = 4000) -> LinePlot? {
        guard record.count >= 2 else { return nil }
        let x = record.positions, y = record.losses.map(Double.init)
        let w = max(1, min(window, record.count / 5))
        var smoothed: [Double] = [], sum = 0.0
        for i in y.indices {
            sum += y[i]
            if i >= w { sum -= y[i - w] }
            smoothed.append(i + 1 >= w ? sum / Double(w) : .nan)
        }
        let (rawX, rawY) = bucketMeans(x, y, maximumPoints)
        let (smoothX, smoothY) = bucketMeans(x, smoothed, maximumPoints)
        let positive = y.allSatisfy { $0 > 0 }
        let raw = record.count > maximumPoints ? "batch loss (mean of \((record.count + maximumPoints - 1) / maximumPoints))" : "batch loss"
        return LinePlot(
            title: "Loss of every batch", x: Axis(label: "Epoch", integer: true),
            y: Axis(label: "Loss", scale: positive ? .log : .linear),
            series: [
                LineSeries(name: raw, x: rawX, y: rawY, color: Color.palette(0).mixed(with: .white, 0.6)),
                LineSeries(name: "mean of \(w) batches", x: smoothX, y: smoothY, color: .palette(0)),
            ], size: (720, 400))
    }

    /// `x` and `y` averaged over consecutive buckets so that at most `limit` points remain.
    static func bucketMeans(_ x: [Double], _ y: [Double], _ limit: Int) -> ([Double], [Double]) {
        guard x.count > limit, limit > 0 else { return (x, y) }
        let size = (x.count + limit - 1) / limit
        var bx: [Double] = [], by: [Double] = []
        for start in stride(from: 0, to: x.count, by: size) {
            let end = min(start + size, x.count)
            let values = y[start..<end].filter(\.isFinite)
            bx.append(x[end - 1])
            by.append(values.isEmpty ? .nan : values.reduce(0, +) / Double(values.count))
        }
        return (bx, by)
    }
}
