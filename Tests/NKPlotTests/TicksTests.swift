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
        let t = Ticks.linear(lower: -13, upper: 9, targetCount: 5)  // raw step 4.4 -> 5
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
        let t = Ticks.linear(lower: 1, upper: 10, targetCount: 5)  // raw 1.8 -> 2
        #expect(close(t.values, [0, 2, 4, 6, 8, 10]))
    }

    @Test func smallValuesKeepTheirDecimals() {
        let t = Ticks.linear(lower: 0.0012, upper: 0.0048, targetCount: 4)  // raw 0.0009 -> 0.001
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
        let t = Ticks.logarithmic(lower: 0.15, upper: 0.8)
        #expect(close(t.values, [0.2, 0.5]) == false)  // two ticks are too few: multiples 1, 1.5, 2…9 instead
        #expect(close(t.values, [0.15, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8]))
        #expect(t.labels == ["0.15", "0.20", "0.30", "0.40", "0.50", "0.60", "0.70", "0.80"])
        let wide = Ticks.logarithmic(lower: 0.15, upper: 3)
        #expect(close(wide.values, [0.1, 0.2, 0.5, 1, 2, 5]))
        #expect(wide.labels == ["0.1", "0.2", "0.5", "1", "2", "5"])
        // The domain runs from the tick below the data to the tick above it, not to whole decades.
        #expect(close([wide.lower, wide.upper], [0.1, 5]))
    }

    /// The lowest label is at or below the smallest value, the highest at or above the largest: a
    /// loss falling to 0.11 was labelled from 0.15 up, leaving its lowest part unreadable.
    @Test func logTicksReachPastTheData() {
        let t = Ticks.logarithmic(lower: 0.11, upper: 0.7)
        #expect(t.values.first! <= 0.11 && t.values.last! >= 0.7)
        #expect(t.labels.first == "0.10" && t.lower <= 0.1 + 1e-12)
        for (lo, hi) in [(0.003, 42.0), (83, 108), (2e-7, 3e-5), (0.011, 2.3), (0.0411, 0.0523)] {
            let ticks = Ticks.logarithmic(lower: lo, upper: hi)
            #expect(ticks.values.first! <= lo * (1 + 1e-9) && ticks.values.last! >= hi * (1 - 1e-9), "\(lo)...\(hi): \(ticks.values)")
        }
    }

    @Test func aNarrowLogRangeGetsTicksInsideIt() {
        // An autoencoder's loss going from 108 to 83: whole decades would show it as flat on 10–1000.
        let t = Ticks.logarithmic(lower: 83, upper: 108)
        #expect(t.values.count >= 3)
        #expect(t.values.allSatisfy { $0 >= t.lower && $0 <= t.upper })
        #expect(t.lower > 75 && t.upper < 120)
        #expect(close(t.values, [90, 100]) == false)
        #expect(t.labels.allSatisfy { Double($0) != nil })
    }

    @Test func logTicksOverDecades() {
        let t = Ticks.logarithmic(lower: 0.003, upper: 42)
        // Decades inside, and at each end the nearest 1-2-5 tick beyond the data, not a whole decade.
        #expect(close(t.values, [0.002, 0.01, 0.1, 1, 10, 50]))
        #expect(t.labels == ["0.002", "0.01", "0.1", "1", "10", "50"])
        let tiny = Ticks.logarithmic(lower: 2e-7, upper: 3e-5)
        // 1-2-5 steps, each labelled with its own mantissa and exponent (5e−7 once came out as "1e−6").
        #expect(tiny.labels == ["2e\u{2212}7", "5e\u{2212}7", "1e\u{2212}6", "2e\u{2212}6", "5e\u{2212}6", "1e\u{2212}5", "2e\u{2212}5", "5e\u{2212}5"])
        #expect(tiny.labels.allSatisfy { !$0.contains("-") })
    }

    @Test func manyDecadesAreThinned() {
        let t = Ticks.logarithmic(lower: 1e-12, upper: 1e8)
        #expect(t.values.count <= 11 && t.values.count >= 3)
        #expect(t.lower <= 1e-12 && t.upper >= 1e8)
        let exponents = t.values.map { log10($0) }
        #expect(Set(zip(exponents.dropFirst(), exponents).map { ($0 - $1).rounded() }).count == 1)
    }

    @Test func negativeLabelsUseTheMinusSign() {
        let t = Ticks.linear(lower: -13, upper: 9, targetCount: 5)
        #expect(t.labels.first == "\u{2212}15")
        #expect(t.labels.allSatisfy { !$0.contains("-") })
    }

    @Test func epochAxesTickOnWholeNumbers() {
        let short = Axis(label: "epoch", integer: true)
        let t = try! short.ticks(dataLower: 1, dataUpper: 3, what: "test")
        #expect(t.values.allSatisfy { $0 == $0.rounded() })
        #expect(t.values.count >= 2)
        let one = try! short.ticks(dataLower: 1, dataUpper: 1, what: "test")
        #expect(one.values.allSatisfy { $0 == $0.rounded() } && one.lower < 1 && one.upper > 1)
        // Without the flag the same range gets half steps.
        #expect(try! Axis().ticks(dataLower: 1, dataUpper: 3, what: "test").values.contains(1.5))
    }

    @Test func boundedAxesZoomToTheDataButStopAtTheBounds() {
        let acc = Axis(label: "accuracy", bounds: 0...1)
        let t = try! acc.ticks(dataLower: 0.912, dataUpper: 0.995, what: "test")
        #expect(t.lower >= 0.88 && t.upper == 1)
        #expect(t.values.allSatisfy { $0 <= 1 })
        let full = Axis(label: "accuracy", limits: 0...1)
        #expect(try! full.ticks(dataLower: 0.912, dataUpper: 0.995, what: "test").lower == 0)
    }
}
