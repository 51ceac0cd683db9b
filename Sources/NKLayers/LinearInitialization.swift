// How a Linear layer draws its initial weight and bias.

/// The distribution a `Linear(in, out)` layer draws its initial parameters from.
public enum LinearInitialization: Sendable, Equatable {
    /// PyTorch's default: weight and bias both `U(−1/√in, 1/√in)`.
    case uniformFanIn
    /// Glorot/Xavier uniform: weight `U(−√(6/(in+out)), √(6/(in+out)))`, bias zero
    /// (`torch.nn.init.xavier_uniform_`).
    case xavierUniform
    /// He/Kaiming normal for ReLU networks: weight `N(0, 2/in)`, bias zero
    /// (`torch.nn.init.kaiming_normal_` with `fan_in`).
    case heNormal
    /// A plain normal draw: weight `N(0, std²)`, bias zero (`torch.nn.init.normal_(w, 0, std)`), the
    /// draw of many hand-written networks and of RBM-style initialisations; `Linear(784, 200, std=0.1)`
    /// in the model notation.
    case normal(std: Float)
}
