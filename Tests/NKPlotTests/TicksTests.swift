// Tests of the nice-tick algorithm: 1-2-5 steps, domains that end on ticks, log decades, labels.
import Foundation
import Testing
@testable import NKPlot

@Suite struct TicksTests {
    func close(_ a: [Double], _ b: [Double]) -> Bool {
        a.count == b.count && zip(a, b).allSatisfy { abs($0 - $1) <= 1e-9 * max(1, abs($1)) }
    }

    @Test func unitIntervalGetsStepsOfPointTwo() {
        let t = Ticks.linear(lower: 0.13, upper: 0.87, targetCount: 5)
        #expect(close(t.values, [0, 0.2, 0.4, 0.6, 0.8, 1.0]))
        #expect(t.labels == ["0", "0.2", "0.4", "0.6", "0.8", "1.0"])
        #expect(t.lower == 0 && t.upper == 1)
    }

    @Test func hundredsGetStepsOfTwenty() {
        let t = Ticks.linear(lower: 0, upper: 100, targetCount: 5)
        #expect(close(t.values, [0, 20, 40, 60, 80, 100]))
        #expect(t.labels == ["0", "20", "40", "60", "80", "100"])
    }

    @Test func negativeRangeAndStepOfFive() {
        let t = Ticks.linear(lower: -13, upper: 9, targetCount: 5)   // raw step 4.4 -> 5
        #expect(close(t.values, [-15, -10, -5, 0, 5, 10]))
        #expect(t.labels.contains("0") && !t.labels.contains("-0"))
    }

    @Test func aSmallerStepIsTakenWhenItWastesLessOfTheAxis() {
        // Raw step 10.7 / 5 = 2.14 → 5 would span −10...10; step 2 spans −6...6 with 6 intervals.
        let t = Ticks.linear(lower: -5.4, upper: 5.3, targetCount: 5)
        #expect(close(t.values, [-6, -4, -2, 0, 2, 4, 6]))
        // But not when it would give more than target + 2 intervals: 0.1 would need 8 here.
        #expect(Ticks.linear(lower: 0.13, upper: 0.87).values.count == 6)
    }

    @Test func epochsOneToTen() {
        let t = Ticks.linear(lower: 1, upper: 10, targetCount: 5)   // raw 1.8 -> 2
        #expect(close(t.values, [0, 2, 4, 6, 8, 10]))
    }

    @Test func smallValuesKeepTheirDecimals() {
        let t = Ticks.linear(lower: 0.0012, upper: 0.0048, targetCount: 4)   // raw 0.0009 -> 0.001
        #expect(close(t.values, [0.001, 0.002, 0.003, 0.004, 0.005]))
        #expect(t.labels == ["0.001", "0.002", "0.003", "0.004", "0.005"])
    }

    @Test func zeroWidthRangeIsWidened() {
        let t = Ticks.linear(lower: 5, upper: 5)
        #expect(t.lower < 5 && t.upper > 5)
        let z = Ticks.linear(lower: 0, upper: 0)
        #expect(z.lower <= -1 && z.upper >= 1)
        let nan = Ticks.linear(lower: .nan, upper: .infinity)
        #expect(nan.lower == 0 && nan.upper == 1)
    }

    @Test func randomRangesAlwaysGetNiceCoveringTicks() {
        var seed: UInt64 = 12345
        func next() -> Double { seed = seed &* 6364136223846793005 &+ 1442695040888963407; return Double(seed >> 11) / Double(1 << 53) }
        for _ in 0..<500 {
            let scale = pow(10, next() * 12 - 6)
            let a = (next() - 0.5) * scale, b = a + next() * scale + 1e-12
            let t = Ticks.linear(lower: a, upper: b, targetCount: 5)
            let step = t.values[1] - t.values[0]
            let mantissa = step / pow(10, floor(log10(step) + 1e-9))
            #expect([1.0, 2, 5, 10].contains { abs($0 - mantissa) < 1e-6 }, "step \(step) for \(a)...\(b)")
            #expect(t.lower <= a && t.upper >= b)
            #expect((3...11).contains(t.values.count), "\(t.values.count) ticks for \(a)...\(b)")
            #expect(Set(t.labels).count == t.labels.count, "labels \(t.labels) must differ")
        }
    }

    @Test func logTicksWithinOneDecadeAdd2And5() {
        let t = Ticks.logarithmic(lower: 0.2, upper: 0.8)
        #expect(close(t.values, [0.1, 0.2, 0.5, 1]))
        #expect(t.labels == ["0.1", "0.2", "0.5", "1"])
    }

    @Test func logTicksOverDecades() {
        let t = Ticks.logarithmic(lower: 0.003, upper: 42)
        #expect(close(t.values, [0.001, 0.01, 0.1, 1, 10, 100]))
        #expect(t.labels == ["0.001", "0.01", "0.1", "1", "10", "100"])
        let tiny = Ticks.logarithmic(lower: 2e-7, upper: 3e-5)
        #expect(tiny.labels == ["1e-7", "1e-6", "1e-5", "1e-4"])
    }

    @Test func manyDecadesAreThinned() {
        let t = Ticks.logarithmic(lower: 1e-12, upper: 1e8)
        #expect(t.values.count <= 11)
        #expect(t.lower <= 1e-12 && t.upper >= 1e8)
        let exponents = t.values.map { log10($0) }
        #expect(Set(zip(exponents.dropFirst(), exponents).map { ($0 - $1).rounded() }).count == 1)
    }
}
