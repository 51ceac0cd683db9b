// evaluate: loss and accuracy of a network on a data set, computed in batches.

import NKCore
import NKLayers
import NKLosses

/// The loss and (with a `decision`) the accuracy of `network` on `(inputs, targets)`, computed in
/// chunks of `batchSize` rows (`evaluationChunks`, gathered into reused buffers) so that memory
/// stays bounded, in evaluation mode (Dropout off, BatchNorm's running statistics). Parameters and
/// gradients are untouched.
///
/// - Returns: `loss`, the mean of the chunk losses weighted by chunk size (the data-set mean for a
///   `.mean` loss), and `accuracy` in [0, 1], or `nil` without a decision. The accuracy equals that
///   of one pass over the whole set; the loss equals it to rounding only, because chunk means are
///   summed in Double while one pass is a single Float reduction inside the loss.
/// - Throws: `.argument` for mismatched sample counts or an empty set, and shape errors from the
///   network, the loss or the decision.
public func evaluate(
    network: any Module, loss: any Loss, inputs: Tensor, targets: Tensor,
    decision: Decision? = nil, batchSize: Int = 256
) throws -> (loss: Float, accuracy: Float?) {
    let n = try Trainer.checkSamples(inputs: inputs, targets: targets, what: "evaluation")
    network.setTraining(false)
    let size = max(1, batchSize)
    var lossSum: Double = 0
    var correct = 0, judged = 0
    var inputBuffer = BatchBuffer(), targetBuffer = BatchBuffer()
    for range in evaluationChunks(n, size: size) {
        let x = range.count == n ? inputs : inputBuffer.gather(range, from: inputs)  // (chunk, …)
        let y = range.count == n ? targets : targetBuffer.gather(range, from: targets)  // (chunk, …)
        let prediction = try network.forward(x)
        lossSum += Double(try loss.value(target: y, prediction: prediction)) * Double(range.count)
        if let decision {
            let (c, t) = try decision.correctCount(prediction: prediction, target: y)
            correct += c
            judged += t
        }
    }
    let accuracy: Float? = decision == nil || judged == 0 ? nil : Float(correct) / Float(judged)
    return (Float(lossSum / Double(n)), accuracy)
}

/// The row ranges `evaluate` and `predict` run through the network: chunks of `size` rows, except
/// that a remainder of fewer than `minimumTail` rows joins the chunk before it.
///
/// Why: GEMM computes a product of 1 to 4 rows on its small-batch path, which sums in another
/// order than the blocked path that larger products take, so a row's output can differ in its last
/// bits with the size of the chunk it was in. With chunks of at least 5 rows the outputs equal
/// those of one pass over the whole set to the bit (tested); a short tail would break that.
func evaluationChunks(_ n: Int, size: Int, minimumTail: Int = 8) -> [Range<Int>] {
    var ranges: [Range<Int>] = []
    var start = 0
    while start < n {
        var end = min(n, start + max(1, size))
        if n - end < minimumTail { end = n }
        ranges.append(start..<end)
        start = end
    }
    return ranges
}

/// The outputs of `network` for every row of `inputs`, computed `batchSize` rows at a time (so a
/// whole test set never goes through the network at once: a Conv2D net keeps every layer's output
/// of a chunk, about 1 MB per 28×28 sample) and stacked: `(n, outputs…)`; in evaluation mode.
/// Each row's output does not depend on the chunking (`evaluationChunks`) for chunks of 5 rows or more.
public func predict(network: any Module, inputs: Tensor, batchSize: Int = 256) throws -> Tensor {
    network.setTraining(false)
    let n = inputs.rowCount, size = max(1, batchSize)
    guard n > size else { return try network.forward(inputs) }
    var buffer = BatchBuffer()
    var scalars: [Float] = []
    var shape: [Int] = []
    for range in evaluationChunks(n, size: size) {
        let y = try network.forward(buffer.gather(range, from: inputs))  // (chunk, outputs…)
        if shape.isEmpty { shape = y.shape; scalars.reserveCapacity(n * y.rowSize) }
        scalars += y.scalars
    }
    shape[0] = n
    return Tensor(shape: shape, scalars: scalars)
}
