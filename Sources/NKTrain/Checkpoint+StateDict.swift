// Checkpoint+StateDict: the mapping between a list of modules and named tensors (PyTorch names).

import NKCore
import NKLayers

extension Checkpoint {
    /// The parameters of `modules` named as PyTorch's `nn.Sequential.state_dict()` names them:
    /// `"<i>.<parameter name>"`, where `i` is the module's position in the list (layers without
    /// parameters, such as activations, still take a position). Example: `["0.weight", "0.bias",
    /// "2.weight", "2.bias"]` for Linear, ReLU, Linear.
    public static func stateDict(of modules: [any Module]) -> [(name: String, tensor: Tensor)] {
        modules.enumerated().flatMap { index, module in
            module.parameters.map { (name: "\(index).\($0.name)", tensor: $0.value) }
        }
    }

    /// Copies `tensors` (as returned by `load`) into the parameters of `modules`, matched by the names
    /// `stateDict(of:)` gives. Nothing is changed unless every name matches and every shape agrees.
    ///
    /// - Parameter file: the checkpoint's path, for error messages.
    /// - Throws: `NeuralKitError(.checkpoint, …)` naming the file and the tensor for a missing name, an
    ///   unexpected name, or a shape mismatch (with both shapes).
    public static func loadStateDict(_ tensors: [String: Tensor], into modules: [any Module], file: String) throws {
        var expected = [(name: String, parameter: Parameter)]()
        for (index, module) in modules.enumerated() {
            for p in module.parameters { expected.append(("\(index).\(p.name)", p)) }
        }
        let expectedNames = Set(expected.map(\.name))
        if let missing = expected.first(where: { tensors[$0.name] == nil }) {
            throw NeuralKitError(.checkpoint, "Checkpoint '\(file)': tensor '\(missing.name)' (\(describeShape(missing.parameter.value.shape))) is missing; the file has \(tensors.keys.sorted().joined(separator: ", ")).")
        }
        if let unexpected = tensors.keys.sorted().first(where: { !expectedNames.contains($0) }) {
            throw NeuralKitError(.checkpoint, "Checkpoint '\(file)': tensor '\(unexpected)' does not belong to the model, which expects \(expected.map(\.name).joined(separator: ", ")).")
        }
        for (name, parameter) in expected where tensors[name]!.shape != parameter.value.shape {
            throw NeuralKitError(.checkpoint, "Checkpoint '\(file)': tensor '\(name)' has shape \(describeShape(tensors[name]!.shape)) but the model needs \(describeShape(parameter.value.shape)).")
        }
        for (name, parameter) in expected { parameter.value = tensors[name]! }
    }
}
