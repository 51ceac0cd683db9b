// The options several commands share, declared once: `--seed` and `--verbose`. (`--out` is not
// among them: it names a folder for some commands and a file for others, required or not.)

import ArgumentParser

/// `--seed`: every random draw a command makes comes from it.
struct SeedOption: ParsableArguments {
    @Option(
        name: .long, parsing: .unconditional,
        help:
            "Seed of every random draw the command makes (initialisation, shuffling, splits, synthetic data, sampling); one seed reproduces a run (default 0, or the seed a checkpoint records)."
    )
    var seed: UInt64?

    /// The seed given, else 0.
    var value: UInt64 { seed ?? 0 }
}

/// `--verbose`: how much a command prints while it works.
struct VerbosityOption: ParsableArguments {
    @Option(
        name: .long, parsing: .unconditional,
        help:
            "0: the final result only; 1: progress (a bar on a terminal, a line per epoch otherwise); 2: a line per epoch always, plus JSON lines (train)."
    )
    var verbose: Int = 1

    /// Throws a usage error unless the level is one the command has (0 to `highest`).
    func check(highest: Int) throws {
        guard (0...highest).contains(verbose) else {
            let levels = (0...highest).map(String.init)
            throw ValidationError("--verbose must be \(levels.dropLast().joined(separator: ", ")) or \(levels.last!), got \(verbose).")
        }
    }
}
