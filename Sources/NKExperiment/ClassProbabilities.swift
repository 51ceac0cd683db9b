// The class probabilities of a classifier's outputs, whatever its last layer.

import NKCore
import NKLayers

/// The rows of `output` as class probabilities: as they are after a `Softmax`, otherwise through a
/// softmax — which turns logits into probabilities and leaves the exponentials of `LogSoftmax`
/// outputs unchanged (softmax(log p) = p when the p sum to 1).
public func classProbabilities(of output: Tensor, from network: Sequential) throws -> Tensor {
    network.modules.last is Softmax ? output : try Softmax().forward(output)
}
