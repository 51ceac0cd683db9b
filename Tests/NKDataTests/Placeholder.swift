// Placeholder until the NKData tests land.
import Testing
@Test func NKDataBuilds() { #expect(Bool(true)) }
