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
        var command = try NeuralKitCommand.parseAsRoot(["train", "--model", "Linear(784, 10)", "--data", "mnsit", "--loss", "ce"])
        #expect { try command.run() } throws: { error in
            let message = "\(error)"
            return message.contains("--data mnsit is neither a file nor a dataset. Did you mean mnist?") && message.contains("closest first: mnist,")
        }
    }

    @Test func aMisspeltLayerGetsASuggestion() {
        var rng = RandomGenerator(seed: 0)
        #expect { try ModelNotation.parse("Lineer(2, 1)", using: &rng) } throws: { "\($0)".contains("(did you mean Linear?)") }
    }
}
