// ModelNotation: builds a Sequential from a one-line spec, and prints one back.

import NKCore

/// The one-line model notation: layers joined by ` - `, each written as it prints itself.
///
/// ```
/// Linear(256, 100) - TanH() - Linear(100, 10) - Softmax()
/// Linear(in=2, out=8, bias=false) - LeakyReLU(alpha=0.1) - Linear(input_size=8, output_size=1)
/// ```
///
/// - Arguments are positional or keyword (`in`/`input_size`, `out`/`output_size`, `bias`, `alpha`);
///   layer names ignore case (`Tanh` is `TanH`); `TanH` without parentheses means `TanH()`.
/// - Shapes are checked while building: when a layer fixes the input width (`Sequential.inferredSampleShape`),
///   or when an input shape is given, every layer must accept the previous one's output.
/// - Errors (`NeuralKitError` of kind `.spec`) name the problem and its column, then repeat the
///   spec with a caret under that column.
/// - `describe(parse(s))` is `s` in canonical form, and `parse(describe(m))` rebuilds `m`'s
///   architecture (with fresh parameters).
public enum ModelNotation {
    /// The layer names the notation knows, in their canonical spelling.
    public static var knownLayers: [String] { ModelNotationLayer.all.map(\.name) }

    /// Builds the model `text` describes, drawing initial parameters from `rng`.
    public static func parse(_ text: String, using rng: inout RandomGenerator) throws -> Sequential {
        try parse(text, inputShape: nil, using: &rng)
    }

    /// Builds the model `text` describes and checks that it accepts inputs of `inputShape`
    /// (batch included, e.g. `[1, 784]`); with `nil`, the shape is `Sequential.inferredSampleShape` (a leading `Linear` or `Reshape`, possibly after activations), and nothing is checked when no layer fixes it.
    public static func parse(_ text: String, inputShape: [Int]?, using rng: inout RandomGenerator) throws -> Sequential {
        var parser = ModelNotationParser(text)
        let calls = try parser.parse()
        var layers: [(ModelNotationLayer, ModelNotationLayer.Arguments)] = []
        var parameterCount = 0
        for call in calls {
            guard let layer = ModelNotationLayer.named(call.name) else {
                throw error(
                    "unknown layer '\(call.name)' at column \(call.column)\(Spelling.suggestion(for: call.name, among: knownLayers).map { " (did you mean \($0)?)" } ?? ""); known layers: \(knownLayers.joined(separator: ", "))",
                    spec: text, column: call.column)
            }
            let arguments = try layer.arguments(for: call, spec: text)
            do {
                if layer.name == "Reshape" {
                    _ = try Shape.count(arguments.values.values.compactMap { if case .int(let v) = $0, v > 0 { v } else { nil } }, what: "Reshape")
                }
                for shape in layer.parameterShapes(arguments) {
                    parameterCount = try Shape.sum(parameterCount, try Shape.count(shape, what: "\(layer.name)'s parameters"), what: "the parameter count")
                }
            } catch let e as NeuralKitError {
                throw error("\(layer.name) at column \(call.column): \(e.message)", spec: text, column: call.column)
            }
            layers.append((layer, arguments))
        }
        // Values and gradients, 4 bytes each: checked before a single parameter is drawn.
        try MemoryBudget.check(
            try MemoryBudget.bytes(elements: [parameterCount, 2], what: "the model's parameters"),
            for: "The model's \(parameterCount) parameters (values and gradients)")
        let modules = layers.map { layer, arguments in layer.make(arguments, &rng) }
        let model = Sequential(modules)
        guard let shape = inputShape ?? model.inferredSampleShape.map({ [1] + $0 }) else { return model }
        if let failure = Sequential.walkShapes(modules, input: shape).failure {
            let i = failure.index, column = calls[i].column
            let source =
                i == 0
                ? "the input shape \(LayerSupport.describeBatched(failure.inputShape))"
                : "the output \(LayerSupport.describeBatched(failure.inputShape)) of layer \(i - 1) (\(modules[i - 1]))"
            throw error(
                "layer \(i) (\(modules[i])) at column \(column) cannot take \(source): \(failure.error.message)",
                spec: text, column: column)
        }
        return model
    }

    /// The spec of `model`: its children's descriptions joined by ` - `.
    public static func describe(_ model: Sequential) -> String { model.description }

    /// A `.spec` error: `message`, then the spec and a caret under `column` (1-based).
    static func error(_ message: String, spec: String, column: Int?) -> NeuralKitError {
        var shown = String(spec.map { $0.isNewline || $0 == "\t" ? " " : $0 })
        guard var column else { return NeuralKitError(.spec, "model spec: \(message)") }
        if shown.count > 120 {  // a window of the spec around the column, not a whole huge one
            let start = max(0, min(column - 60, shown.count - 120))
            shown = (start > 0 ? "…" : "") + String(shown.dropFirst(start).prefix(120)) + (start + 120 < shown.count ? "…" : "")
            column -= start - (start > 0 ? 1 : 0)
        }
        return NeuralKitError(.spec, "model spec: \(message)\n  \(shown)\n  \(String(repeating: " ", count: max(column - 1, 0)))^")
    }
}
