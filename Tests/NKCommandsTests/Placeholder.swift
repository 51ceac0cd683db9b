// Placeholder until the NKCommands tests land.
import Testing
@Test func NKCommandsBuilds() { #expect(Bool(true)) }
