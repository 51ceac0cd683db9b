// The progress hooks of the long analyses: every t-SNE iteration and every k-means restart is
// reported once, in order, and the hooks change nothing in the results.

import Foundation
import Synchronization
import Testing
@testable import NKCore
@testable import NKAnalysis

@Suite struct ProgressCallbackTests {
    @Test func tsneReportsEachIterationAndGivesTheSameEmbedding() throws {
        let data = TSNETests.randomData(n: 60, d: 5, seed: 3)
        let seen = Mutex<[Int]>([])
        var tsne = TSNE(perplexity: 10, iterations: 40, exaggerationIterations: 10, method: .barnesHut, seed: 1)
        tsne.onIteration = { done, total in
            #expect(total == 40)
            seen.withLock { $0.append(done) }
        }
        let reported = try tsne.fit(data)
        #expect(seen.withLock { $0 } == Array(1...40))
        tsne.onIteration = nil
        #expect(try tsne.fit(data).embedding == reported.embedding)
    }

    @Test func kMeansReportsEachRestartOnceWhateverTheThreads() throws {
        let (data, _) = AnalysisTestSupport.blobs(
            centres: AnalysisTestSupport.randomCentres(3, dimension: 4, scale: 5, seed: 2),
            perCluster: 30, spread: 0.5, seed: 4)
        for threads in [1, 2] {
            let saved = Parallelism.threadCount
            Parallelism.threadCount = threads
            defer { Parallelism.threadCount = saved }
            let counts = Mutex<[Int]>([])
            var kMeans = KMeans(clusters: 3, restarts: 7, seed: 0)
            kMeans.onRestartDone = { done, total in
                #expect(total == 7)
                counts.withLock { $0.append(done) }
            }
            let result = try kMeans.fit(data)
            #expect(counts.withLock { $0 } == Array(1...7))
            kMeans.onRestartDone = nil
            #expect(try kMeans.fit(data).inertia == result.inertia)
        }
    }
}
