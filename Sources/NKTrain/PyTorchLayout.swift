// PyTorchLayout: converts parameters between NeuralKit's channels-last layouts and PyTorch's.

import NKCore
import NKLayers

/// How each parameter of a module list is stored in a PyTorch-compatible checkpoint.
///
/// - `Conv1D` weight: ours `(out, k, in)` ↔ PyTorch `(out, in, k)`.
/// - `Conv2D` weight: ours `(out, kh, kw, in)` ↔ PyTorch `(out, in, kh, kw)`.
/// - `ConvTranspose1D` weight: ours `(in, k, out)` ↔ PyTorch `(in, out, k)`.
/// - A `Linear` that receives a flattened channels-last tensor (after a convolution, possibly through
///   pooling, activations and `Flatten`) with `C > 1` channels: PyTorch flattens channels first, so
///   input column `s·C + c` here (position `s` of `S = in / C`, channel `c`) is column `c·S + s` there;
///   the weight's columns are permuted so that the PyTorch model, fed NCHW / NCL inputs, gives the same
///   outputs. Only `S·C` matters, not how the positions split into height and width.
/// - `DoubleConv1D` weights: as `Conv2D`'s. The `Linear` after it keeps its columns (its output is
///   flat already, each map channels-last).
/// - Everything else is stored as is.
enum PyTorchLayout {
    /// One conversion per parameter of `modules`, in `stateDict` order: (to PyTorch, from PyTorch).
    static func conversions(_ modules: [any Module]) -> [[(toPyTorch: (Tensor) -> Tensor, fromPyTorch: (Tensor) -> Tensor)]] {
        var channels: Int?                                  // C of the channels-last tensor flowing here, if known
        var result: [[(toPyTorch: (Tensor) -> Tensor, fromPyTorch: (Tensor) -> Tensor)]] = []
        for module in modules {
            var weight: (toPyTorch: (Tensor) -> Tensor, fromPyTorch: (Tensor) -> Tensor) = ({ $0 }, { $0 })
            switch module {
            case let conv as Conv1D:
                weight = ({ permute($0, [0, 2, 1]) }, { permute($0, [0, 2, 1]) })
                channels = conv.chanOut
            case let conv as Conv2D:
                weight = ({ permute($0, [0, 3, 1, 2]) }, { permute($0, [0, 2, 3, 1]) })
                channels = conv.chanOut
            case let conv as ConvTranspose1D:
                weight = ({ permute($0, [0, 2, 1]) }, { permute($0, [0, 2, 1]) })
                channels = conv.chanOut
            case is DoubleConv1D:   // both weights as Conv2D's; the following Linear is not permuted
                result.append(module.parameters.map { $0.name.hasSuffix("weight")
                    ? ({ permute($0, [0, 3, 1, 2]) }, { permute($0, [0, 2, 3, 1]) }) : ({ $0 }, { $0 }) })
                channels = nil
                continue
            case let linear as Linear:
                if let c = channels, c > 1, linear.inputSize % c == 0 {
                    let s = linear.inputSize / c
                    weight = ({ permute($0.reshaped([linear.outputSize, s, c]), [0, 2, 1]).reshaped($0.shape) },
                              { permute($0.reshaped([linear.outputSize, c, s]), [0, 2, 1]).reshaped($0.shape) })
                }
                channels = nil
            case let reshape as Reshape:
                channels = reshape.dims.count >= 2 ? reshape.dims.last : nil
            case is MaxPool1D, is AvgPool1D, is MaxPool2D, is AvgPool2D, is Flatten, is any ShapePreservingModule:
                break
            default:
                channels = nil
            }
            result.append(module.parameters.map { $0.name == "weight" ? weight : ({ $0 }, { $0 }) })
        }
        return result
    }

    /// `t` with its axes reordered: output axis `i` is input axis `axes[i]` (NumPy's `transpose`).
    static func permute(_ t: Tensor, _ axes: [Int]) -> Tensor {
        let shape = t.shape, newShape = axes.map { shape[$0] }
        var strides = [Int](repeating: 1, count: shape.count)
        for i in stride(from: shape.count - 2, through: 0, by: -1) { strides[i] = strides[i + 1] * shape[i + 1] }
        let permutedStrides = axes.map { strides[$0] }
        var index = [Int](repeating: 0, count: shape.count)
        var out = [Float](repeating: 0, count: t.count)
        for o in 0..<t.count {
            out[o] = t.scalars[zip(index, permutedStrides).reduce(0) { $0 + $1.0 * $1.1 }]
            var d = newShape.count - 1                        // advance the output index, last axis fastest
            while d >= 0 {
                index[d] += 1
                if index[d] < newShape[d] { break }
                index[d] = 0
                d -= 1
            }
        }
        return Tensor(shape: newShape, scalars: out)
    }
}
