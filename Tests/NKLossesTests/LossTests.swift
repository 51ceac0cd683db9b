// Tests of the losses: gradient checks, hand-computed values, reductions, targets and errors.

import Foundation
import Testing
import NeuralKit
import NKTestSupport

/// Seeded (target, prediction) pairs for the loss called `name`, shape `(batch, width)`, with
/// predictions kept away from the kinks (hinges) and the clamps (probabilities in [0.1, 0.9]).
func lossData(_ name: String, batch: Int, width: Int, using rng: inout RandomGenerator) -> (target: Tensor, prediction: Tensor) {
    let shape = [batch, width]
    switch name {
    case "mse", "bce-logits":
        return (TestSupport.uniform(shape, 0, 1, using: &rng), TestSupport.input(shape, scale: 2, using: &rng))
    case "bce":
        return (TestSupport.uniform(shape, 0, 1, using: &rng), TestSupport.uniform(shape, 0.1, 0.9, using: &rng))
    case "hinge":
        let y = Tensor(shape: shape, scalars: (0..<(batch * width)).map { _ in rng.next() & 1 == 0 ? 1 : -1 })
        // y·ŷ = 1 ± (0.1…1): never within 2h of the hinge.
        let p = Tensor(shape: shape, scalars: y.scalars.map { t in t * (1 + (rng.next() & 1 == 0 ? 1 : -1) * (0.1 + 0.9 * rng.nextUnitFloat())) })
        return (y, p)
    case "nll":
        let p = try! Softmax().forward(TestSupport.input(shape, using: &rng))
        return (TestSupport.classIndices(batch: batch, classes: width, using: &rng), p)
    case "nll-log":
        let p = try! LogSoftmax().forward(TestSupport.input(shape, using: &rng))
        return (TestSupport.classIndices(batch: batch, classes: width, using: &rng), p)
    case "multi-hinge":
        // Scores on a grid of step 0.3 + noise < 0.1 keep every margin 1 + ŷⱼ − ŷ_y away from 0.
        let p = Tensor(shape: shape, scalars: (0..<(batch * width)).map { _ in Float(Int.random(in: -3...3, using: &rng)) * 0.3 + 0.05 * rng.nextUnitFloat() })
        return (TestSupport.classIndices(batch: batch, classes: width, using: &rng), p)
    default:  // ce
        return (TestSupport.classIndices(batch: batch, classes: width, using: &rng), TestSupport.input(shape, scale: 3, using: &rng))
    }
}

@Suite struct LossTests {
    @Test(arguments: validLossNames) func gradientCheckAtSmallShapes(name: String) throws {
        var rng = RandomGenerator(seed: 51)
        for (batch, width) in TestSupport.smallShapes(seed: 51) {
            for reduction in Reduction.allCases {
                let loss = try makeLoss(named: name, reduction: reduction)
                let (t, p) = lossData(name, batch: batch, width: width, using: &rng)
                let result = try GradientCheck.check(loss, target: t, prediction: p)
                #expect(result.passed, "\(result)")
            }
        }
    }

    /// What a training step uses (`valueAndGradient`, fused for some losses) is `value` and
    /// `backward`, for every reduction and at shapes off any vector width.
    @Test(arguments: validLossNames) func valueAndGradientAgreeWithTheSeparatePasses(name: String) throws {
        var rng = RandomGenerator(seed: 53)
        for (batch, width) in [(1, 2), (5, 3), (7, 10), (64, 13)] {
            for reduction in Reduction.allCases {
                let loss = try makeLoss(named: name, reduction: reduction)
                var (t, p) = lossData(name, batch: batch, width: width, using: &rng)
                if name == "ce" && batch == 5 {  // soft labels: rows of probabilities
                    t = try Softmax().forward(TestSupport.input([batch, width], using: &rng))
                }
                let (value, gradient) = try loss.valueAndGradient(target: t, prediction: p)
                let expected = try loss.value(target: t, prediction: p)
                #expect(abs(value - expected) <= 1e-5 * max(1, abs(expected)), "\(name) \(reduction) \(batch)×\(width): \(value) vs \(expected)")
                let reference = try loss.backward(target: t, prediction: p)
                #expect(gradient.shape == reference.shape)
                #expect(
                    TestSupport.maxDifference(gradient, reference) <= 1e-6 * max(1, reference.scalars.map(abs).max() ?? 0),
                    "\(name) \(reduction) \(batch)×\(width)")
            }
        }
    }

    @Test(arguments: validLossNames) func reductionsAgree(name: String) throws {
        var rng = RandomGenerator(seed: 52)
        let (t, p) = lossData(name, batch: 4, width: 3, using: &rng)
        let none = try makeLoss(named: name, reduction: .none), sum = try makeLoss(named: name, reduction: .sum)
        let mean = try makeLoss(named: name)
        let each = try none.forward(target: t, prediction: p)
        #expect(each.shape == [4])
        let total = try sum.forward(target: t, prediction: p)
        #expect(total.shape == [] && abs(total.scalars[0] - each.scalars.reduce(0, +)) < 1e-4)
        #expect(abs(try mean.forward(target: t, prediction: p).scalars[0] - total.scalars[0] / 4) < 1e-5)
        let gSum = try sum.backward(target: t, prediction: p), gMean = try mean.backward(target: t, prediction: p)
        #expect(try none.backward(target: t, prediction: p) == gSum)
        #expect(TestSupport.maxDifference(gMean, Tensor(shape: gSum.shape, scalars: gSum.scalars.map { $0 / 4 })) < 1e-6)
        #expect(gSum.scalars.contains { $0 != 0 })
        // A batch is its rows one by one.
        for r in 0..<4 {
            let single = try none.forward(target: t.rows(r..<(r + 1)), prediction: p.rows(r..<(r + 1)))
            #expect(abs(single.scalars[0] - each.scalars[r]) < 1e-5)
        }
    }

    @Test func handComputedValues() throws {
        let t = Tensor(shape: [2, 2], scalars: [1, 2, 0, 0]), p = Tensor(shape: [2, 2], scalars: [2, 4, 1, -1])
        #expect(try MSELoss().forward(target: t, prediction: p).scalars == [3.5])  // (1+4 + 1+1)/2
        #expect(try MSELoss(reduction: .none).forward(target: t, prediction: p).scalars == [5, 2])
        #expect(try MSELoss(reduction: .sum).backward(target: t, prediction: p).scalars == [2, 4, 2, -2])

        let half = Tensor(repeating: 0.5, shape: [1, 3]), y = Tensor(shape: [1, 3], scalars: [0, 1, 1])
        #expect(abs(try BCELoss().forward(target: y, prediction: half).scalars[0] - 3 * Float(log(2.0))) < 1e-6)
        let extreme = Tensor(shape: [1, 2], scalars: [0, 1])
        #expect(try BCELoss().forward(target: Tensor(shape: [1, 2], scalars: [1, 0]), prediction: extreme).scalars == [200])
        #expect(try BCELoss().backward(target: Tensor(shape: [1, 2], scalars: [1, 0]), prediction: extreme).scalars.allSatisfy { $0.isFinite })
        let logits = Tensor(shape: [1, 3], scalars: [-2, 0.5, 3]), soft = Tensor(shape: [1, 3], scalars: [0, 1, 0.25])
        let sigmoid = Tensor(shape: [1, 3], scalars: logits.scalars.map { Float(1 / (1 + exp(-Double($0)))) })
        let viaProbabilities = try BCELoss().forward(target: soft, prediction: sigmoid)
        let fused = try BCEWithLogitsLoss().forward(target: soft, prediction: logits)
        #expect(abs(fused.scalars[0] - viaProbabilities.scalars[0]) < 1e-5)
        // log(1 + e^−2) + log(1 + e^−0.5) + [3 − 0.25·3 + log(1 + e^−3)]
        #expect(abs(fused.scalars[0] - Float(log(1 + exp(-2.0)) + log(1 + exp(-0.5)) + 2.25 + log(1 + exp(-3.0)))) < 1e-5)
        #expect(try BCEWithLogitsLoss().forward(target: Tensor(zeros: [1, 1]), prediction: Tensor(shape: [1, 1], scalars: [1e4])).scalars == [1e4])

        for classes in [2, 5, 10] {  // uniform logits: log C
            let ce = try CrossEntropyLoss().forward(target: Tensor(shape: [1], scalars: [1]), prediction: Tensor(zeros: [1, classes]))
            #expect(abs(ce.scalars[0] - Float(log(Double(classes)))) < 1e-6)
        }
        let z = Tensor(shape: [1, 3], scalars: [1, 2, 3])
        let expected = log(exp(1.0) + exp(2.0) + exp(3.0)) - 1
        #expect(abs(Double(try CrossEntropyLoss().forward(target: Tensor(shape: [1], scalars: [0]), prediction: z).scalars[0]) - expected) < 1e-6)
        #expect(try CrossEntropyLoss().forward(target: Tensor(shape: [1], scalars: [0]), prediction: Tensor(shape: [1, 2], scalars: [1000, 0])).scalars == [0])
        let probs = try Softmax().forward(z)
        #expect(abs(try NLLLoss().forward(target: Tensor(shape: [1], scalars: [0]), prediction: probs).scalars[0] - Float(expected)) < 1e-5)
        #expect(try NLLLoss().forward(target: Tensor(shape: [1], scalars: [1]), prediction: Tensor(shape: [1, 2], scalars: [1, 0])).scalars == [100])
        #expect(try NLLLoss().backward(target: Tensor(shape: [1], scalars: [1]), prediction: Tensor(shape: [1, 2], scalars: [1, 0])).scalars.allSatisfy { $0.isFinite })

        let labels = Tensor(shape: [2, 2], scalars: [1, -1, -1, 1]), scores = Tensor(shape: [2, 2], scalars: [0.5, 2, -3, 1])
        #expect(try HingeLoss(reduction: .none).forward(target: labels, prediction: scores).scalars == [3.5, 0])  // 0.5 + 3; 0 + 0
        #expect(try HingeLoss(reduction: .sum).backward(target: labels, prediction: scores).scalars == [-1, 1, 0, 0])
        let mh = try MultiHingeLoss(reduction: .none).forward(
            target: Tensor(shape: [2], scalars: [0, 2]),
            prediction: Tensor(shape: [2, 3], scalars: [1, 2, 3, 0, 0, 5]))
        #expect(mh.scalars == [5, 0])  // (1+2−1) + (1+3−1); margins met
    }

    @Test(arguments: ["ce", "nll", "nll-log", "multi-hinge"]) func oneHotEqualsIndexTargets(name: String) throws {
        var rng = RandomGenerator(seed: 53)
        let loss = try makeLoss(named: name, reduction: .none)
        let (t, p) = lossData(name, batch: 5, width: 4, using: &rng)
        let hot = Tensor.oneHot(classIndices: t, classes: 4), column = t.reshaped([5, 1])
        let value = try loss.forward(target: t, prediction: p), grad = try loss.backward(target: t, prediction: p)
        #expect(try loss.forward(target: hot, prediction: p) == value)
        #expect(try loss.forward(target: column, prediction: p) == value)
        #expect(try loss.backward(target: hot, prediction: p) == grad)
        #expect(try loss.backward(target: column, prediction: p) == grad)
    }

    @Test func errors() {
        let p = Tensor(zeros: [2, 3])
        #expect(
            TestSupport.errorMessage { _ = try MSELoss().forward(target: Tensor(zeros: [2, 2]), prediction: p) }
                == "MSELoss(reduction=mean): target shape (2, 2) does not match prediction shape (2, 3)")
        #expect(
            TestSupport.errorMessage { _ = try CrossEntropyLoss().forward(target: Tensor(shape: [2], scalars: [0, 3]), prediction: p) }
                == "CrossEntropyLoss(reduction=mean): target 3.0 of sample 1 is not a class index in 0..<3")
        #expect(
            TestSupport.errorMessage { _ = try NLLLoss().forward(target: Tensor(shape: [2], scalars: [0.5, 1]), prediction: p) }?
                .contains("target 0.5 of sample 0 is not a class index") == true)
        #expect(
            TestSupport.errorMessage { _ = try CrossEntropyLoss().forward(target: Tensor(zeros: [3]), prediction: p) }?
                .contains("target shape (3) fits neither class indices (2) or (2, 1) nor one-hot rows (2, 3)") == true)
        #expect(
            TestSupport.errorMessage { _ = try CrossEntropyLoss().forward(target: Tensor(zeros: [2]), prediction: Tensor(zeros: [2, 3, 1])) }?
                .contains("expected prediction (batch, classes), got (2, 3, 1)") == true)
        #expect(
            TestSupport.errorMessage { _ = try HingeLoss().forward(target: Tensor(shape: [1, 2], scalars: [1, 0]), prediction: Tensor(zeros: [1, 2])) }
                == "HingeLoss(reduction=mean): target 0.0 at element 1 is not a label −1 or +1")
        #expect(
            TestSupport.errorMessage { _ = try BCELoss().forward(target: Tensor(zeros: [1, 1]), prediction: Tensor(shape: [1, 1], scalars: [1.5])) }?
                .contains("prediction 1.5 at element 0 is not a probability in [0, 1]") == true)
        #expect(
            TestSupport.errorMessage { _ = try MultiHingeLoss().forward(target: Tensor(shape: [1, 3], scalars: [0.5, 0.5, 0]), prediction: p.rows(0..<1)) }?
                .contains("target row 0 is not one-hot") == true)
        #expect(
            TestSupport.errorMessage { _ = try makeLoss(named: "l2") }
                == "unknown loss 'l2'; valid losses: mse, bce, bce-logits, ce, nll, nll-log, hinge, multi-hinge")
        #expect(
            TestSupport.errorMessage { _ = try NLLLoss().forward(target: Tensor(shape: [2], scalars: [0, 1]), prediction: Tensor(repeating: -0.3, shape: [2, 3])) }?
                .contains("use nll-log after LogSoftmax()") == true)
    }

    @Test(arguments: ["mse", "bce", "bce-logits", "hinge"]) func batchTargetFitsColumnPrediction(name: String) throws {
        var rng = RandomGenerator(seed: 54)
        let loss = try makeLoss(named: name)
        let (t, p) = lossData(name, batch: 4, width: 1, using: &rng)
        let flat = t.reshaped([4])
        #expect(try loss.forward(target: flat, prediction: p) == loss.forward(target: t, prediction: p))
        #expect(try loss.backward(target: flat, prediction: p) == loss.backward(target: t, prediction: p))
        #expect(try loss.backward(target: flat, prediction: p).shape == [4, 1])
        #expect(throws: NeuralKitError.self) { try loss.forward(target: Tensor(zeros: [2, 2]), prediction: Tensor(zeros: [4, 1])) }
    }

    @Test func makeLossBuildsEachName() throws {
        let types: [String] = try validLossNames.map { String(describing: type(of: try makeLoss(named: $0, reduction: .sum))) }
        #expect(types == ["MSELoss", "BCELoss", "BCEWithLogitsLoss", "CrossEntropyLoss", "NLLLoss", "NLLLoss", "HingeLoss", "MultiHingeLoss"])
        #expect(try LossKind(named: "NLL-Log").make().description == "NLLLoss(reduction=mean, input=log-probabilities)")
        #expect(try makeLoss(named: "CE", reduction: .sum).reduction == .sum)
    }

    /// PyTorch's pairing: `nll-log` after `LogSoftmax()` is cross-entropy on the scores, value and gradient.
    @Test func logLikelihoodAfterLogSoftmaxEqualsCrossEntropy() throws {
        var rng = RandomGenerator(seed: 55)
        let z = TestSupport.input([4, 5], scale: 3, using: &rng), t = TestSupport.classIndices(batch: 4, classes: 5, using: &rng)
        let logSoftmax = LogSoftmax(), logP = try logSoftmax.forward(z)
        let nll = NLLLoss(input: .logProbabilities), ce = CrossEntropyLoss()
        #expect(abs(try nll.value(target: t, prediction: logP) - ce.value(target: t, prediction: z)) < 1e-5)
        let throughLogSoftmax = try logSoftmax.backwardDelta(input: z, delta: try nll.backward(target: t, prediction: logP))
        #expect(TestSupport.maxDifference(throughLogSoftmax, try ce.backward(target: t, prediction: z)) < 1e-6)
    }

    @Test func softTargetsForCrossEntropy() throws {
        let z = Tensor(shape: [1, 2], scalars: [0.3, -0.2]), soft = Tensor(shape: [1, 2], scalars: [0.25, 0.75])
        let a = try CrossEntropyLoss().forward(target: Tensor(shape: [1], scalars: [0]), prediction: z).scalars[0]
        let b = try CrossEntropyLoss().forward(target: Tensor(shape: [1], scalars: [1]), prediction: z).scalars[0]
        #expect(abs(try CrossEntropyLoss().forward(target: soft, prediction: z).scalars[0] - (0.25 * a + 0.75 * b)) < 1e-6)
        #expect(try GradientCheck.check(CrossEntropyLoss(), target: soft, prediction: z).passed)
    }
}
