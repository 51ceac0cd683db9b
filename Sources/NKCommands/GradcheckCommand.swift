// `neuralkit gradcheck`: compares every backward pass of a model and loss with central differences.

import ArgumentParser
import NeuralKit

struct GradcheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gradcheck",
        abstract: "Check a model's and a loss's backward passes against numeric differentiation.",
        discussion: """
            Runs the model on a seeded random batch, applies the loss, and compares the analytic gradient
            of every parameter and of the input with a 5-point central difference. Prints the worst error
            per tensor and exits with status 1 when any tensor is outside the tolerance.
            Example: neuralkit gradcheck --model "Linear(4, 6) - TanH() - Linear(6, 3)" --loss ce
            """
    )

    @OptionGroup var model: ModelOptions

    @Option(name: .long, help: "The loss: mse, bce, bce-logits, ce, nll, hinge, multi-hinge.")
    var loss: String

    @Option(name: .long, help: "Samples in the random batch.")
    var batch: Int = 3

    @Option(name: .long, help: ArgumentHelp("Shape of one input sample, e.g. 10 (default: the first layer's input width).", valueName: "dims"))
    var inputShape: String?

    @Option(name: .long, help: "Relative tolerance rtol in |analytic − numeric| ≤ atol + rtol·|numeric|.")
    var rtol: Double = 1e-2

    @Option(name: .long, help: "Absolute tolerance atol.")
    var atol: Double = 1e-3

    @Option(name: .long, help: "Check at most this many elements per tensor (a seeded sample).")
    var maxElements: Int = 256

    func validate() throws {
        guard knownLosses.contains(loss) else {
            throw ValidationError("--loss: unknown loss '\(loss)'; expected one of \(knownLosses.joined(separator: ", ")).")
        }
        guard batch >= 1 else { throw ValidationError("--batch must be at least 1, got \(batch).") }
        guard rtol >= 0, atol >= 0 else { throw ValidationError("--rtol and --atol must be non-negative.") }
        guard maxElements >= 1 else { throw ValidationError("--max-elements must be at least 1.") }
    }

    mutating func run() throws {
        var rng = RandomGenerator(seed: model.seed)
        let network = try model.buildModel(rng: &rng)
        let sample = try inputShape.map(parseShape) ?? inferredInputShape(of: network)
        let output = try network.checkInput(sampleShape: sample, source: "the random batch")
        let width = output.dropFirst().reduce(1, *)
        let input = Tensor.normal([batch] + sample, using: &rng)
        let target = randomTarget(for: loss, batch: batch, width: width, using: &rng)
        let options = GradientCheck.Options(absoluteTolerance: atol, relativeTolerance: rtol,
                                            maxElementsPerTensor: maxElements, seed: model.seed)
        let result = try GradientCheck.check(network, loss: try makeLoss(named: loss), input: input,
                                             target: target, options: options)
        print(result)
        if !result.passed { throw ExitCode(1) }
    }
}

/// A random target of the kind `loss` expects for a `(batch, width)` prediction.
func randomTarget(for loss: String, batch: Int, width: Int, using rng: inout RandomGenerator) -> Tensor {
    switch loss {
    case "ce", "nll", "multi-hinge":
        return Tensor(shape: [batch], scalars: (0..<batch).map { _ in Float(Int.random(in: 0..<width, using: &rng)) })
    case "bce", "bce-logits":
        return Tensor(uninitializedShape: [batch, width]) { t in for i in t.indices { t[i] = rng.next() & 1 == 0 ? 0 : 1 } }
    case "hinge":
        return Tensor(uninitializedShape: [batch, width]) { t in for i in t.indices { t[i] = rng.next() & 1 == 0 ? -1 : 1 } }
    default:
        return Tensor.normal([batch, width], using: &rng)
    }
}
