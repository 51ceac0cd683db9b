// TensorBoardHistogram: a distribution as TensorBoard's `HistogramProto` holds it (histogram.proto).

/// The count, extremes, sum and sum of squares of some numbers, and their counts in buckets.
///
/// `HistogramProto`'s fields: `min = 1`, `max = 2`, `num = 3`, `sum = 4`, `sum_squares = 5` (doubles),
/// `bucket_limit = 6` and `bucket = 7` (packed repeated doubles). Bucket `i` counts the values
/// between `bucketLimits[i − 1]` (`min` for the first) and `bucketLimits[i]`.
public struct TensorBoardHistogram: Sendable, Equatable {
    public var min: Double
    public var max: Double
    /// How many values (a double, as the proto has it).
    public var count: Double
    public var sum: Double
    public var sumOfSquares: Double
    /// The right edge of each bucket, increasing.
    public var bucketLimits: [Double]
    /// The number of values in each bucket.
    public var bucketCounts: [Double]

    public init(min: Double, max: Double, count: Double, sum: Double, sumOfSquares: Double, bucketLimits: [Double], bucketCounts: [Double]) {
        (self.min, self.max, self.count, self.sum, self.sumOfSquares) = (min, max, count, sum, sumOfSquares)
        (self.bucketLimits, self.bucketCounts) = (bucketLimits, bucketCounts)
    }

    /// The histogram of the finite numbers of `values` (NaN and infinities are left out) in
    /// `buckets` buckets of equal width from their minimum to their maximum; one bucket when they
    /// are all equal, none when there are none.
    public init(_ values: [Float], buckets: Int = 30) {
        var lo = Double.infinity, hi = -Double.infinity, n = 0.0, sum = 0.0, squares = 0.0
        for v in values where v.isFinite {
            let x = Double(v)
            lo = Swift.min(lo, x)
            hi = Swift.max(hi, x)
            n += 1
            sum += x
            squares += x * x
        }
        guard n > 0 else {
            self.init(min: 0, max: 0, count: 0, sum: 0, sumOfSquares: 0, bucketLimits: [], bucketCounts: [])
            return
        }
        let k = hi > lo ? Swift.max(buckets, 1) : 1
        let width = (hi - lo) / Double(k)
        var counts = [Double](repeating: 0, count: k)
        for v in values where v.isFinite {
            counts[width > 0 ? Swift.min(k - 1, Int((Double(v) - lo) / width)) : 0] += 1
        }
        let limits = (1...k).map { $0 == k ? hi : lo + Double($0) * width }
        self.init(min: lo, max: hi, count: n, sum: sum, sumOfSquares: squares, bucketLimits: limits, bucketCounts: counts)
    }

    /// The `HistogramProto` message (zeros left out, as proto3 leaves defaults out).
    var message: ProtobufWriter {
        var w = ProtobufWriter()
        for (field, value) in [(1, min), (2, max), (3, count), (4, sum), (5, sumOfSquares)] where value != 0 { w.double(field, value) }
        if !bucketLimits.isEmpty { w.packedDoubles(6, bucketLimits) }
        if !bucketCounts.isEmpty { w.packedDoubles(7, bucketCounts) }
        return w
    }
}
