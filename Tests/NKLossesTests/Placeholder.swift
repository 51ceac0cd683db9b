// Placeholder until the NKLosses tests land.
import Testing
@Test func NKLossesBuilds() { #expect(Bool(true)) }
