// evaluate: loss and accuracy of a network on a data set, computed in batches.

import NKCore
import NKLayers
import NKLosses

/// The loss and (with a `decision`) the accuracy of `network` on `(inputs, targets)`, computed in
/// batches of `batchSize` rows so that memory stays bounded, in evaluation mode (Dropout off,
/// BatchNorm's running statistics). Parameters and gradients are untouched.
///
/// - Returns: `loss`, the mean of the batch losses weighted by batch size (the data-set mean for a
///   `.mean` loss), and `accuracy` in [0, 1], or `nil` without a decision.
/// - Throws: `.argument` for mismatched sample counts or an empty set, and shape errors from the
///   network, the loss or the decision.
public func evaluate(network: any Module, loss: any Loss, inputs: Tensor, targets: Tensor,
                     decision: Decision? = nil, batchSize: Int = 256) throws -> (loss: Float, accuracy: Float?) {
    let n = try Trainer.checkSamples(inputs: inputs, targets: targets, what: "evaluation")
    network.setTraining(false)
    let size = max(1, batchSize)
    var lossSum: Double = 0
    var correct = 0, judged = 0
    var start = 0
    while start < n {
        let range = start..<min(n, start + size)
        let x = range.count == n ? inputs : inputs.rows(range)
        let y = range.count == n ? targets : targets.rows(range)
        let prediction = try network.forward(x)
        lossSum += Double(try loss.value(target: y, prediction: prediction)) * Double(range.count)
        if let decision {
            let (c, t) = try decision.correctCount(prediction: prediction, target: y)
            correct += c
            judged += t
        }
        start = range.upperBound
    }
    let accuracy: Float? = decision == nil || judged == 0 ? nil : Float(correct) / Float(judged)
    return (Float(lossSum / Double(n)), accuracy)
}

/// The outputs of `network` for every row of `inputs`, computed `batchSize` rows at a time (so a
/// whole test set never goes through the network at once) and stacked: `(n, outputs…)`; in
/// evaluation mode.
public func predict(network: any Module, inputs: Tensor, batchSize: Int = 1024) throws -> Tensor {
    network.setTraining(false)
    let n = inputs.rowCount, size = max(1, batchSize)
    guard n > size else { return try network.forward(inputs) }
    var scalars: [Float] = []
    var shape: [Int] = []
    for start in stride(from: 0, to: n, by: size) {
        let y = try network.forward(inputs.rows(start..<min(n, start + size)))
        if shape.isEmpty { shape = y.shape; scalars.reserveCapacity(n * y.rowSize) }
        scalars += y.scalars
    }
    shape[0] = n
    return Tensor(shape: shape, scalars: scalars)
}
