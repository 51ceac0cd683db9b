// `neuralkit gradcheck`: compares every backward pass of a model and loss with central differences.

import ArgumentParser
import NeuralKit

struct GradcheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gradcheck",
        abstract: "Check a model's and a loss's backward passes against numeric differentiation.",
        discussion: """
            Runs the model on a seeded random batch, applies the loss, and compares the analytic gradient of every parameter and of the input with a 5-point central difference. Elements that sit on a kink (ReLU at 0, a max-pool tie, a hinge margin), where the derivative is not defined, are reported as skipped, not failed. The tolerance scales with each tensor's largest gradient, so nets with tiny gradients are judged as strictly as others. Prints the worst error per tensor (and report 002's relative error |a − n| / max(|a|, |n|)) and exits with status 1 when any tensor is outside the tolerance.
            Examples:
              neuralkit gradcheck --model "Linear(4, 6) - TanH() - Linear(6, 3)" --loss ce
              neuralkit gradcheck --model "Reshape(28, 28, 1) - Conv2D(1, 4, 5) - ReLU() - MaxPool2D(2) - Flatten() - Linear(576, 10)" --loss ce
            """
    )

    @OptionGroup var model: ModelOptions
    @OptionGroup var shape: InputShapeOption

    @Option(name: .long, help: "The loss: mse, bce, bce-logits, ce, nll, nll-log, hinge, multi-hinge.")
    var loss: LossKind

    @Option(name: .long, parsing: .unconditional, help: "Samples in the random batch.")
    var batch: Int = 3

    @Option(name: .long, parsing: .unconditional, help: "Relative tolerance rtol in |analytic − numeric| ≤ rtol·|numeric| + atol·max|numeric| + noise (the maximum over each tensor).")
    var rtol: Double = 1e-2

    @Option(name: .long, parsing: .unconditional, help: "Tolerance atol, as a fraction of each tensor's largest numeric gradient.")
    var atol: Double = 1e-3

    @Option(name: .long, parsing: .unconditional, help: "Check at most this many elements per tensor (a seeded sample).")
    var maxElements: Int = 256

    func validate() throws {
        guard batch >= 1 else { throw ValidationError("--batch must be at least 1, got \(batch).") }
        guard rtol >= 0, atol >= 0 else { throw ValidationError("--rtol and --atol must be non-negative.") }
        guard maxElements >= 1 else { throw ValidationError("--max-elements must be at least 1.") }
    }

    mutating func run() throws {
        let seed = model.seed ?? 0
        var rng = RandomGenerator(seed: seed)
        let network = try ModelNotation.parse(try model.notation(), using: &rng)
        let sample = try shape.sampleShape(for: network)
        let shapes = try network.layerOutputShapes(sampleShape: sample, source: "the random batch")
        let width = (shapes.last ?? [1] + sample).dropFirst().reduce(1, *)
        let input = Tensor.normal([batch] + sample, using: &rng)
        let target = GradientCheck.randomTarget(for: loss, batch: batch, width: width, using: &rng)
        try LossPairing.check(model: network, loss: loss, targets: target)
        let options = GradientCheck.Options(
            absoluteTolerance: atol, relativeTolerance: rtol,
            maxElementsPerTensor: maxElements, seed: seed)
        let result = try GradientCheck.check(network, loss: loss.make(), input: input, target: target, options: options)
        print(result)
        if !result.passed { throw ExitCode(1) }
    }
}
