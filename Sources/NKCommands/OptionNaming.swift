// OptionNaming: a library error about a specification field, told as the option that carried it.

import ArgumentParser
import NeuralKit

/// Runs `body` (a library validation); an error naming a specification field becomes a usage error
/// that starts with the option that carried the value: `--runs: Benchmark: the number of runs …`.
func naming(_ options: [String: String], _ body: () throws -> Void) throws {
    do { try body() } catch let error as NeuralKitError {
        guard let field = error.field, let option = options[field] else { throw ValidationError(error.message) }
        throw ValidationError("\(option): \(error.message)")
    }
}
