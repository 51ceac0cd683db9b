// libFuzzer target for the checkpoint loader: bytes → safetensors header and data → metadata JSON
// (run specification, fitted preprocessing) → the recorded model notation → the weights copied in;
// and the same bytes as a resumable checkpoint (`last.safetensors`): the trainer state from the
// `neuralkit_resume` metadata and the batch history, validated as `train --resume` does before it continues.
// Every input must end in a value or a NeuralKitError: never a trap, a sanitizer report or more
// memory than the budget set here. Build and run with tools/fuzz/run.sh checkpoint RUNS.
import Foundation

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    MemoryBudget.$override.withValue(64 << 20) {
        if let (checkpoint, state) = try? ResumeFile.decode(bytes, path: "fuzz.safetensors") {
            // The total a resumed run may reach: the recorded one, or any larger.
            for epochs in [state.progress.epochsDone, state.progress.epochsDone &+ 1, Int.max] {
                _ = try? state.progress.validate(epochs: epochs)
            }
            // The batch losses it keeps, checked against the epochs it says it did.
            _ = try? ResumeFile.batchLosses(in: checkpoint, epochsDone: state.progress.epochsDone)
        }
        guard let checkpoint = try? RunCheckpoint.decode(bytes, path: "fuzz.safetensors") else { return }
        guard let model = try? checkpoint.recordedModel(seed: 0) else { return }
        _ = try? checkpoint.loadWeights(into: model)
        if let shape = model.inferredSampleShape { _ = try? ModelSummary(model, sampleShape: shape) }
    }
    return 0
}
