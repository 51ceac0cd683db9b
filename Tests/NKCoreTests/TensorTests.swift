// Tests of Tensor and RandomGenerator.

import Testing
@testable import NKCore

@Suite struct TensorTests {
    @Test func shapeAndIndexing() {
        var x = Tensor(shape: [2, 3], scalars: [1, 2, 3, 4, 5, 6])
        #expect(x.rowCount == 2 && x.rowSize == 3 && x.count == 6)
        #expect(x[1, 2] == 6)
        x[1, 2] = 7
        #expect(x.scalars.last == 7)
        #expect(x.rows(1..<2).scalars == [4, 5, 7])
        #expect(x.gatherRows([1, 0]).scalars == [4, 5, 7, 1, 2, 3])
    }

    @Test func validatedRejectsWrongCount() {
        #expect(throws: NeuralKitError.self) { try Tensor.validated(shape: [2, 2], scalars: [1, 2, 3]) }
    }

    @Test func generatorIsReproducibleAndUniform() {
        var a = RandomGenerator(seed: 42), b = RandomGenerator(seed: 42), c = RandomGenerator(seed: 43)
        let xs = (0..<1000).map { _ in a.nextUnitFloat() }
        #expect(xs == (0..<1000).map { _ in b.nextUnitFloat() })
        #expect(xs != (0..<1000).map { _ in c.nextUnitFloat() })
        #expect(xs.allSatisfy { $0 >= 0 && $0 < 1 })
        let mean = xs.reduce(0, +) / 1000
        #expect(abs(mean - 0.5) < 0.05)
        var n = RandomGenerator(seed: 1)
        let zs = (0..<20000).map { _ in n.nextNormal() }
        let m = zs.reduce(0, +) / 20000
        let v = zs.map { ($0 - m) * ($0 - m) }.reduce(0, +) / 20000
        #expect(abs(m) < 0.03 && abs(v - 1) < 0.05)
    }
}

@Suite struct ClassHelperTests {
    @Test func argmaxTakesTheFirstMaximumAndSkipsNaN() {
        let t = Tensor(shape: [4, 3], scalars: [1, 3, 3, .nan, 2, 1, -.infinity, -.infinity, -.infinity, 0, 0, 5])
        #expect(t.rowArgmax() == [1, 1, 0, 2])
    }

    @Test func oneHotRowsWithZerosForLabelsOutOfRange() {
        let hot = Tensor.oneHot(classIndices: Tensor(shape: [4, 1], scalars: [2, 0, 7, 1.5]), classes: 3)
        #expect(hot.shape == [4, 3])
        #expect(hot.scalars == [0, 0, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0])
    }

    /// The one shuffle: Fisher–Yates with `next() % (i + 1)`, so a seed fixes the order everywhere.
    @Test func shuffleIsFisherYatesOnTheSeededGenerator() {
        var a = RandomGenerator(seed: 9), b = RandomGenerator(seed: 9)
        var items = Array(0..<50)
        a.shuffle(&items)
        var expected = Array(0..<50)
        for i in stride(from: 49, to: 0, by: -1) { expected.swapAt(i, Int(b.next() % UInt64(i + 1))) }
        #expect(items == expected)
        #expect(Set(items) == Set(0..<50) && items != Array(0..<50))
        var c = RandomGenerator(seed: 9)
        #expect(c.permutation(50) == expected)
        var slice = [5, 6, 7, 8, 9][1...]
        var d = RandomGenerator(seed: 1)
        d.shuffle(&slice)
        #expect(Set(slice) == [6, 7, 8, 9])
    }
}
