// Helpers shared by the test targets: seeded random inputs, shape lists, comparisons.

import NeuralKit

/// Seeded test data and comparisons, so that every test file draws inputs the same way.
public enum TestSupport {
    /// The `(batch, width)` pairs every layer and loss is checked at: always batch 1 and width 1,
    /// then two random small shapes drawn from `seed`.
    public static func smallShapes(seed: UInt64) -> [(batch: Int, width: Int)] {
        var rng = RandomGenerator(seed: seed)
        return [(1, 1), (1, 4), (3, 1)] + (0..<2).map { _ in (Int.random(in: 2...5, using: &rng), Int.random(in: 2...6, using: &rng)) }
    }

    /// Uniform values in [−`scale`, `scale`] with `|x| ≥ margin`, so that kinks (ReLU at 0) are at
    /// least `margin` away from every element.
    public static func input(_ shape: [Int], margin: Float = 0, scale: Float = 1, using rng: inout RandomGenerator) -> Tensor {
        Tensor(uninitializedShape: shape) { x in
            for i in x.indices {
                let magnitude = margin + (scale - margin) * rng.nextUnitFloat()
                x[i] = rng.next() & 1 == 0 ? magnitude : -magnitude
            }
        }
    }

    /// Uniform values in [`low`, `high`).
    public static func uniform(_ shape: [Int], _ low: Float, _ high: Float, using rng: inout RandomGenerator) -> Tensor {
        Tensor.uniform(shape, low: low, high: high, using: &rng)
    }

    /// The largest `|a − b|` over all elements (infinity when the shapes differ).
    public static func maxDifference(_ a: Tensor, _ b: Tensor) -> Float {
        guard a.shape == b.shape else { return .infinity }
        return zip(a.scalars, b.scalars).reduce(0) { max($0, abs($1.0 - $1.1)) }
    }

    /// Random class indices in `0..<classes`, shape `(batch)`.
    public static func classIndices(batch: Int, classes: Int, using rng: inout RandomGenerator) -> Tensor {
        Tensor(shape: [batch], scalars: (0..<batch).map { _ in Float(Int.random(in: 0..<classes, using: &rng)) })
    }

    /// The message of the `NeuralKitError` `body` throws, or `nil` if it throws none.
    public static func errorMessage(_ body: () throws -> Void) -> String? {
        do { try body(); return nil } catch let e as NeuralKitError { return e.message } catch { return nil }
    }

    /// The `NeuralKitError` (kind and message) `body` throws, or nil when it succeeds or throws
    /// another error.
    public static func error(_ body: () throws -> Void) -> NeuralKitError? {
        do { try body(); return nil } catch let e as NeuralKitError { return e } catch { return nil }
    }
}
