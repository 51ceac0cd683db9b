// ArithmeticFloor: the time a workload's products would take at the machine's measured FMA peak.

import NKCore
import Synchronization

/// How far a row is from the hardware's limit: its floating-point operations divided by the FMA
/// peak measured on this machine (`FMAPeak`), now, with the benchmark's thread count.
enum ArithmeticFloor {
    /// `FMAPeak.measure(threads:)`, measured once per process and thread count.
    static func peak(threads: Int) -> Double {
        if let known = measured.withLock({ $0[threads] }) { return known }
        let peak = FMAPeak.measure(threads: threads)
        measured.withLock { $0[threads] = peak }
        return peak
    }

    private static let measured = Mutex<[Int: Double]>([:])

    /// Floating-point operations of one training epoch of a stack of `Linear` layers (`(in, out)`
    /// each) on `samples` samples: the forward product, the weight gradient, and the input gradient
    /// of every layer but the first (which nothing needs), 2 flops per multiply-add. Activations,
    /// losses and updates are not counted: the floor is the products alone.
    static func trainingFLOPs(layers: [(Int, Int)], samples: Int) -> Double {
        let products = layers.map { Double($0.0 * $0.1) }
        return 2 * Double(samples) * (2 * products.reduce(0, +) + products.dropFirst().reduce(0, +))
    }

    /// Floating-point operations of one forward pass of a stack of `Linear` layers (`(in, out)` each)
    /// on `samples` samples: the forward products alone, 2 flops per multiply-add.
    static func forwardFLOPs(layers: [(Int, Int)], samples: Int) -> Double {
        2 * Double(samples) * layers.map { Double($0.0 * $0.1) }.reduce(0, +)
    }

    /// The floor, in seconds, of `flops` floating-point operations on `threads` threads.
    static func seconds(_ flops: Double, threads: Int) -> Double { flops / peak(threads: threads) }
}
