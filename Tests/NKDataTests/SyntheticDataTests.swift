// Tests for the synthetic data generators: gen_arti statistics and labels, A1 regression data.

import Foundation
import Testing
import NeuralKit

@Suite struct SyntheticDataTests {
    func mean(_ xs: [Float]) -> Double { xs.reduce(0.0) { $0 + Double($1) } / Double(xs.count) }
    func variance(_ xs: [Float]) -> Double {
        let m = mean(xs)
        return xs.reduce(0.0) { $0 + (Double($1) - m) * (Double($1) - m) } / Double(xs.count - 1)
    }

    @Test func twoGaussiansBalanceCentresAndSigmaAsVariance() throws {
        var rng = RandomGenerator(seed: 1)
        let (x, y) = try SyntheticData.genArti(type: 0, count: 4000, center: 2, sigma: 0.25, noise: 0, using: &rng)
        #expect(x.shape == [4000, 2] && y.shape == [4000, 1])
        #expect(Set(y.scalars) == [-1, 1])
        let positive = (0..<4000).filter { y.scalars[$0] == 1 }
        #expect(positive.count == 2000)
        // sigma = 0.25 is a variance: std 0.5, so the standard error of a class mean is 0.5/√2000 ≈ 0.011.
        for (rows, c) in [(positive, 2.0), ((0..<4000).filter { y.scalars[$0] == -1 }, -2.0)] {
            for j in 0..<2 {
                let column = rows.map { x[$0, j] }
                #expect(abs(mean(column) - c) < 0.05)
                #expect(abs(variance(column) - 0.25) < 0.03)
            }
        }
        // Shuffled: the labels are not in two blocks.
        #expect(y.scalars[0..<2000].contains(-1) && y.scalars[0..<2000].contains(1))
    }

    @Test func noiseAddsItsVariance() throws {
        var rng = RandomGenerator(seed: 2)
        let (x, _) = try SyntheticData.genArti(type: 0, count: 4000, center: 1, sigma: 0.04, noise: 0.3, using: &rng)
        let firstClassColumn = (0..<4000).filter { x[$0, 0] + x[$0, 1] > 0 }.map { x[$0, 0] }
        #expect(abs(variance(firstClassColumn) - (0.04 + 0.09)) < 0.02)
    }

    @Test func xorQuartersAndLabels() throws {
        var rng = RandomGenerator(seed: 3)
        let (x, y) = try SyntheticData.genArti(type: 1, count: 1001, center: 1, sigma: 0.01, noise: 0.02, using: &rng)
        #expect(x.rowCount == 1001)
        var quadrants = [Int](repeating: 0, count: 4)
        for i in 0..<1001 {
            let (a, b) = (x[i, 0], x[i, 1])
            // Small spread: every point stays in its quadrant, and XOR labels are sign(x₁·x₂).
            #expect(y.scalars[i] == (a * b > 0 ? 1 : -1))
            quadrants[(a > 0 ? 1 : 0) + (b > 0 ? 2 : 0)] += 1
        }
        #expect(quadrants.sorted() == [250, 250, 250, 251])
        #expect(y.scalars.filter { $0 == 1 }.count == 501)
    }

    @Test func checkerboardLabelsFollowTheCeilRule() throws {
        var rng = RandomGenerator(seed: 4)
        let (x, y) = try SyntheticData.genArti(type: 2, count: 2000, noise: 0, using: &rng)
        var positives = 0
        for i in 0..<2000 {
            let (a, b) = (x[i, 0], x[i, 1])
            #expect(a >= -4 && a <= 4 && b >= -4 && b <= 4)
            let odd = Int(a.rounded(.up) + b.rounded(.up)) % 2 != 0
            #expect(y.scalars[i] == (odd ? 1 : -1))
            if odd { positives += 1 }
        }
        #expect(abs(positives - 1000) < 120)
    }

    @Test func seededAndValidated() throws {
        var a = RandomGenerator(seed: 5), b = RandomGenerator(seed: 5), c = RandomGenerator(seed: 6)
        let first = try SyntheticData.genArti(type: 1, count: 50, using: &a)
        let second = try SyntheticData.genArti(type: 1, count: 50, using: &b)
        let third = try SyntheticData.genArti(type: 1, count: 50, using: &c)
        #expect(first.inputs == second.inputs && first.labels == second.labels)
        #expect(first.inputs != third.inputs)
        #expect(throws: NeuralKitError.self) { try SyntheticData.genArti(type: 3, using: &a) }
        #expect(throws: NeuralKitError.self) { try SyntheticData.genArti(count: -1, using: &a) }
        #expect(throws: NeuralKitError.self) { try SyntheticData.genArti(sigma: -0.1, using: &a) }
    }

    @Test func linearRegressionDataFollowsTheModel() throws {
        var rng = RandomGenerator(seed: 7)
        let (x, y) = try SyntheticData.linearRegression(count: 2000, noise: 0.5, using: &rng)
        #expect(x.shape == [2000, 2] && y.shape == [2000, 1])
        let residuals = (0..<2000).map { y.scalars[$0] - (1002 * x[$0, 0] + 13 * x[$0, 1] + 4) }
        #expect(abs(mean(residuals)) < 0.05)
        #expect(abs(variance(residuals).squareRoot() - 0.5) < 0.05)
        #expect(abs(variance(x.scalars) - 1) < 0.1)
    }
}
