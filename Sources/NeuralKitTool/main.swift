// The `neuralkit` executable: everything lives in NKCommands.

import NKCommands

NeuralKitCommand.configureProcess()
NeuralKitCommand.main()
