// Tests of the vectorised exp/tanh/sigmoid and the bias helpers against naive definitions.

import Testing
@testable import NKCore

@Suite struct ElementwiseTests {
    /// A dense grid over [-100, 100], small magnitudes down to 1e-30, and the extremes.
    static let grid: [Float] = {
        var xs = stride(from: Float(-100), through: 100, by: 0.00731).map { $0 }
        var m: Float = 1e-30
        while m < 1 { xs += [m, -m]; m *= 1.37 }
        xs += [
            0, -0.0, 20, -20, 88, -88, 88.72, 88.73, -87.3, -103, -104, -110, 1e4, -1e4,
            .greatestFiniteMagnitude, -.greatestFiniteMagnitude, .infinity, -.infinity,
        ]
        return xs
    }()

    typealias Kernel = (UnsafeBufferPointer<Float>, UnsafeMutableBufferPointer<Float>) -> Void

    static func apply(_ f: Kernel, _ xs: [Float]) -> [Float] {
        var ys = [Float](repeating: .nan, count: xs.count)
        xs.withUnsafeBufferPointer { x in ys.withUnsafeMutableBufferPointer { y in f(x, y) } }
        return ys
    }

    /// Returns the first (x, got, want) where `ok` fails, if any.
    static func firstFailure(_ fast: Kernel, _ naive: Kernel, _ ok: (Float, Float, Float) -> Bool) -> (Float, Float, Float)? {
        let got = apply(fast, grid), want = apply(naive, grid)
        for i in grid.indices where !ok(grid[i], got[i], want[i]) { return (grid[i], got[i], want[i]) }
        return nil
    }

    @Test(arguments: [KernelLevel.avx2, .generic])
    func tanhIsAccurate(level: KernelLevel) {
        let bad = KernelLevel.with(level) {
            Self.firstFailure(Elementwise.tanh, NaiveKernels.tanh) { x, got, want in
                if want.isNaN { return got.isNaN }
                return abs(got - want) <= 2e-7 && abs(got - want) <= 4 * want.ulp && got.sign == want.sign
            }
        }
        #expect(bad == nil, "\(level) tanh(\(bad?.0 ?? 0)) = \(bad?.1 ?? 0), want \(bad?.2 ?? 0)")
        let special = KernelLevel.with(level) { Self.apply(Elementwise.tanh, [.infinity, -.infinity, .nan, 1e4, -1e-30]) }
        #expect(special[0] == 1 && special[1] == -1 && special[2].isNaN && special[3] == 1 && special[4] == -1e-30)
    }

    @Test(arguments: [KernelLevel.avx2, .generic])
    func sigmoidIsAccurate(level: KernelLevel) {
        let bad = KernelLevel.with(level) {
            Self.firstFailure(Elementwise.sigmoid, NaiveKernels.sigmoid) { x, got, want in
                if want.isNaN { return got.isNaN }
                // Absolute 2e-7 everywhere; relative a few ulps where the value is tiny (x < 0).
                let relOK = want < 1e-30 || abs(got - want) <= 4 * want.ulp
                return abs(got - want) <= 2e-7 && (x > 0 || relOK)
            }
        }
        #expect(bad == nil, "\(level) sigmoid(\(bad?.0 ?? 0)) = \(bad?.1 ?? 0), want \(bad?.2 ?? 0)")
        let special = KernelLevel.with(level) { Self.apply(Elementwise.sigmoid, [.infinity, -.infinity, .nan, 0]) }
        #expect(special[0] == 1 && special[1] == 0 && special[2].isNaN && special[3] == 0.5)
    }

    @Test(arguments: [KernelLevel.avx2, .generic])
    func expIsAccurate(level: KernelLevel) {
        let bad = KernelLevel.with(level) {
            Self.firstFailure(Elementwise.exp, NaiveKernels.exp) { x, got, want in
                if want.isNaN { return got.isNaN }
                if want.isInfinite || want == 0 { return got == want }
                if want < Float.leastNormalMagnitude { return abs(got - want) <= 2 * want.ulp }  // subnormal
                return abs(got - want) <= 3e-7 * want
            }
        }
        #expect(bad == nil, "\(level) exp(\(bad?.0 ?? 0)) = \(bad?.1 ?? 0), want \(bad?.2 ?? 0)")
        let special = KernelLevel.with(level) { Self.apply(Elementwise.exp, [.infinity, -.infinity, .nan, 0, 89, -105]) }
        #expect(special[0] == .infinity && special[1] == 0 && special[2].isNaN && special[3] == 1)
        #expect(special[4] == .infinity && special[5] == 0)
    }

    /// Positive inputs over the whole float range (subnormals and 1 ± tiny included), plus the
    /// special values; log is compared in ulps of the exact result, or absolutely near ln 1 = 0.
    @Test(arguments: [KernelLevel.avx2, .generic])
    func logIsAccurate(level: KernelLevel) {
        var xs: [Float] = [
            1, 2, 0.5, Float.leastNonzeroMagnitude, Float.leastNormalMagnitude, .greatestFiniteMagnitude,
            1.0000001, 0.9999999, 1.4142135, 1.4142137, 0.70710677,
        ]
        var x = Float(bitPattern: 7)  // about 1e-44, a subnormal
        while x < 3e38 { xs.append(x); x = max(x * 1.0137, x.nextUp) }  // nextUp: subnormals round the product back
        xs += stride(from: Float(0.5), through: 2, by: 0.000137).map { $0 }
        let got = KernelLevel.with(level) { Self.apply(Elementwise.log, xs) }
        let want = Self.apply(NaiveKernels.log, xs)
        for i in xs.indices {
            let error = abs(got[i] - want[i])
            let ok = error <= 2 * want[i].ulp || error <= 1.2e-7
            #expect(ok, "\(level) log(\(xs[i])) = \(got[i]), want \(want[i])")
            if !ok { break }
        }
        let special = KernelLevel.with(level) { Self.apply(Elementwise.log, [0, -0.0, -1, .nan, .infinity, -.infinity]) }
        #expect(special[0] == -.infinity && special[1] == -.infinity && special[2].isNaN && special[3].isNaN)
        #expect(special[4] == .infinity && special[5].isNaN)
    }

    /// In place (x and y the same buffer), at every tail length of the 8-wide vectors.
    @Test(arguments: [KernelLevel.avx2, .generic])
    func inPlaceEqualsOutOfPlace(level: KernelLevel) {
        var rng = RandomGenerator(seed: 11)
        KernelLevel.with(level) {
            for count in 0..<20 {
                let xs = (0..<count).map { _ in rng.nextUnitFloat() * 10 - 5 }
                for f in [Elementwise.tanh, Elementwise.sigmoid, Elementwise.exp] as [Kernel] {
                    var inPlace = xs
                    inPlace.withUnsafeMutableBufferPointer { p in f(UnsafeBufferPointer(p), p) }
                    #expect(inPlace == Self.apply(f, xs), "count \(count)")
                }
            }
        }
    }

    @Test(arguments: [KernelLevel.avx2, .generic])
    func addRowVectorAndSumRowsMatchLoops(level: KernelLevel) {
        var rng = RandomGenerator(seed: 5)
        KernelLevel.with(level) {
            for (rows, cols) in [(0, 3), (1, 1), (3, 7), (64, 100), (5, 33)] {
                let x = (0..<(rows * cols)).map { _ in rng.nextUnitFloat() - 0.5 }
                let v = (0..<cols).map { _ in rng.nextUnitFloat() - 0.5 }
                var added = x
                v.withUnsafeBufferPointer { pv in added.withUnsafeMutableBufferPointer { px in Elementwise.addRowVector(pv, to: px, rows: rows) } }
                #expect(added == x.indices.map { x[$0] + v[$0 % cols] }, "addRowVector \(rows)×\(cols)")

                var sums = v  // sumRows accumulates into what is there
                x.withUnsafeBufferPointer { px in sums.withUnsafeMutableBufferPointer { ps in Elementwise.sumRows(px, rows: rows, into: ps) } }
                let expected = (0..<cols).map { j in (0..<rows).reduce(Double(v[j])) { $0 + Double(x[$1 * cols + j]) } }
                #expect(zip(sums, expected).allSatisfy { abs(Double($0) - $1) <= 1e-5 }, "sumRows \(rows)×\(cols)")
            }
        }
    }

    /// ReLU and its backward against their definitions, on the grid (NaN, ±0, ±∞ included) and on a
    /// buffer large enough to be split over threads.
    @Test func reluAndItsBackwardMatchTheDefinition() {
        let big = (0..<(5 * Elementwise.parallelGrain + 3)).map { Float(($0 * 7919) % 2001) - 1000 }
        for xs in [Self.grid + [.nan, -.nan], big] {
            let ds = xs.indices.map { Float($0 % 13) - 6.5 }
            var y = [Float](repeating: .nan, count: xs.count), dx = y
            KernelLevel.with(nil, threads: 2) {
                xs.withUnsafeBufferPointer { x in
                    y.withUnsafeMutableBufferPointer { Elementwise.relu(x, $0) }
                    ds.withUnsafeBufferPointer { d in dx.withUnsafeMutableBufferPointer { Elementwise.reluBackward(x, delta: d, $0) } }
                }
            }
            for i in xs.indices {
                let want: Float = xs[i].isNaN ? .nan : (xs[i] > 0 ? xs[i] : 0)
                #expect(y[i].bitPattern == want.bitPattern || (want.isNaN && y[i].isNaN), "relu(\(xs[i])) = \(y[i])")
                #expect(dx[i] == (xs[i] > 0 ? ds[i] : 0), "relu'(\(xs[i])) · \(ds[i]) = \(dx[i])")
            }
        }
    }

    /// tanh and sigmoid split over threads (a buffer of several grains, with a tail) give bit for
    /// bit what one thread gives, at both levels.
    @Test(arguments: [KernelLevel.avx2, .generic])
    func splitActivationsEqualOneThread(level: KernelLevel) {
        let xs = (0..<(5 * Elementwise.activationGrain + 5)).map { Float(($0 * 7919) % 4001) / 250 - 8 }
        for f in [Elementwise.tanh, Elementwise.sigmoid] {
            func run(threads: Int) -> [Float] {
                var y = [Float](repeating: .nan, count: xs.count)
                KernelLevel.with(level, threads: threads) { xs.withUnsafeBufferPointer { x in y.withUnsafeMutableBufferPointer { f(x, $0) } } }
                return y
            }
            let one = run(threads: 1), two = run(threads: 2)
            #expect(one.allSatisfy { $0.isFinite } && one == two)
        }
    }

    /// columnSpread keeps the running maximum of |x − ref| per column, at both levels.
    @Test(arguments: [KernelLevel.avx2, .generic])
    func columnSpreadMatchesDefinition(level: KernelLevel) {
        var rng = RandomGenerator(seed: 31)
        let rows = 9, cols = 21
        let x = (0..<(rows * cols)).map { _ in rng.nextUnitFloat() * 4 - 2 }
        let reference = (0..<cols).map { _ in rng.nextUnitFloat() - 0.5 }
        var s = (0..<cols).map { j in j % 5 == 0 ? Float(10) : 0 }  // a larger running value survives
        KernelLevel.with(level) {
            x.withUnsafeBufferPointer { px in
                reference.withUnsafeBufferPointer { r in
                    s.withUnsafeMutableBufferPointer { ps in
                        Elementwise.columnSpread(px, rows: rows, reference: r, into: ps)
                    }
                }
            }
        }
        for j in 0..<cols {
            let expected = max(j % 5 == 0 ? 10 : 0, (0..<rows).map { abs(x[$0 * cols + j] - reference[j]) }.max()!)
            #expect(s[j] == expected, "column \(j)")
        }
    }
}
