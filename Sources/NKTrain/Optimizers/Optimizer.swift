// Optimizer: the protocol of parameter-update rules, and the state they carry between steps.

import NKCore
import NKLayers

/// An update rule: given parameters whose gradients are filled in, change their values. Each rule
/// keeps per-parameter state (momentum buffers, moment estimates) allocated at its first step, and
/// a step count; both can be saved and restored, so a resumed run continues exactly
/// (`neuralkit train --resume`).
///
/// Rules follow `torch.optim` to the letter (same defaults, same order of operations): `SGD`
/// (plain, momentum, Nesterov), `Adam` (and AdamW, with decoupled weight decay), `RMSprop`,
/// `Adagrad`. `OptimizerSettings.make()` builds one from the options of `neuralkit train`.
///
/// ```swift
/// let adam = Adam(learningRate: 1e-3)
/// model.zeroGrad(); …backward…; adam.step(model.parameters)
/// ```
public protocol Optimizer: AnyObject {
    /// The step size of the next `step` (schedules change it between epochs).
    var learningRate: Float { get set }
    /// The number of steps taken.
    var steps: Int { get }
    /// Updates every parameter from its gradient (the gradients are read, never changed).
    func step(_ parameters: [Parameter])
    /// The per-parameter state, named `<k>.<slot>` for the k-th parameter (`0.exp_avg`,
    /// `3.momentum_buffer`); empty before the first step.
    var state: [(name: String, tensor: Tensor)] { get }
    /// Restores `state` (as saved) and the step count, for `parameters`.
    /// - Throws: `NeuralKitError(.checkpoint, …)` when a tensor is missing or its shape differs.
    func restore(state: [String: Tensor], steps: Int, for parameters: [Parameter]) throws
}

/// The shared machinery of the update rules: per-parameter slots of state (allocated at the first
/// step, one tensor per slot and parameter), the step count, saving and restoring. A rule
/// subclasses it and implements `update`.
open class SlottedOptimizer: Optimizer {
    public var learningRate: Float
    public private(set) var steps = 0
    /// The state slots of the rule, in PyTorch's names (`momentum_buffer`, `exp_avg`, …).
    public let slotNames: [String]
    /// `slots[k][s]`: slot `s` of parameter `k`.
    var slots: [[[Float]]] = []

    init(learningRate: Float, slotNames: [String]) {
        self.learningRate = learningRate
        self.slotNames = slotNames
    }

    public func step(_ parameters: [Parameter]) {
        if slots.count != parameters.count {
            slots = parameters.map { p in slotNames.map { _ in [Float](repeating: 0, count: p.value.count) } }
        }
        steps += 1
        for (k, p) in parameters.enumerated() {
            let g = p.gradient
            p.value.withUnsafeMutableBufferPointer { v in
                g.withUnsafeBufferPointer { g in update(value: v, gradient: g, slots: &slots[k]) }
            }
        }
    }

    /// One parameter's update at step `steps` (counted from 1).
    func update(value: UnsafeMutableBufferPointer<Float>, gradient: UnsafeBufferPointer<Float>, slots: inout [[Float]]) {
        fatalError("SlottedOptimizer.update must be overridden")
    }

    public var state: [(name: String, tensor: Tensor)] {
        slots.enumerated().flatMap { k, parameterSlots in
            zip(slotNames, parameterSlots).map { (name: "\(k).\($0)", tensor: Tensor(shape: [$1.count], scalars: $1)) }
        }
    }

    public func restore(state: [String: Tensor], steps: Int, for parameters: [Parameter]) throws {
        guard steps > 0 else { slots = []; self.steps = 0; return }
        var restored: [[[Float]]] = []
        for (k, p) in parameters.enumerated() {
            restored.append(
                try slotNames.map { slot in
                    guard let t = state["\(k).\(slot)"], t.count == p.value.count else {
                        throw NeuralKitError(.checkpoint, "Optimizer state: '\(k).\(slot)' is missing or does not have the \(p.value.count) values of parameter \(k) (\(p)).")
                    }
                    return t.scalars
                })
        }
        slots = restored
        self.steps = steps
    }
}
