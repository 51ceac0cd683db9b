// NeuralKitVersion: the release this build belongs to (`neuralkit --version`, checkpoint headers).

/// The version of this NeuralKit build, recorded in checkpoints and run folders.
public enum NeuralKitVersion {
    /// Semantic version: major.minor.patch.
    public static let string = "0.4.0"
}
