// Augmentation: random translations, padded crops and horizontal flips of training images, batch by batch.

import NKCore

/// Random changes to each training image, drawn anew for every batch from the run's seed (the
/// generator is part of the resume state, so a resumed run stays bit-identical). Held-out parts are
/// never augmented. Images are `(height, width, channels)`, channels last, whatever shape the
/// samples are stored in (`(784)` and `(28, 28, 1)` alike).
///
/// - `shift:N`: move the image by a whole number of pixels drawn uniformly from −N…N, down and
///   across independently; uncovered pixels get the `fill` value (torchvision's
///   `RandomAffine(0, translate=…)` up to its rounding);
/// - `crop:P`: pad by P on every side with `fill` and cut a window of the original size at a uniform
///   offset (torchvision's `RandomCrop(size, padding=P)`): the same distribution as `shift:P`;
/// - `flip`: mirror left to right with probability ½ (`RandomHorizontalFlip`).
///
/// `fill` is what a zero pixel becomes after the run's preprocessing (torchvision pads raw images
/// before normalising), per pixel and channel.
public struct Augmentation: Sendable, Equatable {
    /// One change.
    public enum Step: Sendable, Equatable, CustomStringConvertible {
        case shift(Int), crop(padding: Int), flip

        /// `shift:2`, `crop:4` or `flip`.
        /// - Throws: `.argument` naming the text and what is accepted.
        public init(parsing text: String) throws {
            let parts = text.lowercased().split(separator: ":", omittingEmptySubsequences: false)
            func count() throws -> Int {
                guard parts.count == 2, let n = Int(parts[1]), (1...64).contains(n) else {
                    throw NeuralKitError.argument("Augmentation '\(NeuralKitError.excerpt(text))': give a pixel count from 1 to 64, e.g. \(parts[0]):2.", field: "augment")
                }
                return n
            }
            switch parts.first {
            case "shift": self = .shift(try count())
            case "crop": self = .crop(padding: try count())
            case "flip" where parts.count == 1: self = .flip
            default: throw NeuralKitError.argument("Augmentation '\(NeuralKitError.excerpt(text))': expected shift:N, crop:P or flip.", field: "augment")
            }
        }

        public var description: String {
            switch self {
            case .shift(let n): "shift:\(n)"
            case .crop(let p): "crop:\(p)"
            case .flip: "flip"
            }
        }
    }

    public var steps: [Step]
    /// `(height, width, channels)` of one image.
    public var imageShape: [Int]
    /// The value of an uncovered pixel, `height × width × channels` values (channels last).
    public var fill: [Float]

    /// Throws `.argument` unless the steps fit images of `imageShape` and `fill` has one value per pixel and channel.
    public init(steps: [Step], imageShape: [Int], fill: [Float]) throws {
        guard imageShape.count == 3, imageShape.allSatisfy({ $0 > 0 }), fill.count == imageShape.reduce(1, *) else {
            throw NeuralKitError.argument("Augmentation needs images (height, width, channels); the samples are \(describeShape(imageShape)).", field: "augment")
        }
        for case .shift(let n) in steps where n >= min(imageShape[0], imageShape[1]) {
            throw NeuralKitError.argument("Augmentation shift:\(n) moves a \(imageShape[0])×\(imageShape[1]) image out of its frame.", field: "augment")
        }
        for case .crop(let p) in steps where p >= min(imageShape[0], imageShape[1]) {
            throw NeuralKitError.argument("Augmentation crop:\(p) pads a \(imageShape[0])×\(imageShape[1]) image by more than its size.", field: "augment")
        }
        (self.steps, self.imageShape, self.fill) = (steps, imageShape, fill)
    }

    /// Each sample of `batch` (batch, …) changed as the steps say, with draws from `rng`.
    public func apply(to batch: Tensor, using rng: inout RandomGenerator) -> Tensor {
        let (h, w, c) = (imageShape[0], imageShape[1], imageShape[2]), size = h * w * c
        let rows = batch.shape.first ?? 0
        precondition(batch.count == rows * size, "Augmentation: samples of \(batch.count / max(rows, 1)) values, images of \(size)")
        var out = batch.scalars
        var source = [Float](repeating: 0, count: size)
        for r in 0..<rows {
            for step in steps {
                let base = r * size
                for i in 0..<size { source[i] = out[base + i] }
                switch step {
                case .shift(let n), .crop(padding: let n):
                    let dy = Int(rng.next() % UInt64(2 * n + 1)) - n, dx = Int(rng.next() % UInt64(2 * n + 1)) - n
                    for y in 0..<h {
                        for x in 0..<w {
                            let (sy, sx) = (y - dy, x - dx), o = (y * w + x) * c
                            let inside = sy >= 0 && sy < h && sx >= 0 && sx < w
                            for k in 0..<c { out[base + o + k] = inside ? source[(sy * w + sx) * c + k] : fill[o + k] }
                        }
                    }
                case .flip:
                    guard rng.next() & 1 == 1 else { continue }
                    for y in 0..<h {
                        for x in 0..<w {
                            for k in 0..<c { out[base + (y * w + x) * c + k] = source[(y * w + (w - 1 - x)) * c + k] }
                        }
                    }
                }
            }
        }
        return Tensor(shape: batch.shape, scalars: out)
    }
}
