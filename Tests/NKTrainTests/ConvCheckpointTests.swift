// Tests of PyTorch-layout checkpoints for conv nets: weight layouts, the Linear column permutation, round trips.

import Foundation
import Testing
import NeuralKit
import NKTestSupport

@Suite struct ConvCheckpointTests {
    /// What PyTorch computes for Conv2d(ci → co, k) - ReLU - MaxPool2d(2) - Flatten - Linear on an NCHW
    /// input, written from PyTorch's definitions with its own layouts: weight (co, ci, k, k), flatten
    /// index c·H·W + h·W + w. `x` is NCHW.
    func pyTorchForward(_ x: Tensor, _ sd: [String: Tensor], k: Int) -> [Float] {
        let (n, ci, h, w) = (x.shape[0], x.shape[1], x.shape[2], x.shape[3])
        let cw = sd["0.weight"]!, cb = sd["0.bias"]!, lw = sd["4.weight"]!, lb = sd["4.bias"]!
        let co = cw.shape[0], oh = h - k + 1, ow = w - k + 1, ph = oh / 2, pw = ow / 2
        var out: [Float] = []
        for b in 0..<n {
            var flat: [Float] = []  // NCHW order after pooling
            for o in 0..<co {
                for i in 0..<ph {
                    for j in 0..<pw {
                        var best = -Float.infinity
                        for di in 0..<2 {
                            for dj in 0..<2 {
                                var s = cb.scalars[o]
                                for c in 0..<ci {
                                    for a in 0..<k {
                                        for q in 0..<k {
                                            s += cw.scalars[((o * ci + c) * k + a) * k + q] * x.scalars[((b * ci + c) * h + 2 * i + di + a) * w + 2 * j + dj + q]
                                        }
                                    }
                                }
                                best = max(best, max(s, 0))
                            }
                        }
                        flat.append(best)
                    }
                }
            }
            for r in 0..<lw.shape[0] {
                out.append(lb.scalars[r] + (0..<flat.count).reduce(0) { $0 + lw.scalars[r * flat.count + $1] * flat[$1] })
            }
        }
        return out
    }

    @Test func conv2DNetMatchesThePyTorchComputationOnItsStateDict() throws {
        var rng = RandomGenerator(seed: 61)
        let model = try ModelNotation.parse("Conv2D(2, 3, 3) - ReLU() - MaxPool2D(2) - Flatten() - Linear(12, 2)", using: &rng)
        let nhwc = TestSupport.input([2, 6, 6, 2], using: &rng)
        let sd = Dictionary(uniqueKeysWithValues: Checkpoint.stateDict(of: model.modules).map { ($0.name, $0.tensor) })
        #expect(sd["0.weight"]?.shape == [3, 2, 3, 3])
        #expect(sd["4.weight"]?.shape == [2, 12])
        var nchw = Tensor(zeros: [2, 2, 6, 6])  // the input permuted to PyTorch's layout
        for b in 0..<2 {
            for h in 0..<6 {
                for w in 0..<6 {
                    for c in 0..<2 {
                        nchw.scalars[((b * 2 + c) * 6 + h) * 6 + w] = nhwc.scalars[((b * 6 + h) * 6 + w) * 2 + c]
                    }
                }
            }
        }
        let ours = try model.forward(nhwc)
        let theirs = pyTorchForward(nchw, sd, k: 3)
        #expect(zip(ours.scalars, theirs).allSatisfy { abs($0 - $1) < 1e-5 }, "\(ours.scalars) vs \(theirs)")
    }

    /// Conv1D on (batch, L, C) against PyTorch's Conv1d on (batch, C, L) and channels-first flattening.
    @Test func conv1DNetMatchesThePyTorchComputationOnItsStateDict() throws {
        var rng = RandomGenerator(seed: 62)
        let model = try ModelNotation.parse("Conv1D(k_size=2, chan_in=2, chan_out=3, stride=2) - Flatten() - Linear(9, 1)", using: &rng)
        let x = TestSupport.input([1, 7, 2], using: &rng)  // (batch, L, C)
        let sd = Dictionary(uniqueKeysWithValues: Checkpoint.stateDict(of: model.modules).map { ($0.name, $0.tensor) })
        let cw = sd["0.weight"]!, cb = sd["0.bias"]!, lw = sd["2.weight"]!, lb = sd["2.bias"]!
        #expect(cw.shape == [3, 2, 2])
        var flat: [Float] = []  // (C_out, L_out), channels first
        for o in 0..<3 {
            for t in 0..<3 {
                var s = cb.scalars[o]
                for c in 0..<2 { for i in 0..<2 { s += cw.scalars[(o * 2 + c) * 2 + i] * x.scalars[(2 * t + i) * 2 + c] } }
                flat.append(s)
            }
        }
        let expected = lb.scalars[0] + zip(lw.scalars, flat).reduce(0) { $0 + $1.0 * $1.1 }
        #expect(abs(try model.forward(x).scalars[0] - expected) < 1e-5)
    }

    /// DoubleConv1D - Linear against PyTorch's cat(Conv2d(1×k)(x).flatten(1), Conv2d(k×1)(x).flatten(1))
    /// - Linear: each block flattened channels first. The image is square and given NHWC without a
    /// `side` or `Reshape`, so the layout infers H = W from the Linear's width.
    @Test func doubleConv1DNetMatchesThePyTorchComputationOnItsStateDict() throws {
        var rng = RandomGenerator(seed: 64)
        let (side, k, co) = (4, 2, 2)
        let model = try ModelNotation.parse("DoubleConv1D(k_size=\(k), chan_in=1, chan_out=\(co)) - Linear(48, 1)", using: &rng)
        let x = TestSupport.input([1, side, side, 1], using: &rng)
        let sd = Dictionary(uniqueKeysWithValues: Checkpoint.stateDict(of: model.modules).map { ($0.name, $0.tensor) })
        let hw = sd["0.h.weight"]!, hb = sd["0.h.bias"]!, vw = sd["0.v.weight"]!, vb = sd["0.v.bias"]!
        #expect(hw.shape == [co, 1, 1, k] && vw.shape == [co, 1, k, 1])
        var flat: [Float] = []
        for o in 0..<co {
            for i in 0..<side {
                for j in 0...(side - k) {  // horizontal, (C, H, W−k+1)
                    flat.append(hb.scalars[o] + (0..<k).reduce(0) { $0 + hw.scalars[o * k + $1] * x.scalars[i * side + j + $1] })
                }
            }
        }
        for o in 0..<co {
            for i in 0...(side - k) {
                for j in 0..<side {  // vertical, (C, H−k+1, W)
                    flat.append(vb.scalars[o] + (0..<k).reduce(0) { $0 + vw.scalars[o * k + $1] * x.scalars[(i + $1) * side + j] })
                }
            }
        }
        let lw = sd["1.weight"]!, lb = sd["1.bias"]!
        let expected = lb.scalars[0] + zip(lw.scalars, flat).reduce(0) { $0 + $1.0 * $1.1 }
        #expect(abs(try model.forward(x).scalars[0] - expected) < 1e-5)
    }

    @Test func roundTripThroughAFileRestoresTheModel() throws {
        let spec =
            "Conv1D(k_size=3, chan_in=2, chan_out=4, stride=1) - MaxPool1D(k_size=2) - Flatten() - Linear(12, 3) - ReLU() "
            + "- Reshape(3, 1) - ConvTranspose1D(k_size=2, chan_in=1, chan_out=2, stride=2)"
        var rng = RandomGenerator(seed: 63)
        let source = try ModelNotation.parse(spec, using: &rng), target = try ModelNotation.parse(spec, using: &rng)
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("conv-\(UInt32.random(in: 0...UInt32.max)).safetensors")
        defer { try? FileManager.default.removeItem(at: url) }
        try Checkpoint.save(Checkpoint.stateDict(of: source.modules), metadata: [:], to: url)
        try Checkpoint.loadStateDict(Checkpoint.load(from: url).tensors, into: target.modules, file: url.path)
        for (a, b) in zip(source.parameters, target.parameters) { #expect(a.value == b.value) }
        let x = TestSupport.input([2, 8, 2], using: &rng)
        #expect(try source.forward(x) == (try target.forward(x)))
        // A PyTorch-shaped tensor of the wrong layout is refused with both shapes.
        var tensors = Dictionary(uniqueKeysWithValues: Checkpoint.stateDict(of: source.modules).map { ($0.name, $0.tensor) })
        tensors["0.weight"] = source.modules[0].parameters[0].value  // ours, (4, 3, 2), not (4, 2, 3)
        let message = TestSupport.errorMessage { try Checkpoint.loadStateDict(tensors, into: target.modules, file: "c.safetensors") }
        #expect(message?.contains("(4, 3, 2)") == true && message?.contains("(4, 2, 3)") == true, "\(message ?? "no error")")
    }

    /// A DoubleConv1D on a non-square image of unknown shape: the Linear after it cannot be given
    /// PyTorch's column order, and `layoutWarnings` says so (naming the layer); with the shape known
    /// (a Reshape before it) there is nothing to say.
    @Test func layoutWarningsNameTheLinearThatCannotBeConverted() throws {
        var rng = RandomGenerator(seed: 65)
        let unknown = try ModelNotation.parse("DoubleConv1D(k_size=2, chan_in=1, chan_out=2) - Linear(34, 1)", using: &rng)
        let warnings = Checkpoint.layoutWarnings(of: unknown.modules)
        #expect(warnings.count == 1)
        #expect(warnings.first?.contains("layer 1, Linear(34, 1)") == true, "\(warnings)")
        let known = try ModelNotation.parse("Reshape(3, 4, 1) - DoubleConv1D(k_size=2, chan_in=1, chan_out=2) - Flatten() - Linear(34, 1)", using: &rng)
        #expect(Checkpoint.layoutWarnings(of: known.modules).isEmpty)
        let square = try ModelNotation.parse("DoubleConv1D(k_size=2, chan_in=1, chan_out=2) - Linear(48, 1)", using: &rng)
        #expect(Checkpoint.layoutWarnings(of: square.modules).isEmpty)
    }
}
