// Tests of the conv layers in the model notation: the report forms, round trips, and chain shape errors.

import Testing
import NeuralKit
import NKTestSupport

@Suite struct ConvNotationTests {
    static let w3 = "Conv1D(k_size=3, chan_in=1, chan_out=32, stride=1) - MaxPool1D(k_size=2, stride=2) - Flatten() - Linear(4064, 100) - ReLU() - Linear(100, 10)"

    @Test func reportFormsParseAndRoundTrip() throws {
        var rng = RandomGenerator(seed: 51)
        let specs = [
            Self.w3,
            "Reshape(28, 28, 1) - Conv2D(1, 32, 5) - ReLU() - MaxPool2D(2) - Flatten() - Linear(4608, 10)",
            "Conv2D(in=1, out=32, kernel=5, stride=1, padding=0) - AvgPool2D(k=2, stride=1)",
            "AvgPool1D(k_size=3, stride=2) - ConvTranspose1D(k_size=2, chan_in=1, chan_out=4, stride=2)",
            "DoubleConv1D(k_size=3, chan_in=1, chan_out=4, side=16) - Linear(1792, 10)",
        ]
        for spec in specs {
            let model = try ModelNotation.parse(spec, using: &rng)
            let again = try ModelNotation.parse(ModelNotation.describe(model), using: &rng)
            #expect(ModelNotation.describe(again) == ModelNotation.describe(model))
            #expect(again.parameters.map(\.value.shape) == model.parameters.map(\.value.shape))
        }
        #expect(try ModelNotation.parse(specs[4], inputShape: [1, 256], using: &rng).outputShape(for: [5, 256]) == [5, 10])
        let mnist = try ModelNotation.parse(specs[1], using: &rng)
        #expect(ModelNotation.describe(mnist) == "Reshape(28, 28, 1) - Conv2D(in=1, out=32, kernel=5, stride=1, padding=0) - ReLU() - MaxPool2D(k=2, stride=2) - Flatten() - Linear(4608, 10)")
        #expect(try mnist.outputShape(for: [3, 784]) == [3, 10])
        let w3 = try ModelNotation.parse(Self.w3, inputShape: [1, 256, 1], using: &rng)
        #expect(ModelNotation.describe(w3) == Self.w3)
        #expect(try w3.forward(Tensor(zeros: [2, 256, 1])).shape == [2, 10])
    }

    @Test func wrongSizeInAChainNamesTheLayerAndBothShapes() throws {
        var rng = RandomGenerator(seed: 52)
        let bad = Self.w3.replacingOccurrences(of: "4064", with: "4000")
        let message = TestSupport.errorMessage { _ = try ModelNotation.parse(bad, inputShape: [1, 256, 1], using: &rng) }
        #expect(message?.contains("Linear(4000, 100)") == true, "\(message ?? "no error")")
        #expect(message?.contains("(batch, 4064)") == true && message?.contains("(batch, 4000)") == true, "\(message ?? "")")
        // A Reshape first fixes the input shape without being told.
        let m2 = TestSupport.errorMessage { _ = try ModelNotation.parse("Reshape(28, 28, 1) - Conv2D(3, 8, 5)", using: &rng) }
        #expect(m2?.contains("Conv2D(in=3") == true && m2?.contains("(batch, 28, 28, 1)") == true, "\(m2 ?? "no error")")
        #expect(TestSupport.errorMessage { _ = try ModelNotation.parse("MaxPool2D(0)", using: &rng) } != nil)
        #expect(TestSupport.errorMessage { _ = try ModelNotation.parse("Conv2D(1, 2, 3, padding=-1)", using: &rng) } != nil)
    }
}

private extension String {
    func replacingOccurrences(of a: String, with b: String) -> String { split(separator: a, omittingEmptySubsequences: false).joined(separator: b) }
}
