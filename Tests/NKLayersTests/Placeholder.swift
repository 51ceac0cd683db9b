// Placeholder until the NKLayers tests land.
import Testing
@Test func NKLayersBuilds() { #expect(Bool(true)) }
