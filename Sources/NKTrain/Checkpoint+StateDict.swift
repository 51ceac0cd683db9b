// Checkpoint+StateDict: the mapping between a list of modules and named tensors (PyTorch names).

import NKCore
import NKLayers

extension Checkpoint {
    /// The parameters of `modules` named as PyTorch's `nn.Sequential.state_dict()` names them:
    /// `"<i>.<parameter name>"`, where `i` is the module's position in the list (layers without
    /// parameters, such as activations, still take a position). Example: `["0.weight", "0.bias",
    /// "2.weight", "2.bias"]` for Linear, ReLU, Linear.
    ///
    /// Tensors are converted to PyTorch's layouts (see `PyTorchLayout`): conv weights become
    /// `[out, in, k]` / `[out, in, kh, kw]`, and a `Linear` after a flattened convolution has its input
    /// columns permuted to PyTorch's channels-first flattening, so the equivalent `nn.Sequential`
    /// loads the file and computes the same function.
    ///
    /// Each module's buffers follow its parameters (`"<i>.running_mean"`, …), as in PyTorch.
    public static func stateDict(of modules: [any Module]) -> [(name: String, tensor: Tensor)] {
        let conversions = PyTorchLayout.conversions(modules)
        return modules.enumerated().flatMap { index, module in
            zip(module.parameters, conversions[index]).map { (name: "\(index).\($0.name)", tensor: $1.toPyTorch($0.value)) }
                + module.buffers.map { (name: "\(index).\($0.name)", tensor: $0.value) }
        }
    }

    /// The names in `stateDict(of:)` of the buffers stored as I64 (`num_batches_tracked`).
    public static func integerNames(of modules: [any Module]) -> Set<String> {
        Set(modules.enumerated().flatMap { index, module in module.buffers.filter(\.isInteger).map { "\(index).\($0.name)" } })
    }

    /// Why `stateDict(of:)` could not give some `Linear` weight PyTorch's column order (a
    /// `DoubleConv1D` on an image of unknown shape before it, say); empty when every layer converts.
    public static func layoutWarnings(of modules: [any Module]) -> [String] {
        var warnings: [String] = []
        _ = PyTorchLayout.conversions(modules, warnings: &warnings)
        return warnings
    }

    /// Copies `tensors` (as returned by `load`) into the parameters of `modules`, matched by the names
    /// `stateDict(of:)` gives, converting PyTorch layouts back to NeuralKit's. Nothing is changed unless every name matches and every shape agrees.
    ///
    /// - Parameters:
    ///   - tensors: the tensors by name.
    ///   - modules: the layers to load them into.
    ///   - file: the checkpoint's path, for error messages.
    /// - Throws: `NeuralKitError(.checkpoint, …)` naming the file and the tensor for a missing name, an
    ///   unexpected name, or a shape mismatch (with both shapes).
    public static func loadStateDict(_ tensors: [String: Tensor], into modules: [any Module], file: String) throws {
        var expected = [(name: String, shape: [Int], pyTorchShape: [Int], store: (Tensor) -> Void)]()
        let conversions = PyTorchLayout.conversions(modules)
        for (index, module) in modules.enumerated() {
            for (p, c) in zip(module.parameters, conversions[index]) {
                expected.append(("\(index).\(p.name)", p.value.shape, c.toPyTorch(p.value).shape, { p.value = c.fromPyTorch($0) }))
            }
            for b in module.buffers {
                expected.append(("\(index).\(b.name)", b.value.shape, b.value.shape, { b.value = $0 }))
            }
        }
        let expectedNames = Set(expected.map(\.name))
        if let missing = expected.first(where: { tensors[$0.name] == nil }) {
            throw NeuralKitError(
                .checkpoint, "Checkpoint '\(file)': tensor '\(missing.name)' (\(describeShape(missing.shape))) is missing; the file has \(tensors.keys.sorted().joined(separator: ", ")).")
        }
        if let unexpected = tensors.keys.sorted().first(where: { !expectedNames.contains($0) }) {
            throw NeuralKitError(.checkpoint, "Checkpoint '\(file)': tensor '\(unexpected)' does not belong to the model, which expects \(expected.map(\.name).joined(separator: ", ")).")
        }
        for e in expected where tensors[e.name]!.shape != e.pyTorchShape {
            throw NeuralKitError(
                .checkpoint, "Checkpoint '\(file)': tensor '\(e.name)' has shape \(describeShape(tensors[e.name]!.shape)) but the model needs \(describeShape(e.pyTorchShape)) (PyTorch's layout).")
        }
        for e in expected { e.store(tensors[e.name]!) }
    }
}
