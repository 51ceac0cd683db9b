// Tests of SweepPlan: the order of trials, shards that cover the grid exactly once, parse errors.

import Testing
import NeuralKit
import NKTestSupport

@Suite struct SweepPlanTests {
    @Test func trialsComeInAFixedOrderWithSeedsInnermost() throws {
        let plan = try SweepPlan(grids: ["h=5,10", "lr=0.1,0.01,0.001"], seedCount: 2)
        let trials = plan.trials
        #expect(trials.count == 12)
        #expect(trials.map(\.index) == Array(0..<12))
        #expect(trials[0].values == ["5", "0.1"] && trials[0].seed == 0)
        #expect(trials[1].values == ["5", "0.1"] && trials[1].seed == 1)
        #expect(trials[2].values == ["5", "0.01"])
        #expect(trials[11].values == ["10", "0.001"] && trials[11].seed == 1)
        #expect(trials[7].folder == "trial-0007")
    }

    /// The union of all shards is the whole grid, with no trial twice, for any shard count.
    @Test func shardsCoverTheGridExactlyOnce() throws {
        let plan = try SweepPlan(grids: ["a=1,2,3", "b=x,y"], seedCount: 3)
        for count in 1...20 {
            let union = (0..<count).flatMap { plan.trials(shard: $0, of: count) }.map(\.index)
            #expect(union.sorted() == Array(0..<18), "\(count) shards")
            #expect(Set(union).count == union.count)
        }
        #expect(try SweepPlan.parseShard("2/3") == (2, 3))
        for bad in ["3/3", "-1/3", "1/0", "1", "a/b", "1/2/3"] {
            #expect(throws: NeuralKitError.self, "\(bad)") { try SweepPlan.parseShard(bad) }
        }
    }

    @Test func malformedGridsAreNamed() {
        for bad in ["h", "=1,2", "h=", "h=1,,2", "h x=1", "lr=0.1"] {
            let grids = bad == "lr=0.1" ? ["lr=0.1", "lr=0.2"] : [bad]
            #expect(throws: NeuralKitError.self, "\(bad)") { try SweepPlan(grids: grids, seedCount: 1) }
        }
        #expect(throws: NeuralKitError.self) { try SweepPlan(grids: ["h=1"], seedCount: 0) }
        #expect(throws: NeuralKitError.self) {
            try SweepPlan(grids: ["a=" + (0..<400).map(String.init).joined(separator: ","), "b=" + (0..<400).map(String.init).joined(separator: ",")], seedCount: 1)
        }
    }
}
