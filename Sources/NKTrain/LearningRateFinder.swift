// LearningRateFinder: the learning-rate range test (Smith, 2015): one short run whose rate grows
// exponentially, the loss recorded at each rate, and the rate where the loss falls fastest.

import Foundation
import NKCore
import NKLayers
import NKLosses

/// The range test: `batches` optimizer steps (shuffled batches, epochs repeated as needed) at rates
/// growing geometrically from `start` to `end`; the loss of each step is smoothed by an exponential
/// moving average (`smoothing`, bias-corrected), and the test stops early when the smoothed loss
/// passes `divergence` times its best (or a loss is not finite). The suggested rate is where the
/// smoothed loss falls fastest against log(rate) (over a window of a twentieth of the steps), before
/// its minimum.
///
/// The model is trained by the test: run it on a copy, or build the model again afterwards.
///
/// ```swift
/// let finder = LearningRateFinder()
/// let result = try finder.run(model, CrossEntropyLoss(), optimizer: OptimizerSettings(kind: .sgd),
///                             inputs: x, targets: y, batchSize: 64, seed: 0)
/// print(result.suggestion ?? .nan)
/// ```
public struct LearningRateFinder: Sendable {
    /// The first and last rate.
    public var start: Float = 1e-7, end: Float = 10
    /// Steps from `start` to `end`.
    public var batches: Int = 100
    /// The weight of the past in the moving average of the loss (0.9: about the last ten steps; more
    /// lags the fall of the loss by a decade of rates at 100 steps).
    public var smoothing: Double = 0.9
    /// The test stops when the smoothed loss exceeds this many times its best.
    public var divergence: Double = 4

    public init(start: Float = 1e-7, end: Float = 10, batches: Int = 100) {
        (self.start, self.end, self.batches) = (start, end, batches)
    }

    /// Throws `.argument` unless 0 < start < end (finite) and 2 ≤ batches ≤ 1,000,000.
    public func validate() throws {
        guard start.isFinite, end.isFinite, start > 0, end > start else {
            throw NeuralKitError.argument("Learning-rate range: the rates must be positive and grow (start \(start), end \(end)).", field: "lrFinder.range")
        }
        guard (2...1_000_000).contains(batches) else {
            throw NeuralKitError.argument("Learning-rate range: between 2 and 1,000,000 steps, got \(batches).", field: "lrFinder.batches")
        }
    }

    /// What the test measured.
    public struct Result: Sendable {
        /// The rate of each step taken, and its loss (raw and smoothed).
        public var rates: [Float], losses: [Float], smoothed: [Float]
        /// The index of the lowest smoothed loss.
        public var best: Int
        /// The rate where the smoothed loss falls fastest (nil when fewer than 5 steps were taken).
        public var suggestion: Float?
        /// Whether the loss diverged before the last rate.
        public var stoppedEarly: Bool
    }

    /// The rate of step `i` (from 0).
    public func rate(at i: Int) -> Float {
        Float(Double(start) * pow(Double(end) / Double(start), Double(i) / Double(batches - 1)))
    }

    /// Runs the test on `network` (trained in place) with `loss` and the optimizer `settings` makes.
    /// - Throws: `.argument` for bad settings or mismatched data, and any error of a step.
    public func run(
        _ network: any Module, _ loss: any Loss, optimizer settings: OptimizerSettings, inputs: Tensor, targets: Tensor,
        batchSize: Int, seed: UInt64
    ) throws -> Result {
        try validate()
        try settings.validate()
        let n = try Trainer.checkSamples(inputs: inputs, targets: targets, what: "training")
        let size = min(max(batchSize, 1), n), perEpoch = (n + size - 1) / size
        let optim = Optim(network, loss, optimizer: settings.make(learningRate: start))
        var rng = RandomGenerator(seed: seed)
        var order = Array(0..<n)
        var inputBuffer = BatchBuffer(depth: 2), targetBuffer = BatchBuffer(depth: 2)
        var result = Result(rates: [], losses: [], smoothed: [], best: 0, suggestion: nil, stoppedEarly: false)
        var average = 0.0
        for step in 0..<batches {
            let batch = step % perEpoch
            if batch == 0 { rng.shuffle(&order) }
            let range = (batch * size)..<min(n, (batch + 1) * size)
            optim.learningRate = rate(at: step)
            let value = try optim.step(input: inputBuffer.gather(order[range], from: inputs), target: targetBuffer.gather(order[range], from: targets))
            guard value.isFinite else {
                result.stoppedEarly = true
                break
            }
            average = smoothing * average + (1 - smoothing) * Double(value)
            let smoothed = Float(average / (1 - pow(smoothing, Double(step + 1))))
            result.rates.append(optim.learningRate)
            result.losses.append(value)
            result.smoothed.append(smoothed)
            if smoothed < result.smoothed[result.best] { result.best = result.smoothed.count - 1 }
            if step > 0, Double(smoothed) > divergence * Double(result.smoothed[result.best]) {
                result.stoppedEarly = step < batches - 1
                break
            }
        }
        result.suggestion = Self.steepestDescent(rates: result.rates, smoothed: result.smoothed, upTo: result.best)
        return result
    }

    /// The rate, among the first `upTo + 1` steps, where the smoothed loss falls fastest against
    /// log(rate), measured over ±k steps (k = 1/20 of the steps taken, at least 1, so that batch noise
    /// between neighbouring rates does not pass for a fall), after the first tenth of the steps; nil
    /// with fewer than 5 such steps.
    static func steepestDescent(rates: [Float], smoothed: [Float], upTo last: Int) -> Float? {
        guard last >= 4 else { return nil }
        let k = max(1, smoothed.count / 20)
        var steepest: (slope: Double, index: Int)?
        for i in max(1, smoothed.count / 10)..<max(last, 1) {  // the first tenth: the average is still settling
            let (a, b) = (max(0, i - k), min(last, i + k))
            let slope = Double(smoothed[b] - smoothed[a]) / (log(Double(rates[b])) - log(Double(rates[a])))
            if steepest == nil || slope < steepest!.slope { steepest = (slope, i) }
        }
        return steepest.map { rates[$0.index] }
    }
}
