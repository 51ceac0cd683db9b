// DeepBeliefNet: greedy layer-wise pre-training of a sigmoid MLP by stacked RBMs, and sampling down.

import NKCore
import NKLayers

/// Greedy layer-wise pre-training (Hinton, Osindero & Teh, 2006) of a model written in the notation:
/// every `Linear(a, b) - Sigmoid()` pair from the input on (before the last `Linear`; `Dropout`
/// layers between pairs are allowed, for fine-tuning with dropout) is an RBM
/// with `a` visible and `b` hidden units, trained by `ContrastiveDivergence` on the previous RBM's
/// hidden probabilities (the data for the first); its weight and hidden biases then initialise the
/// `Linear`. The final `Linear` keeps its initialisation, so fine-tuning by back-propagation
/// (`neuralkit train --init`) works as for any model. The RBMs' visible biases are kept to sample
/// downwards (`sampleDown`).
public enum DeepBeliefNet {
    /// The positions of the `Linear` layers pre-training fills: each is followed by a `Sigmoid`, the
    /// first is the model's first layer, each takes the previous one's output, and the last `Linear`
    /// of the model is not among them.
    /// - Throws: `.argument` when the model does not start with such a pair.
    public static func pretrainableLayers(_ model: Sequential) throws -> [Int] {
        var layers: [Int] = []
        var i = 0
        let lastLinear = model.modules.lastIndex { $0 is Linear }
        while i + 1 < model.modules.count, let linear = model.modules[i] as? Linear, model.modules[i + 1] is Sigmoid, i != lastLinear {
            if let previous = layers.last, (model.modules[previous] as! Linear).outputSize != linear.inputSize { break }
            layers.append(i)
            i += 2
            while i < model.modules.count, model.modules[i] is Dropout { i += 1 }  // the identity when pre-training
        }
        guard !layers.isEmpty else {
            throw NeuralKitError.argument(
                "Pre-training needs a model that starts with Linear(a, b) - Sigmoid() pairs followed by more layers, e.g. \"Linear(784, 500) - Sigmoid() - Linear(500, 10)\"; got \(model).")
        }
        return layers
    }

    /// Pre-trains the pairs of `model` in place on `data` (rows in [0, 1]) and returns the RBMs, in order.
    /// - Parameters:
    ///   - model: the sigmoid net; its pairs' weights and hidden biases are replaced.
    ///   - data: the training rows, in [0, 1].
    ///   - settings: each RBM's training (learning rate, batch size, epochs, CD steps, seed).
    ///   - onLayer: called before each RBM is trained, with its position in `model` and the RBM.
    ///   - onEpoch: each RBM's per-epoch metrics.
    public static func pretrain(
        _ model: Sequential, data: Tensor, settings: RBMTraining,
        onLayer: ((Int, RBM) -> Void)? = nil, onEpoch: ((Int, RBMEpochMetrics) -> Void)? = nil
    ) throws -> [RBM] {
        var rng = RandomGenerator(seed: settings.seed)
        var input = data.flattenedRows
        var rbms: [RBM] = []
        for (n, index) in try pretrainableLayers(model).enumerated() {
            let linear = model.modules[index] as! Linear
            let rbm = RBM(visible: linear.inputSize, hidden: linear.outputSize, using: &rng)
            onLayer?(index, rbm)
            var layerSettings = settings
            layerSettings.seed = settings.seed &+ UInt64(n)
            _ = try ContrastiveDivergence(rbm, settings: layerSettings).fit(input) { onEpoch?(index, $0) }
            linear.weight.value = rbm.weight
            if let bias = linear.bias { bias.value = rbm.hiddenBias }
            rbms.append(rbm)
            input = try rbm.hiddenProbabilities(input)
        }
        return rbms
    }

    /// Top-level visible probabilities mapped down to the data space through the RBMs below the top
    /// one: `x ← σ(xWₗ + bₗ)` for each lower RBM, from the top down.
    public static func sampleDown(_ top: Tensor, through lower: [RBM]) throws -> Tensor {
        var x = top
        for rbm in lower.reversed() { x = try rbm.visibleProbabilities(x) }
        return x
    }
}
