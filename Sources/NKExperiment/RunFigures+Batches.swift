// RunFigures: the loss of every training batch, raw and smoothed.

import Foundation
import NKPlot

extension RunFigures {
    /// How the batch-loss curve is smoothed: a centred moving average of `batches` batches (odd),
    /// about `epochs` epochs, of the logarithm of the loss when `logSpace` (a geometric mean), else
    /// of the loss itself.
    public struct BatchSmoothing: Equatable, Sendable {
        /// Batches in the full window (odd: the batch itself and as many on each side).
        public var batches: Int
        /// The window's length in epochs.
        public var epochs: Double
        /// Whether the mean is taken of the log of the loss (every loss positive).
        public var logSpace: Bool

        /// The window for `record`: one epoch, or a tenth of the run when that is shorter (a 2-epoch
        /// run is not smoothed flat), at least one batch.
        public init(_ record: BatchLosses) {
            let epochs = Double(record.epochs.last ?? 1)
            let perEpoch = Double(record.count) / max(epochs, 1)
            let span = min(1, epochs / 10)
            let half = max(0, Int((span * perEpoch / 2).rounded(.down)))
            batches = 2 * half + 1
            self.epochs = Double(batches) / max(perEpoch, 1)
            logSpace = record.losses.allSatisfy { $0 > 0 }
        }

        /// The window in epochs as the legend writes it: `1 epoch`, `0.2 epochs`.
        public var epochText: String {
            let e = epochs >= 10 ? String(format: "%.0f", epochs) : String(format: "%.2g", epochs)
            return "\(e) epoch\(e == "1" ? "" : "s")"
        }

        /// The legend name of the smoothed curve: `geometric mean, 1 epoch` (`mean, …` when not in
        /// log space); the report's caption says the rest.
        public var description: String { (logSpace ? "geometric mean, " : "mean, ") + epochText }

        /// `values` smoothed: the mean of the window centred on each value, so that a trend is not
        /// shifted the way a trailing mean shifts it. Near the ends, where the window is cut short
        /// and no longer centred, the value is the straight line fitted to what the window holds,
        /// read at the batch itself (in the interior that line reads the mean): a falling loss is
        /// neither flattened at the start nor left as raw noise at the end. In log space the mean
        /// is geometric and the line an exponential.
        public func apply(_ values: [Double]) -> [Double] {
            let t = logSpace ? values.map { Foundation.log($0) } : values
            // Prefix sums of t and of k·t, for the mean and the slope of any window in O(1).
            var sum = [0.0], weighted = [0.0]
            sum.reserveCapacity(t.count + 1)
            weighted.reserveCapacity(t.count + 1)
            for (k, v) in t.enumerated() {
                sum.append(sum.last! + v)
                weighted.append(weighted.last! + Double(k) * v)
            }
            let half = batches / 2
            return t.indices.map { i in
                let lo = max(0, i - half), hi = min(t.count - 1, i + half)
                let n = Double(hi - lo + 1), centre = Double(lo + hi) / 2
                let mean = (sum[hi + 1] - sum[lo]) / n
                var value = mean
                if n > 1 && Double(i) != centre {
                    // Least squares over k in lo...hi: slope = Σ (k − c)(t − mean) / Σ (k − c)².
                    let covariance = (weighted[hi + 1] - weighted[lo]) - centre * (sum[hi + 1] - sum[lo])
                    let variance = n * (n * n - 1) / 12
                    value = mean + covariance / variance * (Double(i) - centre)
                }
                return logSpace ? Foundation.exp(value) : value
            }
        }
    }

    /// The loss of each batch (light; averaged over buckets when there are more than `maximumPoints`)
    /// and its centred moving average (solid, see `BatchSmoothing`), against the position in epochs;
    /// `nil` for fewer than two batches.
    public static func batchLossCurve(_ record: BatchLosses, maximumPoints: Int = 4000) -> LinePlot? {
        guard record.count >= 2 else { return nil }
        let x = record.positions, y = record.losses.map(Double.init)
        let smoothing = BatchSmoothing(record)
        let smoothed = smoothing.apply(y)
        let (rawX, rawY) = bucketMeans(x, y, maximumPoints)
        let (smoothX, smoothY) = bucketMeans(x, smoothed, maximumPoints)
        let raw = record.count > maximumPoints ? "batch loss (mean of \((record.count + maximumPoints - 1) / maximumPoints))" : "batch loss"
        return LinePlot(
            title: "Loss of every batch", x: Axis(label: "Epoch", integer: true),
            y: Axis(label: "Loss" + (smoothing.logSpace ? " (log scale)" : ""), scale: smoothing.logSpace ? .log : .linear),
            series: [
                LineSeries(name: raw, x: rawX, y: rawY, color: Color.palette(0).mixed(with: .white, 0.6)),
                LineSeries(name: smoothing.description, x: smoothX, y: smoothY, color: .palette(0)),
            ], size: (720, 400))
    }

    /// `x` and `y` averaged over consecutive buckets so that at most `limit` points remain (each
    /// bucket drawn at its mean position, not at its end, which would shift the curve right).
    static func bucketMeans(_ x: [Double], _ y: [Double], _ limit: Int) -> ([Double], [Double]) {
        guard x.count > limit, limit > 0 else { return (x, y) }
        let size = (x.count + limit - 1) / limit
        var bx: [Double] = [], by: [Double] = []
        for start in stride(from: 0, to: x.count, by: size) {
            let end = min(start + size, x.count)
            let values = y[start..<end].filter(\.isFinite)
            bx.append(x[start..<end].reduce(0, +) / Double(end - start))
            by.append(values.isEmpty ? .nan : values.reduce(0, +) / Double(values.count))
        }
        return (bx, by)
    }
}
