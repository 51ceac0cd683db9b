// Precision, recall, F1 and support of one class.

/// The per-class scores of a classifier (as in sklearn's `classification_report`).
public struct ClassScores: Equatable, Sendable {
    /// The class label.
    public var label: Int
    /// `TP / (TP + FP)`: of the samples predicted as this class, the fraction that are; 0 when none are predicted.
    public var precision: Double
    /// `TP / (TP + FN)`: of the samples of this class, the fraction found; 0 when the class has none.
    public var recall: Double
    /// The harmonic mean `2PR / (P + R)`; 0 when both are 0.
    public var f1: Double
    /// The number of samples of this class.
    public var support: Int
}
