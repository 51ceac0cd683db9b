// Tests of the model notation: parsing, round trips, keyword spellings and every error.

import Testing
import NeuralKit
import NKTestSupport

@Suite struct ModelNotationTests {
    func parse(_ text: String, inputShape: [Int]? = nil) throws -> Sequential {
        var rng = RandomGenerator(seed: 41)
        return try ModelNotation.parse(text, inputShape: inputShape, using: &rng)
    }

    func error(_ text: String, inputShape: [Int]? = nil) -> String? {
        TestSupport.errorMessage { _ = try parse(text, inputShape: inputShape) }
    }

    @Test(arguments: [
        "Linear(256, 100) - TanH() - Linear(100, 10) - Softmax()",
        "Linear(2, 8, bias=false) - LeakyReLU(alpha=0.1) - Linear(8, 3) - LogSoftmax()",
        "Linear(4, 4) - ELU(alpha=0.5) - Sigmoid() - ReLU() - Identity()",
        "TanH()",
    ])
    func roundTrip(spec: String) throws {
        let model = try parse(spec)
        #expect(ModelNotation.describe(model) == spec)
        #expect(ModelNotation.describe(try parse(ModelNotation.describe(model))) == spec)
    }

    @Test func keywordsAliasesAndCase() throws {
        let model = try parse("linear(in=256, out=100, bias=false) - tanh - Linear(input_size=100, output_size=10) - leakyrelu(0.2) - ELU(alpha=1.0)")
        #expect(model.description == "Linear(256, 100, bias=false) - TanH() - Linear(100, 10) - LeakyReLU(alpha=0.2) - ELU(alpha=1.0)")
        let linear = try #require(model.modules[2] as? Linear)
        #expect(linear.inputSize == 100 && linear.outputSize == 10 && linear.bias != nil)
        #expect(try parse("LeakyReLU(alpha=-0.5)").description == "LeakyReLU(alpha=-0.5)")
        #expect(try parse("Linear(out=3, in=2,)").description == "Linear(2, 3)")
        #expect(try parse("  Linear( 2 ,3 , True )-Sigmoid ( ) ").description == "Linear(2, 3) - Sigmoid()")
        #expect(try parse("LeakyReLU()").description == "LeakyReLU(alpha=0.01)")
    }

    @Test func unknownLayerPointsAtIt() {
        let message = error("Linear(2, 3) - Lineer(3, 1)")
        #expect(
            message == """
                model spec: unknown layer 'Lineer' at column 16 (did you mean Linear?); known layers: Linear, Identity, TanH, Sigmoid, ReLU, LeakyReLU, ELU, Softmax, LogSoftmax, Conv1D, ConvTranspose1D, DoubleConv1D, Conv2D, MaxPool1D, AvgPool1D, MaxPool2D, AvgPool2D, Flatten, Dropout, BatchNorm1D, BatchNorm2D, Reshape
                  Linear(2, 3) - Lineer(3, 1)
                                 ^
                """)
    }

    @Test func missingUnknownAndBadArguments() {
        #expect(error("Linear(256)")?.hasPrefix("model spec: Linear at column 1: missing argument 'out'; Linear takes (in, out, bias=…, std=…)\n") == true)
        #expect(error("Linear(2, 3, k_size=3)")?.contains("unknown keyword 'k_size'") == true)
        #expect(error("Linear(2, 3, k_size=3)")?.hasSuffix("\n               ^") == true)
        #expect(error("Linear(2, 1.5)")?.contains("'out' must be a positive integer, got '1.5'") == true)
        #expect(error("Linear(0, 3)")?.contains("'in' must be a positive integer, got '0'") == true)
        #expect(error("Linear(2, 3, maybe)")?.contains("'bias' must be true or false, got 'maybe'") == true)
        #expect(error("Linear(2, 3, true, 0.1, 4)")?.contains("too many arguments") == true)
        #expect(error("Linear(2, 3, std=-0.1)")?.contains("'std' must be a number ≥ 0, got '-0.1'") == true)
        #expect(error("Linear(in=2, 3)")?.contains("positional argument after a keyword argument") == true)
        #expect(error("Linear(2, in=3)")?.contains("argument 'in' given twice") == true)
        #expect(error("TanH(1)")?.contains("too many arguments; TanH takes no arguments") == true)
        #expect(error("ELU(alpha=fast)")?.contains("'alpha' must be a number, got 'fast'") == true)
    }

    @Test func syntaxErrors() {
        let bad = error("Linear(2x5, 3)")
        #expect(bad == "model spec: bad number '2x5' at column 8\n  Linear(2x5, 3)\n         ^")
        #expect(error("Linear(1.2.3, 3)")?.contains("bad number '1.2.3' at column 8") == true)
        #expect(error("Linear(2, 3) TanH()") == "model spec: unexpected 'TanH' at column 14; expected ' - ' between layers or the end of the spec\n  Linear(2, 3) TanH()\n               ^")
        #expect(error("Linear(2, 3) - ")?.contains("unexpected end of the spec at column 16; expected a layer name") == true)
        #expect(error("Linear(2, 3")?.contains("expected ',' or ')' in the arguments of Linear") == true)
        #expect(error("Linear(2; 3)")?.contains("unexpected character ';' at column 9") == true)
        #expect(error("") == "model spec: empty model spec; write layers joined by ' - ', e.g. 'Linear(2, 8) - TanH() - Linear(8, 1)'")
        #expect(error("   ")?.contains("empty model spec") == true)
    }

    @Test func chainedShapesAreCheckedAtBuildTime() {
        let message = error("Linear(256, 100) - TanH() - Linear(50, 10)")
        #expect(message?.hasPrefix("model spec: layer 2 (Linear(50, 10)) at column 29 cannot take the output (batch, 100) of layer 1 (TanH()): Linear(50, 10): expected input (batch, 50)") == true)
        #expect(message?.hasSuffix("\n" + String(repeating: " ", count: 2 + 28) + "^") == true)
        #expect(error("TanH() - Linear(3, 2)", inputShape: [1, 4])?.contains("layer 1 (Linear(3, 2)) at column 10 cannot take the output (batch, 4) of layer 0 (TanH())") == true)
        #expect(error("Linear(3, 2)", inputShape: [1, 4])?.contains("layer 0 (Linear(3, 2)) at column 1 cannot take the input shape (batch, 4)") == true)
        // An activation keeps its input's shape, so the first Linear fixes the width even after one.
        #expect(error("TanH() - Linear(3, 2) - Linear(7, 1)")?.contains("layer 2 (Linear(7, 1)) at column 25 cannot take the output (batch, 2) of layer 1 (Linear(3, 2))") == true)
        #expect(error("Conv1D(3, 1, 2) - Flatten() - Linear(7, 1)") == nil)  // any length fits a Conv1D: checked when it runs
        #expect((try? parse("Linear(3, 2)", inputShape: [1, 3])) != nil)
    }

    @Test func errorsAreSpecErrors() {
        do {
            _ = try parse("Foo()")
            Issue.record("no error")
        } catch let e as NeuralKitError {
            #expect(e.kind == .spec)
        } catch {
            Issue.record("wrong error type \(error)")
        }
    }

    /// `[group] * n` repeats layers (experiment E1's depth as one placeholder), with limits.
    @Test func bracketedGroupsRepeat() throws {
        var rng = RandomGenerator(seed: 0)
        let model = try ModelNotation.parse("Linear(784, 200) - Sigmoid() - [Linear(200, 200) - Sigmoid()] * 3 - Linear(200, 10)", using: &rng)
        #expect(model.modules.count == 9)
        #expect(ModelNotation.describe(model) == "Linear(784, 200) - Sigmoid() - Linear(200, 200) - Sigmoid() - Linear(200, 200) - Sigmoid() - Linear(200, 200) - Sigmoid() - Linear(200, 10)")
        #expect(try ModelNotation.parse("Linear(4, 4) - [ReLU()] * 0 - Linear(4, 2)", using: &rng).modules.count == 2)
        #expect(try ModelNotation.parse("[[Linear(3, 3) - TanH()] * 2 - Identity()] * 2", using: &rng).modules.count == 10)
        for bad in [
            "[Linear(2, 2)] * 100000", "[[[Linear(2, 2)] * 100] * 100] * 100", "[Linear(2, 2)]", "[Linear(2, 2) * 2", "[ReLU()] * 0",
            "[Linear(2, 2)] * -1", "[Linear(2, 2)] * x", String(repeating: "[", count: 40) + "ReLU()" + String(repeating: "] * 1", count: 40),
        ] {
            #expect(throws: NeuralKitError.self, "\(bad)") { try ModelNotation.parse(bad, using: &rng) }
        }
    }
}
