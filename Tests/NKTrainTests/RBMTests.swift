// Tests of the RBM: conditionals, free energy against brute force, sampling frequencies, the CD
// statistics against their formula, pre-training a DBN.

import Foundation
import Testing
import NeuralKit
import NKTestSupport

@Suite struct RBMTests {
    static func small(seed: UInt64 = 1) throws -> RBM {
        var rng = RandomGenerator(seed: seed)
        return try RBM(
            weight: .normal([3, 4], std: 0.8, using: &rng), visibleBias: .normal([4], std: 0.5, using: &rng),
            hiddenBias: .normal([3], std: 0.5, using: &rng))
    }

    /// `F(v) = −log Σ_h exp(−E(v, h))`, summed over the 8 hidden states.
    @Test func freeEnergyEqualsTheBruteForceSumOverHiddenStates() throws {
        let rbm = try Self.small()
        let v = Tensor(shape: [2, 4], scalars: [1, 0, 1, 1, 0, 0, 1, 0])
        let f = try rbm.freeEnergy(v)
        let W = rbm.weight.scalars.map(Double.init), b = rbm.visibleBias.scalars.map(Double.init), c = rbm.hiddenBias.scalars.map(Double.init)
        for r in 0..<2 {
            let x = (0..<4).map { Double(v.scalars[r * 4 + $0]) }
            var z = 0.0
            for state in 0..<8 {
                let h = (0..<3).map { Double((state >> $0) & 1) }
                var negE = 0.0
                for i in 0..<4 { negE += b[i] * x[i] }
                for j in 0..<3 { negE += c[j] * h[j] }
                for j in 0..<3 { for i in 0..<4 { negE += h[j] * W[j * 4 + i] * x[i] } }
                z += exp(negE)
            }
            #expect(abs(Double(f[r]) + log(z)) < 1e-4, "row \(r): \(f[r]) vs \(-log(z))")
        }
    }

    @Test func conditionalsAndSamplingFrequencies() throws {
        let rbm = try Self.small(seed: 2)
        let v = Tensor(shape: [1, 4], scalars: [1, 0, 1, 0])
        let p = try rbm.hiddenProbabilities(v)
        for j in 0..<3 {
            var a = rbm.hiddenBias.scalars[j]
            for i in 0..<4 { a += rbm.weight.scalars[j * 4 + i] * v.scalars[i] }
            #expect(abs(p.scalars[j] - 1 / (1 + exp(-a))) < 1e-6)
        }
        // 20,000 samples of each unit: the frequencies are within 4 standard errors of p.
        var rng = RandomGenerator(seed: 3)
        let draws = 20_000
        let many = Tensor(shape: [draws, 3], scalars: (0..<draws).flatMap { _ in p.scalars })
        let samples = RBM.sample(many, using: &rng)
        for j in 0..<3 {
            let frequency = Double((0..<draws).map { samples.scalars[$0 * 3 + j] }.reduce(0, +)) / Double(draws)
            let se = (Double(p.scalars[j]) * (1 - Double(p.scalars[j])) / Double(draws)).squareRoot()
            #expect(abs(frequency - Double(p.scalars[j])) < 4 * se, "unit \(j): \(frequency) vs \(p.scalars[j])")
        }
        #expect(samples.scalars.allSatisfy { $0 == 0 || $0 == 1 })
    }

    /// One mean-field CD-1 step's statistics equal ⟨p₀ᵀv₀⟩ − ⟨p⁻ᵀv⁻⟩ with v⁻ = σ(p₀W + b),
    /// p⁻ = σ(v⁻Wᵀ + c), computed here directly in Double.
    @Test func meanFieldStatisticsEqualTheUpdateFormula() throws {
        let rbm = try Self.small(seed: 4)
        let v0 = Tensor(shape: [3, 4], scalars: [1, 0, 1, 1, 0, 1, 0, 0, 0.5, 1, 0, 0.25])
        let cd = ContrastiveDivergence(rbm, settings: RBMTraining(learningRate: 0.5, meanField: true))
        let stats = try cd.statistics(v0)
        let W = rbm.weight.scalars.map(Double.init), b = rbm.visibleBias.scalars.map(Double.init), c = rbm.hiddenBias.scalars.map(Double.init)
        func sig(_ x: Double) -> Double { 1 / (1 + exp(-x)) }
        var dW = [Double](repeating: 0, count: 12), db = [Double](repeating: 0, count: 4), dc = [Double](repeating: 0, count: 3)
        for r in 0..<3 {
            let x = (0..<4).map { Double(v0.scalars[r * 4 + $0]) }
            func up(_ v: [Double]) -> [Double] {
                (0..<3).map { j -> Double in
                    var a = c[j]; for i in 0..<4 { a += W[j * 4 + i] * v[i] }; return sig(a)
                }
            }
            func down(_ h: [Double]) -> [Double] {
                (0..<4).map { i -> Double in
                    var a = b[i]; for j in 0..<3 { a += W[j * 4 + i] * h[j] }; return sig(a)
                }
            }
            let p0 = up(x), vn = down(p0), pn = up(vn)
            for j in 0..<3 { for i in 0..<4 { dW[j * 4 + i] += (p0[j] * x[i] - pn[j] * vn[i]) / 3 } }
            for i in 0..<4 { db[i] += (x[i] - vn[i]) / 3 }
            for j in 0..<3 { dc[j] += (p0[j] - pn[j]) / 3 }
        }
        for k in 0..<12 { #expect(abs(Double(stats.w.scalars[k]) - dW[k]) < 1e-6) }
        for i in 0..<4 { #expect(abs(Double(stats.b[i]) - db[i]) < 1e-6) }
        for j in 0..<3 { #expect(abs(Double(stats.c[j]) - dc[j]) < 1e-6) }
        // The step applies lr times the statistics (no momentum, no decay).
        let before = rbm.weight.scalars
        try cd.step(v0)
        for k in 0..<12 { #expect(abs(Double(rbm.weight.scalars[k] - before[k]) - 0.5 * dW[k]) < 1e-6) }
    }

    /// With momentum and weight decay, each step is `u ← μ·u + lr·(ΔW − λW)`, `W += u` (biases
    /// without decay), the velocity carried from one step to the next: checked over three steps
    /// against the statistics of each step, so a lost velocity, a decay of the wrong sign or on
    /// the biases, or a missing learning rate shows.
    @Test func stepsFollowTheMomentumAndDecayFormula() throws {
        let rbm = try Self.small(seed: 7)
        let v0 = Tensor(shape: [3, 4], scalars: [1, 0, 1, 1, 0, 1, 0, 0, 0.5, 1, 0, 0.25])
        let (lr, mu, wd): (Double, Double, Double) = (0.5, 0.8, 0.1)
        let cd = ContrastiveDivergence(rbm, settings: RBMTraining(learningRate: Float(lr), momentum: Float(mu), weightDecay: Float(wd), meanField: true))
        var uW = [Double](repeating: 0, count: 12), ub = [Double](repeating: 0, count: 4), uc = [Double](repeating: 0, count: 3)
        for step in 0..<3 {
            let stats = try cd.statistics(v0)
            let W = rbm.weight.scalars.map(Double.init), b = rbm.visibleBias.scalars.map(Double.init), c = rbm.hiddenBias.scalars.map(Double.init)
            for k in 0..<12 { uW[k] = mu * uW[k] + lr * (Double(stats.w.scalars[k]) - wd * W[k]) }
            for i in 0..<4 { ub[i] = mu * ub[i] + lr * Double(stats.b[i]) }
            for j in 0..<3 { uc[j] = mu * uc[j] + lr * Double(stats.c[j]) }
            try cd.step(v0)
            for k in 0..<12 { #expect(abs(Double(rbm.weight.scalars[k]) - (W[k] + uW[k])) < 1e-6, "step \(step), weight \(k)") }
            for i in 0..<4 { #expect(abs(Double(rbm.visibleBias.scalars[i]) - (b[i] + ub[i])) < 1e-6, "step \(step), visible bias \(i)") }
            for j in 0..<3 { #expect(abs(Double(rbm.hiddenBias.scalars[j]) - (c[j] + uc[j])) < 1e-6, "step \(step), hidden bias \(j)") }
        }
        #expect(uW.contains { abs($0) > 1e-3 }, "the steps moved the weights")
    }

    /// Training raises the pseudo-log-likelihood of structured data, and refuses data outside [0, 1].
    @Test func trainingLearnsPatternsAndChecksItsInput() throws {
        var rng = RandomGenerator(seed: 5)
        let patterns: [[Float]] = [[1, 1, 1, 0, 0, 0], [0, 0, 0, 1, 1, 1]]
        let data = Tensor(shape: [400, 6], scalars: (0..<400).flatMap { patterns[$0 % 2].map { rng.nextUnitFloat() < 0.05 ? 1 - $0 : $0 } })
        let rbm = RBM(visible: 6, hidden: 4, std: 0.1, using: &rng)
        var monitor = RandomGenerator(seed: 9)
        let before = try rbm.pseudoLogLikelihood(data, using: &monitor).reduce(0, +) / 400
        for persistent in [false, true] {
            let history = try ContrastiveDivergence(rbm, settings: RBMTraining(learningRate: 0.1, batchSize: 20, epochs: 30, persistent: persistent, momentum: 0.5)).fit(data)
            #expect(history.count == 30)
        }
        let after = try rbm.pseudoLogLikelihood(data, using: &monitor).reduce(0, +) / 400
        #expect(after > before + 1, "PLL \(before) → \(after)")
        let message = TestSupport.errorMessage {
            _ = try ContrastiveDivergence(rbm, settings: RBMTraining()).fit(Tensor(shape: [2, 6], scalars: [0, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0, 0]))
        }
        #expect(message?.contains("[0, 1]") == true && message?.contains("row 0, column 3") == true)
    }

    @Test func pretrainingFillsTheSigmoidPairsAndKeepsTheLastLinear() throws {
        var rng = RandomGenerator(seed: 6)
        let model = try ModelNotation.parse("Linear(6, 5) - Sigmoid() - Linear(5, 4) - Sigmoid() - Linear(4, 2)", using: &rng)
        #expect(try DeepBeliefNet.pretrainableLayers(model) == [0, 2])
        let last = (model.modules[4] as! Linear).weight.value
        let data = Tensor(shape: [50, 6], scalars: (0..<300).map { _ in rng.nextUnitFloat() < 0.3 ? 1 : 0 })
        let rbms = try DeepBeliefNet.pretrain(model, data: data, settings: RBMTraining(batchSize: 10, epochs: 2))
        #expect(rbms.map(\.hidden) == [5, 4])
        #expect((model.modules[0] as! Linear).weight.value == rbms[0].weight)
        #expect((model.modules[2] as! Linear).bias!.value == rbms[1].hiddenBias)
        #expect((model.modules[4] as! Linear).weight.value == last)
        #expect(throws: NeuralKitError.self) { try DeepBeliefNet.pretrainableLayers(try ModelNotation.parse("Linear(6, 5) - TanH() - Linear(5, 2)", using: &rng)) }
        let withDropout = try ModelNotation.parse("Linear(6, 5) - Sigmoid() - Dropout(0.2) - Linear(5, 4) - Sigmoid() - Dropout(0.2) - Linear(4, 2)", using: &rng)
        #expect(try DeepBeliefNet.pretrainableLayers(withDropout) == [0, 3])
        let down = try DeepBeliefNet.sampleDown(Tensor(repeating: 0.5, shape: [2, 5]), through: [rbms[0]])
        #expect(down.shape == [2, 6])
    }
}
