// PiecewiseLinearModule: layers that are linear on pieces their input selects, and holding those pieces.

import NKCore

/// Which pieces a `PiecewiseLinearModule` uses in `forward`.
public enum PieceHolding: Sendable {
    /// The pieces the input selects (normal operation).
    case free
    /// The next `forward` records the pieces its input selects, then holds them.
    case recordNext
    /// `forward` uses these pieces whatever its input (which must have `shape`): for ReLU and
    /// LeakyReLU 1 where the recorded input was positive, else 0; for max pooling the flat input
    /// position of each window's first maximal element.
    case held(shape: [Int], selection: [Int])
}

/// A layer that is linear on pieces its input selects — ReLU and LeakyReLU by the sign of each
/// element, max pooling by the largest element of each window — and so not differentiable where
/// pieces meet. With `pieceHolding = .recordNext`, the next `forward` records its input's pieces and
/// every later one reuses them: near that input the layer is then one linear map, the same one its
/// backward pass differentiates. `GradientCheck` holds the pieces while it differentiates numerically,
/// so that no kink falls inside its stencil; the pieces come from the forward pass alone, so a wrong
/// backward still disagrees. Leave it `.free` otherwise.
public protocol PiecewiseLinearModule: Module {
    /// `.free` (default), `.recordNext`, or the pieces held.
    var pieceHolding: PieceHolding { get set }
}

extension PiecewiseLinearModule {
    /// `forward` for the piece-holding states: records the pieces (`select`) on `.recordNext`, checks
    /// the shape on `.held`, and returns the selection to use (nil when `.free`).
    func selection(for input: Tensor, _ select: () -> [Int]) throws -> [Int]? {
        switch pieceHolding {
        case .free:
            return nil
        case .recordNext:
            let selection = select()
            pieceHolding = .held(shape: input.shape, selection: selection)
            return selection
        case .held(let shape, let selection):
            guard shape == input.shape else {
                throw NeuralKitError.shape("\(self): holds the pieces of an input \(describeShape(shape)), got \(describeShape(input.shape)); release them (pieceHolding = .free) first")
            }
            return selection
        }
    }
}

extension ConvolutionGeometry {
    /// The flat input position of the first maximal element of every window (output order; no
    /// padding), for an input `(batch, inH, inW, channels)`: max pooling's pieces.
    func maxPositions(_ x: Tensor) -> [Int] {
        var positions = [Int](repeating: 0, count: batch * outH * outW * channels)
        x.withUnsafeBufferPointer { x in
            var o = 0
            for n in 0..<batch {
                for i in 0..<outH {
                    for j in 0..<outW {
                        for c in 0..<channels {
                            var best = -1
                            for a in 0..<kH {
                                for b in 0..<kW {
                                    let p = ((n * inH + i * strideH + a) * inW + j * strideW + b) * channels + c
                                    if best < 0 || x[p] > x[best] { best = p }
                                }
                            }
                            positions[o] = best
                            o += 1
                        }
                    }
                }
            }
        }
        return positions
    }
}
