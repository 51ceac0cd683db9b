// Tests of RankAgreement: the fingerprint that data-parallel ranks compare before training.

import NKTestSupport
import NeuralKit
import Testing

@Suite struct RankAgreementTests {
    @Test func theFingerprintChangesWithAnyOptionAndNotOtherwise() throws {
        let spec = ResumeTests.spec(csv: "data.csv", epochs: 4)
        var other = spec
        other.training.learningRate = 0.02
        #expect(try RankAgreement.fingerprint(spec) == RankAgreement.fingerprint(ResumeTests.spec(csv: "data.csv", epochs: 4)))
        #expect(try RankAgreement.fingerprint(spec) != RankAgreement.fingerprint(other))
        #expect(try RankAgreement.fingerprint(spec) != RankAgreement.fingerprint(ResumeTests.spec(csv: "data.csv", epochs: 5)))
        #expect(try RankAgreement.fingerprint(spec).count == 64)
        try RankAgreement.check(spec, group: SingleProcess())  // one rank always agrees with itself
    }
}
