// How a Linear layer draws its initial weight and bias.

/// The distribution a `Linear(in, out)` layer draws its initial parameters from.
public enum LinearInitialization: String, Sendable, CaseIterable {
    /// PyTorch's default: weight and bias both `U(−1/√in, 1/√in)`.
    case uniformFanIn
    /// Glorot/Xavier uniform: weight `U(−√(6/(in+out)), √(6/(in+out)))`, bias zero
    /// (`torch.nn.init.xavier_uniform_`).
    case xavierUniform
    /// He/Kaiming normal for ReLU networks: weight `N(0, 2/in)`, bias zero
    /// (`torch.nn.init.kaiming_normal_` with `fan_in`).
    case heNormal
}
