// A mixed-radix (2, 3, 4) complex FFT along the first axis of a square grid, batched over columns.

import Foundation
import NKCore

/// Discrete Fourier transforms of an `(L, L)` complex grid stored as two row-major `Double` arrays
/// (real and imaginary parts), for the FFT-accelerated t-SNE repulsion.
///
/// `transformRows` computes, for each chosen column `c`, `X[k][c] = Σₘ x[m][c]·e^{∓2πi·km/L}` over
/// the rows `m` (unscaled; `−` forward, `+` inverse). A whole row is the unit of every butterfly, so
/// the inner loops run over contiguous columns; columns are processed in blocks that stay in
/// cache, split over the kernel threads by column range (each column's arithmetic is the same
/// whatever the split, so results do not depend on the thread count). A 2-D transform is a
/// row transform, a transpose and another row transform. Iterative decimation in time: the input
/// is permuted into digit-reversed order, then radix-4, radix-2 and radix-3 stages combine
/// sub-transforms.
struct GridFFT: Sendable {
    /// The transform length `L` (`2ᵃ·3ᵇ`).
    let length: Int
    /// Stage radices, first stage first; their product is `length`.
    let radices: [Int]
    /// `permutation[p]`: the input row that goes to position `p` before the first stage.
    let permutation: [Int]
    /// `cos(2πt/L)` and `sin(2πt/L)`, `t < L`.
    let cosines: [Double], sines: [Double]

    /// Whether `length` has no prime factor other than 2 and 3.
    static func isSupported(_ length: Int) -> Bool {
        guard length >= 1 else { return false }
        var m = length
        while m % 2 == 0 { m /= 2 }
        while m % 3 == 0 { m /= 3 }
        return m == 1
    }

    /// The smallest even supported length `≥ minimum`.
    static func length(atLeast minimum: Int) -> Int {
        var l = max(2, minimum + (minimum & 1))
        while !isSupported(l) { l += 2 }
        return l
    }

    /// A plan for length `length` (must be `2ᵃ·3ᵇ`).
    init(length: Int) {
        precondition(Self.isSupported(length), "GridFFT: length \(length) is not 2^a·3^b")
        self.length = length
        var m = length, radices: [Int] = []
        while m % 4 == 0 { radices.append(4); m /= 4 }
        while m % 2 == 0 { radices.append(2); m /= 2 }
        while m % 3 == 0 { radices.append(3); m /= 3 }
        self.radices = radices
        // The last stage combines r sub-transforms of stride r: position j·(L/r) + k holds the
        // k-th digit-reversed element of the j-th decimated subsequence.
        func digitReversed(_ radices: ArraySlice<Int>) -> [Int] {
            guard let r = radices.last else { return [0] }
            let inner = digitReversed(radices.dropLast())
            var out = [Int](); out.reserveCapacity(r * inner.count)
            for j in 0..<r { for k in inner { out.append(j + r * k) } }
            return out
        }
        permutation = digitReversed(radices[...])
        cosines = (0..<length).map { cos(2 * Double.pi * Double($0) / Double(length)) }
        sines = (0..<length).map { sin(2 * Double.pi * Double($0) / Double(length)) }
    }

    /// Transforms along the first axis, in place, the columns `columns` of the `(L, stride)` grid.
    func transformRows(
        re: UnsafeMutablePointer<Double>, im: UnsafeMutablePointer<Double>, stride: Int,
        columns: Range<Int>, inverse: Bool
    ) {
        Parallelism.forEachRange(count: columns.count, grain: 16) { part in
            // Blocks of 32 columns: L rows × 32 × 16 bytes stays in the L2 cache for L ≤ 768.
            var start = columns.lowerBound + part.lowerBound
            let end = columns.lowerBound + part.upperBound
            while start < end {
                let width = min(32, end - start)
                transformBlock(re: re + start, im: im + start, stride: stride, width: width, inverse: inverse)
                start += width
            }
        }
    }

    /// One block of `width` columns starting at `re`, `im`.
    private func transformBlock(
        re: UnsafeMutablePointer<Double>, im: UnsafeMutablePointer<Double>, stride: Int,
        width: Int, inverse: Bool
    ) {
        let l = length
        // Digit-reversal permutation, following cycles with a one-row buffer.
        var visited = [Bool](repeating: false, count: l)
        var saveRe = [Double](repeating: 0, count: width), saveIm = [Double](repeating: 0, count: width)
        for first in 0..<l where !visited[first] && permutation[first] != first {
            for c in 0..<width { saveRe[c] = re[first * stride + c]; saveIm[c] = im[first * stride + c] }
            var p = first
            while true {
                visited[p] = true
                let source = permutation[p]
                if source == first {
                    for c in 0..<width { re[p * stride + c] = saveRe[c]; im[p * stride + c] = saveIm[c] }
                    break
                }
                for c in 0..<width { re[p * stride + c] = re[source * stride + c]; im[p * stride + c] = im[source * stride + c] }
                p = source
            }
        }
        let sign: Double = inverse ? 1 : -1  // e^{sign·2πi t/L} = cos + sign·i·sin
        var span = 1
        cosines.withUnsafeBufferPointer { cosT in
            sines.withUnsafeBufferPointer { sinT in
                for r in radices {
                    let size = span * r, step = l / size
                    for group in Swift.stride(from: 0, to: l, by: size) {
                        for k in 0..<span {
                            let first = (group + k) * stride, gap = span * stride
                            switch r {
                            case 4: radix4(re + first, im + first, gap, twiddle: k * step, cosT, sinT, sign: sign, width: width)
                            case 2: radix2(re + first, im + first, gap, twiddle: k * step, cosT, sinT, sign: sign, width: width)
                            default: radix3(re + first, im + first, gap, twiddle: k * step, cosT, sinT, sign: sign, width: width)
                            }
                        }
                    }
                    span = size
                }
            }
        }
    }

    private func radix2(
        _ re: UnsafeMutablePointer<Double>, _ im: UnsafeMutablePointer<Double>, _ gap: Int, twiddle t: Int,
        _ cosT: UnsafeBufferPointer<Double>, _ sinT: UnsafeBufferPointer<Double>, sign: Double, width: Int
    ) {
        let (ar, ai, br, bi) = (re, im, re + gap, im + gap)
        let wr = cosT[t], wi = sign * sinT[t]
        var c = 0
        while c + 4 <= width {  // four columns at a time (the pointers may alias as far as the compiler knows)
            let (xr, xi, yr, yi) = (V.load(ar, c), V.load(ai, c), V.load(br, c), V.load(bi, c))
            let tr = yr * wr - yi * wi, ti = yr * wi + yi * wr
            V.store(xr - tr, br, c); V.store(xi - ti, bi, c)
            V.store(xr + tr, ar, c); V.store(xi + ti, ai, c)
            c += 4
        }
        for c in c..<width {
            let tr = br[c] * wr - bi[c] * wi, ti = br[c] * wi + bi[c] * wr
            br[c] = ar[c] - tr; bi[c] = ai[c] - ti
            ar[c] += tr; ai[c] += ti
        }
    }

    private func radix3(
        _ re: UnsafeMutablePointer<Double>, _ im: UnsafeMutablePointer<Double>, _ gap: Int, twiddle t: Int,
        _ cosT: UnsafeBufferPointer<Double>, _ sinT: UnsafeBufferPointer<Double>, sign: Double, width: Int
    ) {
        let l = cosT.count
        let (r0, i0, r1, i1, r2, i2) = (re, im, re + gap, im + gap, re + 2 * gap, im + 2 * gap)
        let w1r = cosT[t], w1i = sign * sinT[t]
        let w2r = cosT[(2 * t) % l], w2i = sign * sinT[(2 * t) % l]
        let s = sign * 0.866_025_403_784_438_6  // sign·sin(2π/3)
        var c = 0
        while c + 4 <= width {
            let (a1r, a1i, a2r, a2i) = (V.load(r1, c), V.load(i1, c), V.load(r2, c), V.load(i2, c))
            let x1r = a1r * w1r - a1i * w1i, x1i = a1r * w1i + a1i * w1r
            let x2r = a2r * w2r - a2i * w2i, x2i = a2r * w2i + a2i * w2r
            let sr = x1r + x2r, si = x1i + x2i
            let dr = x1r - x2r, di = x1i - x2i
            let (a0r, a0i) = (V.load(r0, c), V.load(i0, c))
            let mr = a0r - 0.5 * sr, mi = a0i - 0.5 * si
            V.store(a0r + sr, r0, c); V.store(a0i + si, i0, c)
            V.store(mr - s * di, r1, c); V.store(mi + s * dr, i1, c)
            V.store(mr + s * di, r2, c); V.store(mi - s * dr, i2, c)
            c += 4
        }
        for c in c..<width {
            let x1r = r1[c] * w1r - i1[c] * w1i, x1i = r1[c] * w1i + i1[c] * w1r
            let x2r = r2[c] * w2r - i2[c] * w2i, x2i = r2[c] * w2i + i2[c] * w2r
            let sr = x1r + x2r, si = x1i + x2i
            let dr = x1r - x2r, di = x1i - x2i
            let mr = r0[c] - 0.5 * sr, mi = i0[c] - 0.5 * si
            r0[c] += sr; i0[c] += si
            r1[c] = mr - s * di; i1[c] = mi + s * dr
            r2[c] = mr + s * di; i2[c] = mi - s * dr
        }
    }

    private func radix4(
        _ re: UnsafeMutablePointer<Double>, _ im: UnsafeMutablePointer<Double>, _ gap: Int, twiddle t: Int,
        _ cosT: UnsafeBufferPointer<Double>, _ sinT: UnsafeBufferPointer<Double>, sign: Double, width: Int
    ) {
        let l = cosT.count
        let (r0, i0, r1, i1) = (re, im, re + gap, im + gap)
        let (r2, i2, r3, i3) = (re + 2 * gap, im + 2 * gap, re + 3 * gap, im + 3 * gap)
        let w1r = cosT[t], w1i = sign * sinT[t]
        let w2r = cosT[(2 * t) % l], w2i = sign * sinT[(2 * t) % l]
        let w3r = cosT[(3 * t) % l], w3i = sign * sinT[(3 * t) % l]
        var c = 0
        while c + 4 <= width {
            let (a1r, a1i, a2r, a2i) = (V.load(r1, c), V.load(i1, c), V.load(r2, c), V.load(i2, c))
            let (a3r, a3i, a0r, a0i) = (V.load(r3, c), V.load(i3, c), V.load(r0, c), V.load(i0, c))
            let x1r = a1r * w1r - a1i * w1i, x1i = a1r * w1i + a1i * w1r
            let x2r = a2r * w2r - a2i * w2i, x2i = a2r * w2i + a2i * w2r
            let x3r = a3r * w3r - a3i * w3i, x3i = a3r * w3i + a3i * w3r
            let ar = a0r + x2r, ai = a0i + x2i, br = a0r - x2r, bi = a0i - x2i
            let cr = x1r + x3r, ci = x1i + x3i, dr = x1r - x3r, di = x1i - x3i
            V.store(ar + cr, r0, c); V.store(ai + ci, i0, c)
            V.store(ar - cr, r2, c); V.store(ai - ci, i2, c)
            V.store(br - sign * di, r1, c); V.store(bi + sign * dr, i1, c)
            V.store(br + sign * di, r3, c); V.store(bi - sign * dr, i3, c)
            c += 4
        }
        for c in c..<width {
            let x1r = r1[c] * w1r - i1[c] * w1i, x1i = r1[c] * w1i + i1[c] * w1r
            let x2r = r2[c] * w2r - i2[c] * w2i, x2i = r2[c] * w2i + i2[c] * w2r
            let x3r = r3[c] * w3r - i3[c] * w3i, x3i = r3[c] * w3i + i3[c] * w3r
            let ar = r0[c] + x2r, ai = i0[c] + x2i, br = r0[c] - x2r, bi = i0[c] - x2i
            let cr = x1r + x3r, ci = x1i + x3i, dr = x1r - x3r, di = x1i - x3i
            // y₁ = b + sign·i·d, y₃ = b − sign·i·d  (the 4-point DFT's ω₄ = sign·i)
            r0[c] = ar + cr; i0[c] = ai + ci
            r2[c] = ar - cr; i2[c] = ai - ci
            r1[c] = br - sign * di; i1[c] = bi + sign * dr
            r3[c] = br + sign * di; i3[c] = bi - sign * dr
        }
    }

    /// Four consecutive columns as one vector.
    private enum V {
        @inline(__always) static func load(_ p: UnsafeMutablePointer<Double>, _ c: Int) -> SIMD4<Double> {
            UnsafeRawPointer(p + c).loadUnaligned(as: SIMD4<Double>.self)
        }
        @inline(__always) static func store(_ v: SIMD4<Double>, _ p: UnsafeMutablePointer<Double>, _ c: Int) {
            UnsafeMutableRawPointer(p + c).storeBytes(of: v, as: SIMD4<Double>.self)
        }
    }

    /// Transposes the `(L, L)` grid in place, in 32 × 32 tiles: tile row `t` swaps the tiles on and
    /// right of the diagonal with their mirrors; rows `t` and `T − 1 − t` go together so that the
    /// threads' shares are equal.
    func transpose(_ a: UnsafeMutablePointer<Double>) {
        let l = length, tile = 32
        let tiles = (l + tile - 1) / tile
        func swapTileRow(_ ti: Int) {
            for tj in ti..<tiles {
                for r in (ti * tile)..<min(l, (ti + 1) * tile) {
                    let from = ti == tj ? r + 1 : tj * tile, to = min(l, (tj + 1) * tile)
                    guard from < to else { continue }
                    for c in from..<to { let t = a[r * l + c]; a[r * l + c] = a[c * l + r]; a[c * l + r] = t }
                }
            }
        }
        Parallelism.forEachRange(count: (tiles + 1) / 2, grain: 1) { pairs in
            for p in pairs {
                swapTileRow(p)
                if tiles - 1 - p != p { swapTileRow(tiles - 1 - p) }
            }
        }
    }

    /// The 2-D transform of the whole grid, in place: rows, transpose, rows. The result is
    /// transposed (`X[kx][ky]` for an input indexed `[y][x]`); `nonzeroColumns` says how many
    /// leading columns of the input are not all zero (a zero-padded forward transform skips the rest).
    func transform2D(re: UnsafeMutablePointer<Double>, im: UnsafeMutablePointer<Double>, nonzeroColumns: Int, inverse: Bool) {
        transformRows(re: re, im: im, stride: length, columns: 0..<nonzeroColumns, inverse: inverse)
        transpose(re); transpose(im)
        transformRows(re: re, im: im, stride: length, columns: 0..<length, inverse: inverse)
    }

    /// The inverse of `transform2D` up to the factor `L²`, computing only the leading
    /// `neededColumns` columns of the result exactly (the others are left partly transformed).
    func inverse2D(re: UnsafeMutablePointer<Double>, im: UnsafeMutablePointer<Double>, neededColumns: Int) {
        transformRows(re: re, im: im, stride: length, columns: 0..<length, inverse: true)
        transpose(re); transpose(im)
        transformRows(re: re, im: im, stride: length, columns: 0..<neededColumns, inverse: true)
    }

    /// The naive `O(L²)` DFT of a vector (the reference the tests compare `transformRows` with).
    static func naiveDFT(re: [Double], im: [Double], inverse: Bool) -> (re: [Double], im: [Double]) {
        let l = re.count
        var outRe = [Double](repeating: 0, count: l), outIm = [Double](repeating: 0, count: l)
        let sign: Double = inverse ? 1 : -1
        for k in 0..<l {
            for m in 0..<l {
                let angle = sign * 2 * Double.pi * Double((k * m) % l) / Double(l)
                outRe[k] += re[m] * cos(angle) - im[m] * sin(angle)
                outIm[k] += re[m] * sin(angle) + im[m] * cos(angle)
            }
        }
        return (outRe, outIm)
    }
}
