// Tests of the update rules against their formulas, written out here in Double, step by step.

import Foundation
import Testing
import NeuralKit
import NKTestSupport

@Suite struct OptimizerTests {
    /// One parameter of 5 values with fixed gradients for three steps.
    static let start: [Double] = [0.5, -1.2, 2.0, 0.0, -0.3]
    static let gradients: [[Double]] = [[0.1, -0.4, 0.3, 1e-3, -2], [0.2, 0.1, -0.5, 0, 1], [-0.3, 0.2, 0.1, 0.05, -0.5]]

    /// The values after three `optimizer` steps on `gradients`.
    func run(_ optimizer: any Optimizer) -> [Double] {
        let p = Parameter(name: "weight", value: Tensor(shape: [5], scalars: Self.start.map(Float.init)))
        for g in Self.gradients {
            p.gradient = Tensor(shape: [5], scalars: g.map(Float.init))
            optimizer.step([p])
        }
        #expect(optimizer.steps == 3)
        return p.value.scalars.map(Double.init)
    }

    /// The same three steps by the written-out rule `update(θ, g, t, state) -> θ`.
    func reference(_ update: (inout Double, Double, Int, inout [Double]) -> Void) -> [Double] {
        (0..<5).map { i in
            var theta = Self.start[i], state = [Double](repeating: 0, count: 4)
            for (t, g) in Self.gradients.enumerated() { update(&theta, g[i], t + 1, &state) }
            return theta
        }
    }

    func expectClose(_ a: [Double], _ b: [Double], _ label: String) {
        let worst = zip(a, b).map { abs($0 - $1) / max(1, abs($1)) }.max() ?? 0
        #expect(worst < 2e-6, "\(label): \(a) vs \(b)")
    }

    @Test func sgdPlainAndWithWeightDecay() {
        expectClose(run(SGD(learningRate: 0.1)), reference { th, g, _, _ in th -= 0.1 * g }, "sgd")
        expectClose(run(SGD(learningRate: 0.1, weightDecay: 0.2)), reference { th, g, _, _ in th -= 0.1 * (g + 0.2 * th) }, "sgd wd")
    }

    @Test func momentumAndNesterovStartTheBufferAtTheFirstGradient() {
        let heavy = reference { th, g, t, s in
            let d = g + 0.01 * th
            s[0] = t == 1 ? d : 0.9 * s[0] + d
            th -= 0.1 * s[0]
        }
        expectClose(run(SGD(learningRate: 0.1, momentum: 0.9, weightDecay: 0.01)), heavy, "momentum")
        let nesterov = reference { th, g, t, s in
            s[0] = t == 1 ? g : 0.8 * s[0] + g
            th -= 0.1 * (g + 0.8 * s[0])
        }
        expectClose(run(SGD(learningRate: 0.1, momentum: 0.8, nesterov: true)), nesterov, "nesterov")
        // Not the same thing: the test can tell them apart.
        #expect(abs(heavy[4] - nesterov[4]) > 1e-3)
    }

    @Test func adamAndAdamWWithBiasCorrection() {
        func adam(_ wd: Double, decoupled: Bool) -> [Double] {
            reference { th, g, t, s in
                if decoupled { th *= 1 - 0.01 * wd }
                let d = g + (decoupled ? 0 : wd * th)
                s[0] = 0.9 * s[0] + 0.1 * d
                s[1] = 0.999 * s[1] + 0.001 * d * d
                let mhat = s[0] / (1 - pow(0.9, Double(t))), vhat = s[1] / (1 - pow(0.999, Double(t)))
                th -= 0.01 * mhat / (vhat.squareRoot() + 1e-8)
            }
        }
        expectClose(run(Adam(learningRate: 0.01)), adam(0, decoupled: false), "adam")
        expectClose(run(Adam(learningRate: 0.01, weightDecay: 0.1)), adam(0.1, decoupled: false), "adam wd")
        expectClose(run(Adam(learningRate: 0.01, weightDecay: 0.1, decoupled: true)), adam(0.1, decoupled: true), "adamw")
        #expect(abs(adam(0.1, decoupled: true)[2] - adam(0.1, decoupled: false)[2]) > 1e-5)
    }

    @Test func rmspropWithAndWithoutMomentum() {
        func rms(_ mu: Double) -> [Double] {
            reference { th, g, _, s in
                s[0] = 0.99 * s[0] + 0.01 * g * g
                let step = g / (s[0].squareRoot() + 1e-8)
                if mu > 0 { s[1] = mu * s[1] + step; th -= 0.01 * s[1] } else { th -= 0.01 * step }
            }
        }
        expectClose(run(RMSprop(learningRate: 0.01)), rms(0), "rmsprop")
        expectClose(run(RMSprop(learningRate: 0.01, momentum: 0.9)), rms(0.9), "rmsprop momentum")
    }

    @Test func adagradAccumulatesSquares() {
        let expected = reference { th, g, _, s in
            let d = g + 0.05 * th
            s[0] += d * d
            th -= 0.1 * d / (s[0].squareRoot() + 1e-10)
        }
        expectClose(run(Adagrad(learningRate: 0.1, weightDecay: 0.05)), expected, "adagrad")
    }

    /// Saving the state after a step and restoring it into a fresh optimizer continues identically.
    @Test func stateRoundTripsExactly() throws {
        for make in [{ Adam(learningRate: 0.01) as any Optimizer }, { SGD(learningRate: 0.1, momentum: 0.9) }, { RMSprop(momentum: 0.5) }, { Adagrad() }] {
            let straight = run(make())
            let p = Parameter(name: "weight", value: Tensor(shape: [5], scalars: Self.start.map(Float.init)))
            let first = make()
            p.gradient = Tensor(shape: [5], scalars: Self.gradients[0].map(Float.init))
            first.step([p])
            let second = make()
            try second.restore(state: Dictionary(uniqueKeysWithValues: first.state.map { ($0.name, $0.tensor) }), steps: first.steps, for: [p])
            for g in Self.gradients.dropFirst() {
                p.gradient = Tensor(shape: [5], scalars: g.map(Float.init))
                second.step([p])
            }
            #expect(p.value.scalars.map(Double.init) == straight, "\(type(of: second))")
        }
        #expect(throws: NeuralKitError.self) {
            try Adam().restore(state: [:], steps: 2, for: [Parameter(name: "weight", value: Tensor(zeros: [3]))])
        }
    }

    @Test func settingsResolvePyTorchDefaultsAndRefuseMismatches() throws {
        #expect(OptimizerSettings(kind: .adamw).resolvedWeightDecay == 0.01)
        #expect(OptimizerSettings(kind: .adam).defaultLearningRate == 1e-3)
        #expect(OptimizerSettings(kind: .nesterov).resolvedMomentum == 0.9)
        #expect(OptimizerSettings(kind: .adagrad).resolvedEps == 1e-10)
        #expect(throws: NeuralKitError.self) { try OptimizerSettings(kind: .sgd, betas: [0.9, 0.99]).validate() }
        #expect(throws: NeuralKitError.self) { try OptimizerSettings(kind: .adam, momentum: 0.9).validate() }
        #expect(throws: NeuralKitError.self) { try OptimizerSettings(kind: .nesterov, momentum: 0).validate() }
        #expect(throws: NeuralKitError.self) { try OptimizerSettings(kind: .momentum, momentum: 1).validate() }
        #expect(throws: NeuralKitError.self) { try OptimizerSettings(kind: .adam, betas: [0.9, 1.0]).validate() }
    }

    @Test func schedulesGiveEachEpochItsRate() throws {
        #expect(LearningRateSchedule.constant.rate(base: 0.1, epoch: 7, epochs: 10) == 0.1)
        #expect(try LearningRateSchedule(parsing: "step:3:0.5").rate(base: 1, epoch: 5, epochs: 10) == 0.5)
        #expect(try LearningRateSchedule(parsing: "step:3:0.5").rate(base: 1, epoch: 6, epochs: 10) == 0.25)
        #expect(abs(try LearningRateSchedule(parsing: "exponential:0.9").rate(base: 1, epoch: 2, epochs: 10) - 0.81) < 1e-6)
        let cosine = LearningRateSchedule.cosine
        #expect(cosine.rate(base: 2, epoch: 0, epochs: 4) == 2)
        #expect(abs(cosine.rate(base: 2, epoch: 2, epochs: 4) - 1) < 1e-6)
        #expect(cosine.rate(base: 2, epoch: 3, epochs: 4) < 0.3)
        #expect(LearningRateSchedule.constant.rate(base: 1, epoch: 0, epochs: 5, warmup: 4) == 0.25)
        #expect(LearningRateSchedule.constant.rate(base: 1, epoch: 4, epochs: 5, warmup: 4) == 1)
        for bad in ["step:0:0.5", "step:2", "exponential:1.5", "linear", "cosine:3", ""] {
            #expect(throws: NeuralKitError.self, "\(bad)") { try LearningRateSchedule(parsing: bad) }
        }
    }

    @Test func clippingScalesToTheMaximalNorm() {
        let a = Parameter(name: "weight", value: Tensor(zeros: [2])), b = Parameter(name: "bias", value: Tensor(zeros: [1]))
        a.gradient = Tensor(shape: [2], scalars: [3, 0])
        b.gradient = Tensor(shape: [1], scalars: [4])
        #expect(GradientClipping.clip([a, b], maxNorm: 1) == 5)
        #expect(abs(a.gradient.scalars[0] - 0.6) < 1e-6 && abs(b.gradient.scalars[0] - 0.8) < 1e-6)
        #expect(GradientClipping.clip([a, b], maxNorm: 10) < 1.0001)  // under the maximum: unchanged
        #expect(abs(a.gradient.scalars[0] - 0.6) < 1e-6)
    }
}
