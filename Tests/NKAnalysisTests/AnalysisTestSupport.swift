// Helpers for the analysis tests: seeded Gaussian blobs and the real-data folder (NKTestSupport's).

import Foundation
import NKCore
import NKData
import NKTestSupport

enum AnalysisTestSupport {
    /// `perCluster` points around each of `centres` (rows of length d) with standard deviation `spread`;
    /// returns the points `(n, d)` and their true cluster labels.
    static func blobs(centres: [[Float]], perCluster: Int, spread: Float, seed: UInt64) -> (Tensor, [Int]) {
        var rng = RandomGenerator(seed: seed)
        let d = centres[0].count
        var scalars: [Float] = [], labels: [Int] = []
        for i in 0..<(centres.count * perCluster) {
            let c = i % centres.count
            labels.append(c)
            for j in 0..<d { scalars.append(centres[c][j] + spread * Float(rng.nextNormal())) }
        }
        return (Tensor(shape: [labels.count, d], scalars: scalars), labels)
    }

    /// `count` random centres in `d` dimensions, uniform in [-scale, scale].
    static func randomCentres(_ count: Int, dimension d: Int, scale: Float, seed: UInt64) -> [[Float]] {
        var rng = RandomGenerator(seed: seed)
        return (0..<count).map { _ in (0..<d).map { _ in scale * (2 * rng.nextUnitFloat() - 1) } }
    }

    /// The real-data folder (`SharedData.directory`).
    static var sharedData: URL { SharedData.directory }

    /// True when every file of the dataset is present.
    static func has(_ name: String) -> Bool { SharedData.has(name) }
}
