// Misspelt commands, datasets and layers get "did you mean" with the closest names.

import Foundation
import Testing
import NeuralKit
@testable import NKCommands

@Suite struct SpellingHelpTests {
    @Test func aMisspeltCommandIsNamedWithTheClosestOne() {
        #expect(NeuralKitCommand.unknownCommand(["trian", "--model", "Linear(2, 1)"])?.contains("Did you mean 'train'?") == true)
        #expect(NeuralKitCommand.unknownCommand(["blah"])?.contains("is not a neuralkit command. The commands: train,") == true)
        #expect(NeuralKitCommand.unknownCommand(["train", "--model", "x"]) == nil)
        #expect(NeuralKitCommand.unknownCommand(["--help"]) == nil && NeuralKitCommand.unknownCommand([]) == nil)
    }

    @Test func aDataValueThatIsNeitherAFileNorADatasetListsTheDatasets() throws {
        let message = try #require(failure(["train", "--model", "Linear(784, 10)", "--data", "mnsit", "--loss", "ce"]))
        #expect(message.contains("--data: mnsit is neither a file nor a dataset. Did you mean mnist?") && message.contains("closest first: mnist,"), "\(message)")
    }

    @Test func aMisspeltLayerGetsASuggestion() {
        var rng = RandomGenerator(seed: 0)
        #expect { try ModelNotation.parse("Lineer(2, 1)", using: &rng) } throws: { "\($0)".contains("(did you mean Linear?)") }
    }
}

/// Help texts are wrapped once, by the parser: a paragraph of a discussion is one source line, so
/// that no hard line break splits it again at another terminal width.
@Suite struct HelpWrappingTests {
    @Test func everyDiscussionParagraphIsOneLine() {
        func isProse(_ line: Substring) -> Bool {
            guard let first = line.first, first != " " else { return false }
            if line.hasPrefix("neuralkit ") { return false }
            // Table rows such as bench's "W1  one epoch, …".
            if line.range(of: #"^[A-Z][A-Z0-9]{0,3}\s\s"#, options: .regularExpression) != nil { return false }
            return true
        }
        for command in NeuralKitCommand.configuration.subcommands {
            let lines = command.configuration.discussion.split(separator: "\n", omittingEmptySubsequences: false)
            for (a, b) in zip(lines, lines.dropFirst()) where isProse(a) && isProse(b) && !a.hasSuffix(":") && !a.hasSuffix(".") && !b.hasSuffix(":") {
                Issue.record("\(command._commandName): a paragraph broken inside: '\(a.suffix(40))' / '\(b.prefix(40))'")
            }
        }
    }
}
