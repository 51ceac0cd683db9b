// Shared internal helpers for the loss files: shape checks, class targets and reduction.

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif
import NKCore

/// Checks and loops the loss files share; internal so that each loss file stays short.
enum LossSupport {
    /// Throws unless `prediction` is batched and `target` has its shape up to dimensions of size 1
    /// after the batch: `(batch)` and `(batch, 1)` are accepted for each other.
    static func checkSameShape(_ loss: some Loss, target: Tensor, prediction: Tensor) throws {
        guard prediction.rank >= 1 else {
            throw NeuralKitError.shape("\(loss): expected prediction (batch, outputs), got \(describeShape(prediction.shape))")
        }
        func squeezed(_ shape: [Int]) -> [Int] { Array(shape.prefix(1)) + shape.dropFirst().filter { $0 != 1 } }
        guard target.shape == prediction.shape || (target.rank >= 1 && squeezed(target.shape) == squeezed(prediction.shape)) else {
            throw NeuralKitError.shape(
                "\(loss): target shape \(describeShape(target.shape)) does not match prediction shape \(describeShape(prediction.shape))")
        }
    }

    /// The class targets as dense per-class weights `(batch, classes)`: class indices (shape
    /// `(batch)` or `(batch, 1)`) become one-hot rows; rows shaped like `prediction` are taken as
    /// they are (one-hot, or class probabilities). With `classes == 1`, a `(batch, 1)` target is
    /// read as indices (which must all be 0).
    static func classWeights(_ loss: some Loss, target: Tensor, prediction: Tensor) throws -> Tensor {
        guard prediction.rank == 2 else {
            throw NeuralKitError.shape("\(loss): expected prediction (batch, classes), got \(describeShape(prediction.shape))")
        }
        let (batch, classes) = (prediction.shape[0], prediction.shape[1])
        if target.shape == prediction.shape && classes > 1 {
            guard target.scalars.allSatisfy({ $0 >= 0 && $0.isFinite }) else {
                throw NeuralKitError.shape("\(loss): one-hot target rows must hold finite values ≥ 0")
            }
            return target
        }
        guard target.shape == [batch] || target.shape == [batch, 1] else {
            throw NeuralKitError.shape(
                "\(loss): target shape \(describeShape(target.shape)) fits neither class indices (\(batch)) or (\(batch), 1) "
                    + "nor one-hot rows \(describeShape(prediction.shape))")
        }
        var dense = Tensor(zeros: prediction.shape)
        for (i, t) in target.scalars.enumerated() {
            guard t >= 0, t < Float(classes), t == t.rounded() else {
                throw NeuralKitError.shape("\(loss): target \(t) of sample \(i) is not a class index in 0..<\(classes)")
            }
            dense.scalars[i * classes + Int(t)] = 1
        }
        return dense
    }

    /// The class index of each target row: indices as given, one-hot rows by the position of their 1.
    static func classIndices(_ loss: some Loss, target: Tensor, prediction: Tensor) throws -> [Int] {
        let dense = try classWeights(loss, target: target, prediction: prediction)
        let classes = prediction.shape[1]
        return try (0..<prediction.shape[0]).map { i in
            let row = dense.scalars[(i * classes)..<((i + 1) * classes)]
            guard row.allSatisfy({ $0 == 0 || $0 == 1 }), row.reduce(0, +) == 1, let j = row.firstIndex(of: 1) else {
                throw NeuralKitError.shape("\(loss): target row \(i) is not one-hot (exactly one 1, the rest 0)")
            }
            return j - i * classes
        }
    }

    /// Reduces the per-sample losses (accumulated in `Double`) as `reduction` asks.
    static func reduce(_ perSample: [Double], _ reduction: Reduction) -> Tensor {
        switch reduction {
        case .none: return Tensor(shape: [perSample.count], scalars: perSample.map(Float.init))
        case .sum: return Tensor(Float(perSample.reduce(0, +)))
        case .mean: return Tensor(Float(perSample.reduce(0, +) / Double(max(perSample.count, 1))))
        }
    }

    /// The factor each per-sample gradient is multiplied by: `1/batch` for `.mean`, else 1.
    static func gradientScale(_ reduction: Reduction, batch: Int) -> Double {
        reduction == .mean ? 1 / Double(max(batch, 1)) : 1
    }

    /// `ln x` in double precision.
    @inline(__always) static func ln(_ x: Double) -> Double { log(x) }
    /// `eˣ` in double precision.
    @inline(__always) static func exp(_ x: Double) -> Double { Glibc_exp(x) }
    /// `ln(1 + x)` in double precision, accurate for small `x`.
    @inline(__always) static func ln1p(_ x: Double) -> Double { log1p(x) }
}

@inline(__always) private func Glibc_exp(_ x: Double) -> Double { exp(x) }
