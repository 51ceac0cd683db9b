// Placeholder until the NKTrain tests land.
import Testing
@Test func NKTrainBuilds() { #expect(Bool(true)) }
