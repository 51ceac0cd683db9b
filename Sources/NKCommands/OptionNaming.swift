// OptionNaming: a library error about a specification field, told as the option that carried it.

import ArgumentParser
import NeuralKit

/// The options that carry each specification field (the same option in every command).
let optionOfField: [String: String] = [
    "momentum": "--momentum", "betas": "--betas", "eps": "--eps", "weightDecay": "--weight-decay", "schedule": "--schedule",
    "warmupEpochs": "--warmup", "clipGradientNorm": "--clip-grad-norm", "earlyStoppingPatience": "--early-stopping",
    "batchSize": "--batch-size", "epochs": "--epochs", "learningRate": "--lr", "k": "--cd-k",
    "validationFraction": "--validation-fraction", "limit": "--limit", "testLimit": "--test-limit",
    "runs": "--runs", "threads": "--threads", "workloads": "--only", "count": "--count", "steps": "--steps", "every": "--every",
    "hidden": "--hidden", "seedCount": "--seeds", "grids": "--grid", "trials": "--trials", "search.samples": "--sample", "shard": "--shard",
    "metric": "--metric", "sweepFolder": "--out", "initialWeights": "--pretrain/--init", "reconstruct": "--reconstruct", "layer": "--layer",
    "data": "--data", "samples": "--samples", "targetColumns": "--targets", "runFolder": "--out", "resumeFolder": "--resume", "split": "--split", "loss": "--loss", "model": "--model",
    "lrFinder.range": "--start/--end", "lrFinder.batches": "--batches", "augment": "--augment",
]

/// `error` with the option that carried its field in front (`--lr: Training: the learning rate …`),
/// or unchanged when it names no field.
func withOption(_ error: NeuralKitError) -> NeuralKitError {
    guard let field = error.field, let option = optionOfField[field] else { return error }
    return NeuralKitError(error.kind, "\(option): \(error.message)")
}

/// Runs `body` (a library validation); an error naming a specification field becomes a usage error
/// that starts with the option that carried the value.
func naming(_ body: () throws -> Void) throws {
    do { try body() } catch let error as NeuralKitError { throw ValidationError(withOption(error).message) }
}
