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
/// - `DoubleConv1D` weights: as `Conv2D`'s. Its output is two flattened channels-last maps, the
///   horizontal `(H, W−k+1, C)` then the vertical `(H−k+1, W, C)`; the PyTorch equivalent
///   (`torch.cat` of two flattened NCHW maps) orders each block channels first, so a `Linear` after
///   it gets each block's columns permuted as above. `H` and `W` come from the layer's `side`, else
///   from a `Reshape(H, W, C)` just before it, else from the `Linear`'s width for a square image;
///   when none applies, the columns are kept.
/// - Everything else is stored as is.
enum PyTorchLayout {
    /// One conversion per parameter of `modules`, in `stateDict` order: (to PyTorch, from PyTorch).
    static func conversions(_ modules: [any Module]) -> [[(toPyTorch: (Tensor) -> Tensor, fromPyTorch: (Tensor) -> Tensor)]] {
        var ignored: [String] = []
        return conversions(modules, warnings: &ignored)
    }

    /// As `conversions(_:)`, and appends to `warnings` one line per `Linear` that follows a
    /// convolution whose flattened layout could not be worked out (its columns are then kept, so
    /// the PyTorch equivalent would flatten differently).
    static func conversions(_ modules: [any Module], warnings: inout [String])
        -> [[(toPyTorch: (Tensor) -> Tensor, fromPyTorch: (Tensor) -> Tensor)]]
    {
        var flow: Flow?  // the channels-last features flowing here, if known
        var image: (h: Int, w: Int)?  // the image shape a Reshape(H, W, C) just produced
        var result: [[(toPyTorch: (Tensor) -> Tensor, fromPyTorch: (Tensor) -> Tensor)]] = []
        for (index, module) in modules.enumerated() {
            var weight: (toPyTorch: (Tensor) -> Tensor, fromPyTorch: (Tensor) -> Tensor) = ({ $0 }, { $0 })
            var nextImage: (h: Int, w: Int)?
            switch module {
            case let conv as Conv1D:
                weight = ({ permute($0, [0, 2, 1]) }, { permute($0, [0, 2, 1]) })
                flow = .channels(conv.chanOut)
            case let conv as Conv2D:
                weight = ({ permute($0, [0, 3, 1, 2]) }, { permute($0, [0, 2, 3, 1]) })
                flow = .channels(conv.chanOut)
            case let conv as ConvTranspose1D:
                weight = ({ permute($0, [0, 2, 1]) }, { permute($0, [0, 2, 1]) })
                flow = .channels(conv.chanOut)
            case let double as DoubleConv1D:  // both weights as Conv2D's
                result.append(
                    module.parameters.map {
                        $0.name.hasSuffix("weight")
                            ? ({ permute($0, [0, 3, 1, 2]) }, { permute($0, [0, 2, 3, 1]) }) : ({ $0 }, { $0 })
                    })
                flow = .double(k: double.kSize, channels: double.chanOut, image: double.side > 0 ? (double.side, double.side) : image)
                image = nil
                continue
            case let linear as Linear:
                if let blocks = flow?.blocks(width: linear.inputSize), blocks.contains(where: { $0.channels > 1 }) {
                    weight = ({ permuteColumns($0, blocks, toPyTorch: true) }, { permuteColumns($0, blocks, toPyTorch: false) })
                } else if let flow, flow.blocks(width: linear.inputSize) == nil {
                    let hint = if case .double = flow { "give DoubleConv1D its side=, or put Reshape(H, W, 1) before it" } else { "its input width does not split into the convolution's channels" }
                    warnings.append(
                        "layer \(index), Linear(\(linear.inputSize), \(linear.outputSize)): the flattened layout before it is unknown (\(hint)); its weight is saved in NeuralKit's column order, which an equivalent PyTorch model would not match"
                    )
                }
                flow = nil
            case let reshape as Reshape:
                flow = reshape.dims.count >= 2 ? .channels(reshape.dims.last!) : nil
                if reshape.dims.count == 3 { nextImage = (reshape.dims[0], reshape.dims[1]) }
            case is MaxPool1D, is AvgPool1D, is MaxPool2D, is AvgPool2D, is Flatten, is any ShapePreservingModule:
                break
            default:
                flow = nil
            }
            image = nextImage
            result.append(module.parameters.map { $0.name == "weight" ? weight : ({ $0 }, { $0 }) })
        }
        return result
    }

    /// The layout of channels-last features on their way to a `Linear`.
    enum Flow {
        /// One map of `C` channels (its positions follow from the width).
        case channels(Int)
        /// A `DoubleConv1D`'s two maps, of an image of known shape or (`nil`) of a square one.
        case double(k: Int, channels: Int, image: (h: Int, w: Int)?)

        /// The flattened features as consecutive blocks of `positions × channels` (channels last),
        /// or `nil` when `width` does not fit the layout.
        func blocks(width: Int) -> [(positions: Int, channels: Int)]? {
            switch self {
            case .channels(let c):
                return width % c == 0 ? [(width / c, c)] : nil
            case let .double(k, c, image):
                guard width % c == 0 else { return nil }
                var shape = image
                if shape == nil, let side = (k...max(k, width / c)).first(where: { 2 * $0 * ($0 - k + 1) >= width / c }),
                    2 * side * (side - k + 1) == width / c
                {
                    shape = (side, side)
                }
                guard let (h, w) = shape, h >= k, w >= k, c * (h * (w - k + 1) + (h - k + 1) * w) == width else { return nil }
                return [(h * (w - k + 1), c), ((h - k + 1) * w, c)]
            }
        }
    }

    /// A Linear weight `(out, width)` with the columns of each block reordered between channels-last
    /// `(position, channel)` (ours) and channels-first `(channel, position)` (PyTorch's).
    static func permuteColumns(_ w: Tensor, _ blocks: [(positions: Int, channels: Int)], toPyTorch: Bool) -> Tensor {
        let (rows, width) = (w.shape[0], w.shape[1])
        var out = [Float](repeating: 0, count: w.count)
        var offset = 0
        for (s, c) in blocks {
            for r in 0..<rows {
                for p in 0..<s {
                    for q in 0..<c {
                        let ours = offset + p * c + q, theirs = offset + q * s + p
                        if toPyTorch { out[r * width + theirs] = w.scalars[r * width + ours] } else { out[r * width + ours] = w.scalars[r * width + theirs] }
                    }
                }
            }
            offset += s * c
        }
        return Tensor(shape: w.shape, scalars: out)
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
            var d = newShape.count - 1  // advance the output index, last axis fastest
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
