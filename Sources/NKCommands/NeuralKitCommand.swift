// The root `neuralkit` command and its subcommands.

import ArgumentParser
import NeuralKit

public struct NeuralKitCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "neuralkit",
        abstract: "Build, train, check and benchmark neural networks assembled from explicit parts."
    )
    public init() {}
}
