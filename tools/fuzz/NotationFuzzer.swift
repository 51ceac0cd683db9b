// libFuzzer target for the model-notation parser, large numbers included: text → layers (sizes
// checked, the parameter count held to the memory budget before anything is allocated) → the shape
// walk and the summary table for the inferred or a fuzzed input shape. Every input must end in a
// model or a NeuralKitError: never a trap, a sanitizer report or more memory than the budget set
// here. Build and run with tools/fuzz/run.sh notation RUNS.
import Foundation

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    // An optional input shape before a '|' ("28,28,1|Conv2D(1, 8, 3) - Flatten()").
    let text = String(decoding: bytes, as: UTF8.self)
    var shape: [Int]? = nil
    var notation = text
    if let bar = text.firstIndex(of: "|") {
        shape = text[..<bar].split(separator: ",").compactMap { Int($0) }
        notation = String(text[text.index(after: bar)...])
    }
    MemoryBudget.$override.withValue(64 << 20) {
        var rng = RandomGenerator(seed: 1)
        guard let model = try? ModelNotation.parse(notation, inputShape: shape, using: &rng) else { return }
        _ = model.description
        if let sample = try? model.sampleShape(explicit: shape, hint: "fuzz") {
            _ = try? ModelSummary(model, sampleShape: sample).table()
            _ = try? model.stepMemory(sampleShape: sample, batch: 64)
        }
    }
    return 0
}
