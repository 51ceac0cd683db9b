// Tests of the metrics on hand-computed contingency tables, degenerate labelings included.

import Foundation
import Testing
import NKCore
@testable import NKAnalysis

@Suite struct MetricsTests {
    func close(_ a: Double, _ b: Double, _ tol: Double = 1e-12) -> Bool { abs(a - b) <= tol }

    @Test func contingencyTable() throws {
        let t = try ContingencyTable(truth: [3, 3, 1, 1, 1], predicted: [9, 2, 2, 2, 9])
        #expect(t.classes == [1, 3] && t.clusters == [2, 9])
        #expect(t.counts == [[2, 1], [1, 1]] && t.total == 5)
        #expect(t.classSizes == [3, 2] && t.clusterSizes == [3, 2])
        #expect(throws: NeuralKitError.self) { try ContingencyTable(truth: [1], predicted: []) }
    }

    // truth  = [0,0,0,1,1,1], predicted = [0,0,1,1,2,2]; table [[2,1,0],[0,1,2]].
    // Σ C(nij,2) = 1 + 1 = 2; A = 3 + 3 = 6; B = 1 + 1 + 1 = 3; C(6,2) = 15; E = 18/15 = 1.2;
    // ARI = (2 - 1.2) / (4.5 - 1.2) = 0.8 / 3.3.
    // MI = Σ nij/n log(n nij/(ai bj)): (2/6)log(12/6)·2 + (1/6)log(6/6)·2 = (2/3) ln 2;
    // H(U) = ln 2, H(V) = ln 3; NMI = (2/3 ln2) / ((ln2 + ln3)/2).
    @Test func handComputedTable() throws {
        let t = try ContingencyTable(truth: [0, 0, 0, 1, 1, 1], predicted: [0, 0, 1, 1, 2, 2])
        #expect(close(ClusteringMetrics.adjustedRandIndex(t), 0.8 / 3.3))
        let nmi = (2.0 / 3 * log(2.0)) / ((log(2.0) + log(3.0)) / 2)
        #expect(close(ClusteringMetrics.normalizedMutualInformation(t), nmi))
        #expect(close(ClusteringMetrics.purity(t), 5.0 / 6))
        // Best one-to-one map: cluster 0 -> class 0 (2), cluster 2 -> class 1 (2): 4/6.
        #expect(close(ClusteringMetrics.clusterAccuracy(t), 4.0 / 6))
        let rows = ClusteringMetrics.clusterPurities(t)
        #expect(rows.map(\.size) == [2, 2, 2] && rows.map(\.majorityClass) == [0, 0, 1])
        #expect(rows.map(\.purity) == [1, 0.5, 1])
    }

    @Test func degenerateLabelings() throws {
        let labels = [0, 1, 2, 3, 4]
        let one = [Int](repeating: 7, count: 5)
        // Identical labelings (even renamed) are perfect.
        let same = try ContingencyTable(truth: [0, 0, 1, 2, 2], predicted: [5, 5, 3, 1, 1])
        #expect(close(ClusteringMetrics.adjustedRandIndex(same), 1))
        #expect(close(ClusteringMetrics.normalizedMutualInformation(same), 1))
        #expect(ClusteringMetrics.clusterAccuracy(same) == 1 && ClusteringMetrics.purity(same) == 1)
        // One cluster on both sides, all singletons on both sides: 1 (sklearn's convention).
        let bothOne = try ContingencyTable(truth: one, predicted: one)
        #expect(ClusteringMetrics.adjustedRandIndex(bothOne) == 1 && ClusteringMetrics.normalizedMutualInformation(bothOne) == 1)
        let bothSingletons = try ContingencyTable(truth: labels, predicted: labels.reversed())
        #expect(ClusteringMetrics.adjustedRandIndex(bothSingletons) == 1)
        #expect(close(ClusteringMetrics.normalizedMutualInformation(bothSingletons), 1))
        // One class against all singletons: no agreement beyond chance.
        let oneVsSingletons = try ContingencyTable(truth: one, predicted: labels)
        #expect(ClusteringMetrics.adjustedRandIndex(oneVsSingletons) == 0)
        #expect(ClusteringMetrics.normalizedMutualInformation(oneVsSingletons) == 0)
        #expect(ClusteringMetrics.purity(oneVsSingletons) == 1)
        #expect(close(ClusteringMetrics.clusterAccuracy(oneVsSingletons), 0.2))
        // Five classes in one cluster: purity is the largest class share.
        let singletonsVsOne = try ContingencyTable(truth: labels, predicted: one)
        #expect(close(ClusteringMetrics.purity(singletonsVsOne), 0.2))
        #expect(ClusteringMetrics.adjustedRandIndex(singletonsVsOne) == 0)
    }

    // Independent-looking table with a negative ARI: [[1,1],[1,1]] -> index 0, A = B = 2, E = 4/6,
    // ARI = (0 - 2/3) / (2 - 2/3) = -0.5.
    @Test func negativeAdjustedRandIndex() throws {
        let t = try ContingencyTable(counts: [[1, 1], [1, 1]])
        #expect(close(ClusteringMetrics.adjustedRandIndex(t), -0.5))
        #expect(ClusteringMetrics.normalizedMutualInformation(t) == 0)
    }

    @Test func hungarianFindsTheOptimum() {
        #expect(Hungarian.assign(cost: [[4, 1], [2, 3]]) == [1, 0])
        // 3x3 with a unique optimum 1 + 2 + 3 (rows -> 2, 0, 1) among all 6 permutations.
        let cost: [[Double]] = [[9, 8, 1], [2, 7, 9], [8, 3, 9]]
        #expect(Hungarian.assign(cost: cost) == [2, 0, 1])
        // Brute force on random 5x5 matrices.
        var rng = RandomGenerator(seed: 3)
        for _ in 0..<20 {
            let c = (0..<5).map { _ in (0..<5).map { _ in Double(Int(rng.nextUnitDouble() * 100)) } }
            let a = Hungarian.assign(cost: c).map { $0! }
            let got = a.enumerated().reduce(0.0) { $0 + c[$1.offset][$1.element] }
            #expect(got == permutations([0, 1, 2, 3, 4]).map { p in p.enumerated().reduce(0.0) { $0 + c[$1.offset][$1.element] } }.min()!)
        }
        // More rows than columns: two rows stay unassigned, the others take the cheap cells.
        let tall = Hungarian.assign(cost: [[5, 5], [0, 9], [9, 9], [9, 0]])
        #expect(tall == [nil, 0, nil, 1])
    }

    func permutations(_ xs: [Int]) -> [[Int]] {
        guard xs.count > 1 else { return [xs] }
        return xs.indices.flatMap { i in
            var rest = xs; let x = rest.remove(at: i)
            return permutations(rest).map { [x] + $0 }
        }
    }

    // truth [0,0,1,1,2], predicted [0,1,1,1,0]: confusion [[1,1,0],[0,2,0],[1,0,0]].
    @Test func classificationScores() throws {
        let truth = [0, 0, 1, 1, 2], predicted = [0, 1, 1, 1, 0]
        #expect(try ClassificationMetrics.accuracy(truth: truth, predicted: predicted) == 0.6)
        #expect(try ClassificationMetrics.confusionMatrix(truth: truth, predicted: predicted, classCount: 3) == [[1, 1, 0], [0, 2, 0], [1, 0, 0]])
        let s = try ClassificationMetrics.classScores(truth: truth, predicted: predicted, classCount: 3)
        #expect(s[0].precision == 0.5 && s[0].recall == 0.5 && s[0].f1 == 0.5 && s[0].support == 2)
        #expect(close(s[1].precision, 2.0 / 3) && s[1].recall == 1 && close(s[1].f1, 0.8))
        #expect(s[2].precision == 0 && s[2].recall == 0 && s[2].f1 == 0 && s[2].support == 1)
        #expect(throws: NeuralKitError.self) { try ClassificationMetrics.confusionMatrix(truth: [3], predicted: [0], classCount: 3) }
    }

    @Test func neighborPreservation() throws {
        // Points on a line; scaling keeps every neighbourhood, a permutation destroys most.
        let x = Tensor(shape: [8, 1], scalars: [0, 1, 3, 6, 10, 15, 21, 28])
        let scaled = Tensor(shape: [8, 2], scalars: x.scalars.flatMap { [2 * $0, -$0] })
        #expect(try NeighborPreservation.fraction(original: x, embedding: scaled, k: 2) == 1)
        let shuffled = Tensor(shape: [8, 1], scalars: [28, 0, 21, 1, 15, 3, 10, 6])
        #expect(try NeighborPreservation.fraction(original: x, embedding: shuffled, k: 2) < 0.5)
        #expect(throws: NeuralKitError.self) { try NeighborPreservation.fraction(original: x, embedding: scaled, k: 8) }
    }
}
