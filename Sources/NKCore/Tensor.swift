// The contiguous, row-major Float32 tensor every NeuralKit layer reads and writes.

/// A contiguous, row-major array of `Float` with a shape.
///
/// - Value semantics: a `Tensor` is copied on write, like the `Array` that stores it.
/// - The first dimension is the batch everywhere in NeuralKit: a layer sees `(batch, features…)`;
///   `rowCount` is `shape[0]` and `rowSize` the product of the others.
/// - A scalar has shape `[]` and one element.
///
/// ```swift
/// var x = Tensor(shape: [2, 3], scalars: [1, 2, 3, 4, 5, 6])
/// x[1, 2] = 7          // row 1, column 2
/// let flat = x.reshaped([6])
/// ```
public struct Tensor: Equatable, Sendable, CustomStringConvertible {
    /// The extent of each dimension, outermost first.
    public private(set) var shape: [Int]
    /// The elements in row-major order; `scalars.count == shape.reduce(1, *)`.
    public var scalars: [Float]

    /// A tensor with the given shape and elements. Traps if the counts disagree (a programming
    /// error); use `validated(shape:scalars:)` for data that comes from a user.
    public init(shape: [Int], scalars: [Float]) {
        precondition(shape.allSatisfy { $0 >= 0 }, "negative dimension in \(shape)")
        precondition(
            shape.reduce(1, *) == scalars.count,
            "shape \(describeShape(shape)) needs \(shape.reduce(1, *)) elements, got \(scalars.count)")
        self.shape = shape
        self.scalars = scalars
    }

    /// A tensor filled with `value`.
    public init(repeating value: Float, shape: [Int]) {
        self.init(shape: shape, scalars: Array(repeating: value, count: shape.reduce(1, *)))
    }

    /// A tensor of zeros.
    public init(zeros shape: [Int]) { self.init(repeating: 0, shape: shape) }

    /// A scalar (rank-0) tensor.
    public init(_ value: Float) { self.init(shape: [], scalars: [value]) }

    /// A tensor whose elements are written by `body` without being zeroed first: `body` must
    /// write every one of the `count` elements.
    @inlinable
    public init(uninitializedShape shape: [Int], _ body: (UnsafeMutableBufferPointer<Float>) throws -> Void) rethrows {
        let count = shape.reduce(1, *)
        let scalars = try [Float](unsafeUninitializedCapacity: count) { buffer, initialized in
            try body(buffer)
            initialized = count
        }
        self.init(shape: shape, scalars: scalars)
    }

    /// Checks that `scalars` fits `shape` and throws a clear error when it does not.
    public static func validated(shape: [Int], scalars: [Float], what: String = "tensor") throws -> Tensor {
        guard shape.allSatisfy({ $0 >= 0 }), shape.reduce(1, *) == scalars.count else {
            throw NeuralKitError.shape("\(what): shape \(describeShape(shape)) needs \(shape.reduce(1, *)) values, got \(scalars.count)")
        }
        return Tensor(shape: shape, scalars: scalars)
    }

    // MARK: - Shape

    /// The number of elements.
    @inlinable public var count: Int { scalars.count }
    /// The number of dimensions.
    @inlinable public var rank: Int { shape.count }
    /// The batch size: `shape[0]` (1 for a scalar).
    @inlinable public var rowCount: Int { shape.first ?? 1 }
    /// The number of elements per sample: the product of all dimensions but the first.
    @inlinable public var rowSize: Int { shape.count <= 1 ? 1 : shape.dropFirst().reduce(1, *) }

    /// The same elements with another shape of the same element count.
    public func reshaped(_ newShape: [Int]) -> Tensor {
        Tensor(shape: newShape, scalars: scalars)
    }

    /// The same elements viewed as a matrix `(rowCount, rowSize)`.
    public var flattenedRows: Tensor { reshaped([rowCount, rowSize]) }

    // MARK: - Element access

    /// Element `[i, j]` of a rank-2 tensor.
    @inlinable public subscript(i: Int, j: Int) -> Float {
        get { scalars[i * shape[1] + j] }
        set { scalars[i * shape[1] + j] = newValue }
    }

    /// Rows `range` of the tensor (along the first dimension), copied.
    public func rows(_ range: Range<Int>) -> Tensor {
        let size = rowSize
        var newShape = shape
        newShape[0] = range.count
        return Tensor(shape: newShape, scalars: Array(scalars[(range.lowerBound * size)..<(range.upperBound * size)]))
    }

    /// The rows at `indices`, in that order, copied into a new batch.
    public func gatherRows(_ indices: some Collection<Int>) -> Tensor {
        let size = rowSize
        var newShape = shape
        newShape[0] = indices.count
        return Tensor(uninitializedShape: newShape) { out in
            scalars.withUnsafeBufferPointer { src in
                var o = 0
                for i in indices {
                    let from = src.baseAddress! + i * size
                    (out.baseAddress! + o).update(from: from, count: size)
                    o += size
                }
            }
        }
    }

    // MARK: - Raw access

    @inlinable
    public func withUnsafeBufferPointer<R>(_ body: (UnsafeBufferPointer<Float>) throws -> R) rethrows -> R {
        try scalars.withUnsafeBufferPointer(body)
    }

    @inlinable
    public mutating func withUnsafeMutableBufferPointer<R>(_ body: (inout UnsafeMutableBufferPointer<Float>) throws -> R) rethrows -> R {
        try scalars.withUnsafeMutableBufferPointer(body)
    }

    // MARK: - Description

    public var description: String {
        let shown = scalars.prefix(8).map { "\($0)" }.joined(separator: ", ")
        return "Tensor\(describeShape(shape)) [\(shown)\(count > 8 ? ", …" : "")]"
    }
}
