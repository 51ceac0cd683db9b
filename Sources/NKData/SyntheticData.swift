// Synthetic datasets used by the reports (gen_arti, noisy linear regression).

import NKCore

/// Seeded synthetic data sets: the reports' `gen_arti` 2-D classification problems and the noisy
/// linear regression of experiment A1.
public enum SyntheticData {
    /// The three `gen_arti` layouts.
    public enum ArtiType: Int, Sendable, CaseIterable {
        /// Two Gaussians: around (+c, +c) labelled +1 and (−c, −c) labelled −1.
        case twoGaussians = 0
        /// Four Gaussians (XOR): (+c, +c) and (−c, −c) labelled +1, (−c, +c) and (+c, −c) labelled −1.
        case xor = 1
        /// Checkerboard: uniform in [−4, 4]², +1 when `ceil(x₁) + ceil(x₂)` is odd, else −1.
        case checkerboard = 2
    }

    /// The reports' `gen_arti` generator: 2-D points and ±1 labels, then Gaussian noise, shuffled.
    ///
    /// - Parameters:
    ///   - type: 0 (two Gaussians), 1 (XOR), 2 (checkerboard).
    ///   - count: number of points. Unlike the original, which drops `count % 2` (or `% 4`) points,
    ///     exactly `count` points are made; the first classes/clusters get the remainder.
    ///   - center: `c`, the distance of the cluster centres from the axes.
    ///   - sigma: the **variance** of each Gaussian coordinate (covariance `diag(sigma, sigma)`), as in
    ///     the original; the standard deviation is `√sigma`.
    ///   - noise: standard deviation of the Gaussian noise then added to both coordinates.
    ///   - rng: the generator every draw comes from.
    /// - Returns: `inputs` `(count, 2)` and `labels` `(count, 1)` in {−1, +1}. Labels are decided
    ///   before the noise is added (so a few checkerboard points sit across a border).
    /// - Throws: `.argument` for an unknown type or a negative count, sigma or noise.
    public static func genArti(
        type: Int = 0, count: Int = 1000, center: Float = 1, sigma: Float = 0.1,
        noise: Float = 0.02, using rng: inout RandomGenerator
    ) throws -> (inputs: Tensor, labels: Tensor) {
        guard let kind = ArtiType(rawValue: type) else {
            throw NeuralKitError.argument("gen_arti: type must be 0 (two Gaussians), 1 (XOR) or 2 (checkerboard), got \(type).")
        }
        guard count >= 0 else { throw NeuralKitError.argument("gen_arti: count must be 0 or more, got \(count).") }
        guard sigma >= 0, noise >= 0, sigma.isFinite, noise.isFinite, center.isFinite else {
            throw NeuralKitError.argument("gen_arti: sigma (a variance) and noise (a standard deviation) must be finite and non-negative, got sigma \(sigma), noise \(noise).")
        }
        let std = Double(sigma).squareRoot()
        let c = Double(center)
        var points = [(Double, Double, Float)]()  // (x1, x2, label)
        points.reserveCapacity(count)
        switch kind {
        case .twoGaussians, .xor:
            // (centre x₁, centre x₂, label)
            var clusters: [(Double, Double, Float)] = [(c, c, 1)]
            if kind == .twoGaussians {
                clusters.append((-c, -c, -1))
            } else {
                clusters += [(-c, -c, 1), (-c, c, -1), (c, -c, -1)]
            }
            for (k, cluster) in clusters.enumerated() {
                let size = count / clusters.count + (k < count % clusters.count ? 1 : 0)
                for _ in 0..<size {
                    points.append((cluster.0 + std * rng.nextNormal(), cluster.1 + std * rng.nextNormal(), cluster.2))
                }
            }
        case .checkerboard:
            for _ in 0..<count {
                let x1 = -4 + 8 * rng.nextUnitDouble(), x2 = -4 + 8 * rng.nextUnitDouble()
                let parity = Int((x1.rounded(.up) + x2.rounded(.up))) & 1
                points.append((x1, x2, parity == 1 ? 1 : -1))
            }
        }
        for i in points.indices {
            points[i].0 += Double(noise) * rng.nextNormal()
            points[i].1 += Double(noise) * rng.nextNormal()
        }
        rng.shuffle(&points)
        let inputs = Tensor(shape: [count, 2], scalars: points.flatMap { [Float($0.0), Float($0.1)] })
        let labels = Tensor(shape: [count, 1], scalars: points.map(\.2))
        return (inputs, labels)
    }

    /// The noisy linear regression of experiment A1: `y = a·x₁ + b·x₂ + c + ε`.
    ///
    /// `x₁, x₂` are drawn from the standard normal distribution, so the least-squares problem is well
    /// conditioned (its Hessian is about `2·I` for MSE): a `Linear(2, 1)` trained with MSE and plain
    /// SGD (e.g. step 0.1, a few hundred full-batch steps) converges to the least-squares fit. The
    /// default noise `ε ~ N(0, 0.1²)` keeps that fit within 1 % of every coefficient: with `n` points
    /// the standard error of each coefficient is about `noise/√n` = 0.01, well under 1 % of
    /// `c = 4` (0.04). With noise 1 the intercept would only be known to about ±0.1 (2.5 %).
    ///
    /// - Returns: `inputs` `(count, 2)` and `targets` `(count, 1)`.
    /// - Throws: `.argument` for a negative count or noise.
    public static func linearRegression(
        count: Int = 100, a: Float = 1002, b: Float = 13, c: Float = 4,
        noise: Float = 0.1, using rng: inout RandomGenerator
    ) throws -> (inputs: Tensor, targets: Tensor) {
        guard count >= 0, noise >= 0, noise.isFinite else {
            throw NeuralKitError.argument("Linear regression data: count and noise must be non-negative, got count \(count), noise \(noise).")
        }
        var inputs = [Float](), targets = [Float]()
        inputs.reserveCapacity(2 * count)
        targets.reserveCapacity(count)
        for _ in 0..<count {
            let x1 = rng.nextNormal(), x2 = rng.nextNormal()
            let y = Double(a) * x1 + Double(b) * x2 + Double(c) + Double(noise) * rng.nextNormal()
            inputs += [Float(x1), Float(x2)]
            targets.append(Float(y))
        }
        return (Tensor(shape: [count, 2], scalars: inputs), Tensor(shape: [count, 1], scalars: targets))
    }
}
