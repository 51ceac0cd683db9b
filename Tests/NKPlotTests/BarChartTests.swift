// Tests of bar charts: heights from the value axis, zero baseline, highlighted bar, errors.
import Foundation
import Testing
import NKCore
@testable import NKPlot

@Suite struct BarChartTests {
    @Test func barHeightsAreProportionalToValues() throws {
        let chart = BarChart(
            categories: ["a", "b", "c", "d"], values: [0.1, 0.6, 0.2, 0.1], highlighted: 1,
            y: Axis(label: "probability", limits: 0...1))
        let svg = try ParsedSVG(try chart.svg())
        let f = try #require(svg.first("rect", class: "frame"))
        let (top, h) = (f.number("y")!, f.number("height")!)
        let bars = svg.all("rect", class: "bar")
        #expect(bars.count == 4)
        for (bar, v) in zip(bars, [0.1, 0.6, 0.2, 0.1]) {
            #expect(abs(bar.number("height")! - v * h) <= 0.02)  // axis 0...1 (ticks 0, 0.2, …, 1)
            #expect(abs(bar.number("y")! + bar.number("height")! - (top + h)) <= 0.02)  // standing on 0
        }
        #expect(bars.map { $0["fill"] } == ["#0072b2", "#d55e00", "#0072b2", "#0072b2"])
        #expect(svg.all("text", class: "tick-label-x").map(\.text) == ["a", "b", "c", "d"])
        let centres = bars.map { $0.number("x")! + $0.number("width")! / 2 }
        let gaps = zip(centres.dropFirst(), centres).map { $0 - $1 }
        #expect(gaps.allSatisfy { abs($0 - f.number("width")! / 4) <= 0.02 })
    }

    @Test func negativeValuesHangBelowZero() throws {
        let svg = try ParsedSVG(try BarChart(categories: ["up", "down"], values: [2, -2]).svg())
        let bars = svg.all("rect", class: "bar")
        #expect(abs(bars[0].number("y")! + bars[0].number("height")! - bars[1].number("y")!) <= 0.01)
        #expect(abs(bars[0].number("height")! - bars[1].number("height")!) <= 0.01)
    }

    @Test func mismatchedCountsThrow() {
        #expect(throws: NeuralKitError.self) { try BarChart(categories: ["a"], values: [1, 2]).svg() }
    }
}
