// Tests of the grid FFT: against the naive DFT on mixed-radix lengths, column independence, 2-D round trip.

import Foundation
import Testing
@testable import NKCore
@testable import NKAnalysis

@Suite struct GridFFTTests {
    static func random(_ count: Int, seed: UInt64) -> [Double] {
        var rng = RandomGenerator(seed: seed)
        return (0..<count).map { _ in rng.nextNormal() }
    }

    @Test func supportedLengths() {
        #expect(GridFFT.isSupported(1) && GridFFT.isSupported(96) && GridFFT.isSupported(486))
        #expect(!GridFFT.isSupported(10) && !GridFFT.isSupported(0) && !GridFFT.isSupported(14))
        #expect(GridFFT.length(atLeast: 97) == 108)
        #expect(GridFFT.length(atLeast: 7) == 8)
    }

    /// Every column of a `(L, width)` grid transformed along the rows equals the naive DFT of that
    /// column; the columns outside the range are untouched.
    @Test(arguments: [2, 3, 4, 6, 8, 9, 12, 16, 18, 24, 27, 32, 48, 54, 64, 96, 128, 162])
    func matchesTheNaiveDFT(length l: Int) {
        let width = 37  // more than one 32-column block, odd
        for inverse in [false, true] {
            let re0 = Self.random(l * width, seed: UInt64(l)), im0 = Self.random(l * width, seed: UInt64(l) + 1000)
            var re = re0, im = im0
            let plan = GridFFT(length: l)
            re.withUnsafeMutableBufferPointer { r in
                im.withUnsafeMutableBufferPointer { i in
                    plan.transformRows(re: r.baseAddress!, im: i.baseAddress!, stride: width, columns: 1..<width, inverse: inverse)
                }
            }
            for c in 0..<width {
                let column = (0..<l).map { $0 * width + c }
                if c == 0 {
                    #expect(column.map { re[$0] } == column.map { re0[$0] } && column.map { im[$0] } == column.map { im0[$0] })
                    continue
                }
                let naive = GridFFT.naiveDFT(re: column.map { re0[$0] }, im: column.map { im0[$0] }, inverse: inverse)
                for (k, e) in column.enumerated() {
                    #expect(abs(re[e] - naive.re[k]) < 1e-10 * Double(l), "L = \(l), column \(c), k = \(k)")
                    #expect(abs(im[e] - naive.im[k]) < 1e-10 * Double(l), "L = \(l), column \(c), k = \(k)")
                }
            }
        }
    }

    /// `inverse2D(transform2D(x)) = L²·x` on the leading columns (with the zero padding the
    /// forward transform is told about), on one thread and two alike.
    @Test(arguments: [48, 54, 64])
    func twoDimensionalRoundTrip(length l: Int) throws {
        let m = l / 2
        var re0 = [Double](repeating: 0, count: l * l), im0 = re0
        let values = Self.random(2 * l * l, seed: 5)
        for r in 0..<m { for c in 0..<m { re0[r * l + c] = values[r * l + c]; im0[r * l + c] = values[l * l + r * l + c] } }
        let plan = GridFFT(length: l)
        func roundTrip(threads: Int) -> ([Double], [Double]) {
            var re = re0, im = im0
            KernelLevel.with(nil, threads: threads) {
                re.withUnsafeMutableBufferPointer { r in
                    im.withUnsafeMutableBufferPointer { i in
                        plan.transform2D(re: r.baseAddress!, im: i.baseAddress!, nonzeroColumns: m, inverse: false)
                        plan.inverse2D(re: r.baseAddress!, im: i.baseAddress!, neededColumns: m)
                    }
                }
            }
            return (re, im)
        }
        let (re, im) = roundTrip(threads: 1)
        let scale = Double(l * l)
        for r in 0..<m {
            for c in 0..<m {
                #expect(abs(re[r * l + c] / scale - re0[r * l + c]) < 1e-12 && abs(im[r * l + c] / scale - im0[r * l + c]) < 1e-12)
            }
        }
        let two = roundTrip(threads: 2)
        #expect(two.0 == re && two.1 == im)
    }
}
