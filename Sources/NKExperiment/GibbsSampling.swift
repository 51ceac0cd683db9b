// GibbsSampling: `neuralkit sample` as a library run — chains of block Gibbs sampling in an RBM or a
// DBN's top RBM, recorded every few steps, optionally classified by a trained model.

import Foundation
import NKCore
import NKLayers
import NKPlot
import NKTrain

/// What to sample.
public struct GibbsSamplingSpecification: Sendable, Codable, Equatable {
    /// An RBM (`neuralkit rbm --save`) or a pre-trained DBN (`neuralkit pretrain --save`).
    public var checkpoint: String
    /// Chains run side by side (1–10,000).
    public var count: Int
    /// Gibbs steps (1–1,000,000).
    public var steps: Int
    /// Record the chains every this many steps (nil: only at the end); at most 100 records.
    public var every: Int?
    /// A model checkpoint that classifies the final samples (nil: none).
    public var classifier: String?
    /// Seeds the starting states and the sampling.
    public var seed: UInt64

    public init(checkpoint: String, count: Int = 100, steps: Int = 1000, every: Int? = nil, classifier: String? = nil, seed: UInt64 = 0) {
        (self.checkpoint, self.count, self.steps, self.every, self.classifier, self.seed) = (checkpoint, count, steps, every, classifier, seed)
    }

    /// Throws `NeuralKitError.argument` naming the field out of range.
    public func validate() throws {
        guard (1...10_000).contains(count) else { throw NeuralKitError.argument("Sampling: the number of chains must be between 1 and 10000, got \(count).", field: "count") }
        guard (1...1_000_000).contains(steps) else { throw NeuralKitError.argument("Sampling: the number of steps must be between 1 and 1000000, got \(steps).", field: "steps") }
        if let every {
            guard (1...steps).contains(every) else {
                throw NeuralKitError.argument("Sampling: the recording interval must be between 1 and the number of steps (\(steps)), got \(every).", field: "every")
            }
            guard steps / every <= 100 else {
                throw NeuralKitError.argument("Sampling: recording every \(every) steps makes \(steps / every) records; at most 100 (record less often).", field: "every")
            }
        }
    }
}

/// What sampling gave.
public struct GibbsSamplingOutcome {
    /// The visible probabilities of every chain at each record (mapped down to the data for a DBN).
    public var records: [Tensor]
    /// The step count of each record.
    public var recordedSteps: [Int]
    /// The classifier's class probabilities of the final samples, one row per chain (nil without one).
    public var probabilities: Tensor?

    /// The final samples.
    public var final: Tensor { records.last! }

    /// The most probable class of each final sample and its probability.
    public var classes: [(class: Int, probability: Float)]? {
        guard let probabilities else { return nil }
        return probabilities.rowArgmax().enumerated().map { i, c in (c, probabilities.scalars[i * probabilities.rowSize + c]) }
    }

    /// The images: one row per record (at most 20 chains) when there are several records, else every
    /// chain captioned with its class.
    public func figure(count: Int, steps: Int) throws -> ImageGrid {
        let width = final.rowSize
        let side = Int(Double(width).squareRoot().rounded())
        let shape = side * side == width ? [side, side] : [1, width]
        let shown = records.count > 1 ? min(count, 20) : count
        var scalars: [Float] = []
        for r in records { scalars += r.rows(0..<shown).scalars }
        let captions = records.count > 1 ? [] : (classes ?? []).map { String(format: "%ld (%.2f)", $0.class, Double($0.probability)) }
        return try ImageGrid(
            title: records.count > 1
                ? "Gibbs chains: rows after \(recordedSteps.map(String.init).joined(separator: ", ")) steps"
                : "\(count) samples after \(steps) Gibbs steps",
            images: Tensor(shape: [shown * records.count, width], scalars: scalars), sampleShape: shape,
            columns: records.count > 1 ? shown : nil, captions: captions)
    }
}

/// Runs a `GibbsSamplingSpecification`.
public struct GibbsSampling {
    public let specification: GibbsSamplingSpecification
    public init(_ specification: GibbsSamplingSpecification) { self.specification = specification }

    public func run() throws -> GibbsSamplingOutcome {
        let s = specification
        try s.validate()
        let (top, lower): (RBM, [RBM])
        switch try RBMFile.read(s.checkpoint) {
        case .rbm(let rbm, _): (top, lower) = (rbm, [])
        case .dbn(let rbms, _, _): (top, lower) = (rbms.last!, Array(rbms.dropLast()))
        }
        let every = s.every ?? s.steps
        var rng = RandomGenerator(seed: s.seed)
        var state = RBM.sample(Tensor(repeating: 0.5, shape: [s.count, top.visible]), using: &rng)
        var outcome = GibbsSamplingOutcome(records: [], recordedSteps: [], probabilities: nil)
        var done = 0
        while done < s.steps {
            let n = min(every, s.steps - done)
            let (p, next) = try top.gibbs(from: state, steps: n, using: &rng)
            state = next
            done += n
            outcome.records.append(try DeepBeliefNet.sampleDown(p, through: lower))
            outcome.recordedSteps.append(done)
        }
        if let classifier = s.classifier {
            let saved = try RunCheckpoint.read(classifier)
            let model = try saved.recordedModel(seed: 0)
            try saved.loadWeights(into: model)
            outcome.probabilities = try classProbabilities(of: try predict(network: model, inputs: outcome.final), from: model)
        }
        return outcome
    }
}
