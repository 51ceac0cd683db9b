// OutputKind: what the values a layer outputs are, so that a loss can refuse a last layer it cannot train.

/// The kind of values a model's last layer produces.
public enum OutputKind: Sendable, Equatable {
    /// Any real values (a `Linear`, `TanH`, `ReLU`, …).
    case unbounded
    /// Values in (0, 1), each on its own (`Sigmoid`).
    case probabilities
    /// Rows of values in (0, 1) that sum to 1 (`Softmax`).
    case rowProbabilities
    /// Logarithms of row probabilities (`LogSoftmax`).
    case logProbabilities

    /// Whether every value lies in (0, 1).
    public var isInUnitInterval: Bool { self == .probabilities || self == .rowProbabilities }
}
