// ResumeFile: `last.safetensors`, the checkpoint a run folder keeps after every epoch to resume from.

import Foundation
import NKCore
import NKData
import NKLayers
import NKTrain

/// The file `train --out DIR` rewrites (atomically) after every epoch, and `train --resume DIR`
/// continues from: a `RunCheckpoint` of the current weights (so `evaluate` reads it too) plus what
/// `Trainer` needs to go on exactly as if never interrupted:
///
/// - tensors `optimizer.<k>.<slot>`: the optimizer's per-parameter state (`Optimizer.state`);
/// - tensors `best.<j>`: the best epoch's parameters and buffers, with early stopping;
/// - tensor `batch_history`: the loss of every batch so far (`BatchLosses.tensor`);
/// - metadata `neuralkit_resume`: `TrainerState.Progress` as JSON (completed epochs, history,
///   optimizer step count, Dropout generators, divergence threshold, early-stopping bookkeeping).
public enum ResumeFile {
    /// The file's name inside a run folder.
    public static let name = "last.safetensors"
    static let progressKey = "neuralkit_resume"
    static let optimizerPrefix = "optimizer.", bestPrefix = "best.", batchHistoryName = "batch_history"

    /// Writes `network`'s weights and `state` to `path` atomically.
    public static func write(
        network: Sequential, state: TrainerState, specification: RunSpecification,
        preprocessing: FittedPreprocessing, batchLosses: BatchLosses? = nil, to path: String
    ) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        let progress = String(decoding: try encoder.encode(state.progress), as: UTF8.self)
        let extra =
            state.optimizerState.map { (name: optimizerPrefix + $0.name, tensor: $0.tensor) }
            + state.bestWeights.enumerated().map { (name: "\(bestPrefix)\($0.offset)", tensor: $0.element) }
            + (batchLosses.map { [(name: batchHistoryName, tensor: $0.tensor)] } ?? [])
        try RunCheckpoint.write(
            network, specification: specification, preprocessing: preprocessing,
            extraTensors: extra, extraMetadata: [progressKey: progress], to: path)
    }

    /// Reads `path`: the checkpoint of the weights, and the trainer state.
    /// - Throws: `NeuralKitError(.checkpoint, …)` naming the file when it is not a resumable checkpoint.
    public static func read(_ path: String) throws -> (checkpoint: RunCheckpoint, state: TrainerState) {
        let (tensors, metadata) = try Checkpoint.load(from: URL(fileURLWithPath: path))
        return try decode(tensors: tensors, metadata: metadata, path: path)
    }

    /// Parses the bytes of a resumable checkpoint (`read` without the file system; `path` names it
    /// in messages). The state is decoded, not yet checked against a run: `Trainer` validates it
    /// (`TrainerState.Progress.validate`) before resuming.
    /// - Throws: `NeuralKitError(.checkpoint, …)` naming `path` when it is not a resumable checkpoint.
    public static func decode(_ bytes: [UInt8], path: String) throws -> (checkpoint: RunCheckpoint, state: TrainerState) {
        let (tensors, metadata) = try Checkpoint.decode(bytes, file: path)
        return try decode(tensors: tensors, metadata: metadata, path: path)
    }

    /// The checkpoint and trainer state of parsed `tensors` and `metadata`.
    static func decode(tensors: [String: Tensor], metadata: [String: String], path: String) throws -> (checkpoint: RunCheckpoint, state: TrainerState) {
        guard let text = metadata[progressKey] else {
            throw NeuralKitError(.checkpoint, "Checkpoint '\(path)': it holds no training state (\(progressKey)); only a run folder's \(name) can be resumed.")
        }
        let decoder = JSONDecoder()
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        let progress: TrainerState.Progress
        do { progress = try decoder.decode(TrainerState.Progress.self, from: Data(text.utf8)) } catch {
            throw NeuralKitError(.checkpoint, "Checkpoint '\(path)': the training state is not valid (\(NeuralKitError.describe(error))).")
        }
        let checkpoint = try RunCheckpoint(path: path, tensors: tensors, metadata: metadata)
        var optimizer: [(name: String, tensor: Tensor)] = [], best: [(Int, Tensor)] = []
        for (name, tensor) in checkpoint.extras {
            if name.hasPrefix(optimizerPrefix) {
                optimizer.append((String(name.dropFirst(optimizerPrefix.count)), tensor))
            } else if name.hasPrefix(bestPrefix), let j = Int(name.dropFirst(bestPrefix.count)) {
                best.append((j, tensor))
            }
        }
        best.sort { $0.0 < $1.0 }
        guard best.enumerated().allSatisfy({ $0.offset == $0.element.0 }) else {
            throw NeuralKitError(.checkpoint, "Checkpoint '\(path)': the best-epoch tensors are not numbered 0, 1, 2, …")
        }
        return (checkpoint, TrainerState(progress: progress, optimizerState: optimizer, bestWeights: best.map(\.1)))
    }

    /// The batch losses a resume file keeps (empty in a file written before it kept them).
    /// - Throws: `NeuralKitError(.checkpoint, …)` when they do not cover exactly the completed epochs.
    public static func batchLosses(in checkpoint: RunCheckpoint, epochsDone: Int) throws -> BatchLosses {
        guard let tensor = checkpoint.extras[batchHistoryName] else { return BatchLosses() }
        return try BatchLosses(restoring: tensor, epochsDone: epochsDone, path: checkpoint.path)
    }
}
