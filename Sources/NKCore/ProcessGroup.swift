// ProcessGroup: the processes of a data-parallel run (MPI ranks), and the few collectives training needs.

/// A fixed set of cooperating processes, numbered `0..<size` (MPI's ranks), every one running the same
/// program. Data-parallel training (`DataParallel` in NKTrain) needs only what is declared here; the MPI
/// implementation is `MPIProcessGroup` (module NKDistributed, built with the package trait `MPI`), and
/// `SingleProcess` is the group of one.
///
/// Every call is collective: all ranks make it, in the same order, with the same counts (the byte
/// variants aside), or the run hangs or fails. An implementation throws instead of returning when the
/// transport fails.
///
/// Sums are taken **in rank order** (`sum(_:)`): every rank gathers every rank's values and adds them
/// `((v₀ + v₁) + v₂) + …`, so the result is the same bits on every rank and from run to run, whatever
/// the MPI library's reduction algorithm. That costs `size` times the memory of one contribution, which
/// is small next to a model for the tens of ranks this is meant for.
public protocol ProcessGroup: AnyObject {
    /// This process's number, from 0.
    var rank: Int { get }
    /// The number of processes.
    var size: Int { get }
    /// Every rank's `values` (the same count on every rank), concatenated in rank order.
    func allGather(_ values: [Float]) throws -> [Float]
    /// Every rank's `values` (the same count on every rank), concatenated in rank order.
    func allGather(_ values: [Double]) throws -> [Double]
    /// Every rank's bytes (any length each), in rank order.
    func allGather(bytes: [UInt8]) throws -> [[UInt8]]
    /// Replaces `values` on every rank by rank `root`'s (the same count on every rank).
    func broadcast(_ values: inout [Float], from root: Int) throws
    /// Replaces `bytes` on every rank by rank `root`'s (any length on the others).
    func broadcast(bytes: inout [UInt8], from root: Int) throws
}

extension ProcessGroup {
    /// Replaces `values` by their sum over the ranks, added in rank order (the same bits on every rank).
    public func sum(_ values: inout [Float]) throws {
        guard size > 1 else { return }
        let all = try allGather(values)
        sumInRankOrder(all, into: &values)
    }

    /// Replaces `values` by their sum over the ranks, added in rank order (the same bits on every rank).
    public func sum(_ values: inout [Double]) throws {
        guard size > 1 else { return }
        let all = try allGather(values)
        sumInRankOrder(all, into: &values)
    }

    private func sumInRankOrder<T: BinaryFloatingPoint>(_ all: [T], into values: inout [T]) {
        let n = values.count
        all.withUnsafeBufferPointer { a in
            values.withUnsafeMutableBufferPointer { v in
                for i in 0..<n { v[i] = a[i] }
                for r in 1..<size {
                    let o = r * n
                    for i in 0..<n { v[i] += a[o + i] }
                }
            }
        }
    }
}

/// The group of one process: every collective returns what it was given.
public final class SingleProcess: ProcessGroup {
    public init() {}
    public var rank: Int { 0 }
    public var size: Int { 1 }
    public func allGather(_ values: [Float]) throws -> [Float] { values }
    public func allGather(_ values: [Double]) throws -> [Double] { values }
    public func allGather(bytes: [UInt8]) throws -> [[UInt8]] { [bytes] }
    public func broadcast(_ values: inout [Float], from root: Int) throws {}
    public func broadcast(bytes: inout [UInt8], from root: Int) throws {}
}
