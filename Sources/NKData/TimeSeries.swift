// TimeSeries: sliding windows that turn a series into (past values → next value) samples.

import NKCore

/// Turns a univariate series into supervised samples for forecasting.
public enum TimeSeries {
    /// Sliding windows: sample `i` has inputs `series[i ..< i + window]` and target
    /// `series[i + window + horizon − 1]`.
    ///
    /// - Returns: inputs `(m, window)` and targets `(m, 1)` with `m = count − window − horizon + 1`.
    /// - Throws: `.argument` when `window` or `horizon` is below 1 or the series is too short for one sample.
    public static func windows(_ series: [Float], window: Int, horizon: Int = 1) throws -> (inputs: Tensor, targets: Tensor) {
        guard window >= 1, horizon >= 1 else {
            throw NeuralKitError.argument("Time-series windows: window and horizon must be at least 1, got window \(window), horizon \(horizon).")
        }
        let m = series.count - window - horizon + 1
        guard m >= 1 else {
            throw NeuralKitError.argument("Time-series windows: a series of \(series.count) values is too short for a window of \(window) and a horizon of \(horizon).")
        }
        var inputs = [Float]()
        inputs.reserveCapacity(m * window)
        for i in 0..<m { inputs += series[i..<(i + window)] }
        let targets = (0..<m).map { series[$0 + window + horizon - 1] }
        return (Tensor(shape: [m, window], scalars: inputs), Tensor(shape: [m, 1], scalars: targets))
    }
}
