// The root `neuralkit` command and its subcommands.

import ArgumentParser
import Foundation
import NeuralKit

/// `neuralkit`: train, evaluate, inspect, check and benchmark networks written in the model
/// notation, e.g. `Linear(256, 100) - TanH() - Linear(100, 10)`.
public struct NeuralKitCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "neuralkit",
        abstract: "Build, train, check and benchmark neural networks assembled from explicit parts.",
        discussion: """
            Models are written in the notation people already use, layers joined by " - ":
              neuralkit summary --model "Linear(784, 100) - TanH() - Linear(100, 10)"
            Data is a CSV file (the last --targets columns are the targets) or built-in synthetic data:
              gen-arti:0, gen-arti:1 (XOR), gen-arti:2 (checkerboard), linear-regression.
            """,
        version: "neuralkit \(NeuralKitVersion.string)",
        subcommands: [
            TrainCommand.self, EvaluateCommand.self, LRFindCommand.self, SummaryCommand.self,
            GradcheckCommand.self, PlotCommand.self, DatasetsCommand.self,
            EmbedCommand.self, ClusterCommand.self, BenchCommand.self,
            RBMCommand.self, PretrainCommand.self, SampleCommand.self, SweepCommand.self, SearchCommand.self, ReproduceCommand.self,
        ]
    )
    public init() {}

    /// Parses the command line, runs the command, and exits; a library error about a specification
    /// field is told with the option that carried it (`--lr: Training: the learning rate …`), and a
    /// Foundation file error as a sentence naming the path (`NeuralKitError.fromFoundation`).
    public static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch {
            exit(withError: userError(error))
        }
    }

    /// The error as the command line tells it: a library error naming a specification field starts
    /// with the option that carried it, and a file-system error no library call wrapped reads as one
    /// sentence with its path.
    static func userError(_ error: any Error) -> any Error {
        if let error = error as? NeuralKitError { return withOption(error) }
        return NeuralKitError.fromFoundation(error) ?? error
    }

    /// The message for a first argument that is no command (`neuralkit trian …`), with the closest
    /// command; nil when `arguments` (without the program name) start with a command or an option.
    public static func unknownCommand(_ arguments: [String]) -> String? {
        guard let first = arguments.first, !first.hasPrefix("-"), first != "help" else { return nil }
        let names = configuration.subcommands.map { $0._commandName }
        guard !names.contains(first) else { return nil }
        let guess = Spelling.suggestion(for: first, among: names).map { " Did you mean '\($0)'?" } ?? ""
        return "'\(first)' is not a neuralkit command.\(guess) The commands: \(names.joined(separator: ", ")) (neuralkit --help says what each does)."
    }

    /// Process-wide settings for the tool (see `Allocator.keepFreedMemory()`); call once before
    /// `main()`. Refuses (exit status 64) environment variables NeuralKit would otherwise ignore.
    public static func configureProcess() {
        let problems = EnvironmentSettings.problems()
        guard problems.isEmpty else {
            FileHandle.standardError.write(Data(problems.map { "Error: \($0)\n" }.joined().utf8))
            Foundation.exit(64)
        }
        if let message = unknownCommand(Array(CommandLine.arguments.dropFirst())) {
            FileHandle.standardError.write(Data("Error: \(message)\n".utf8))
            Foundation.exit(64)
        }
        Allocator.keepFreedMemory()
        EnvironmentSettings.dieWithParentWhenASweepSaysSo()
    }
}
