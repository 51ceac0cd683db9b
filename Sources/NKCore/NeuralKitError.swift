// The one error type NeuralKit throws for user mistakes: wrong shapes, bad specs, bad files.

/// An error caused by how NeuralKit was used (a wrong shape, an unknown layer, a malformed file),
/// as opposed to a bug. Its `description` is one sentence meant for the person at the keyboard:
/// it names the layer, option or file involved.
public struct NeuralKitError: Error, CustomStringConvertible, Equatable, Sendable {
    /// What kind of mistake this is; useful to tests and to callers that react differently.
    public enum Kind: String, Sendable {
        case shape, argument, spec, file, checkpoint, data, divergence, memory
        /// The processes of a data-parallel run could not exchange data (an MPI call failed).
        case communication
    }

    public var kind: Kind
    public var message: String
    /// The specification field that holds the offending value (`runs`, `training.learningRate`), when
    /// one does: the library's message speaks of the parameter, and a front end such as the command
    /// line says which of its options carried it.
    public var field: String?

    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    /// An error about the value of the specification field `field`.
    public init(_ kind: Kind, _ message: String, field: String?) {
        self.init(kind, message)
        self.field = field
    }

    public var description: String { message }

    /// The same error, about the value of the specification field `field`.
    public func inField(_ field: String) -> NeuralKitError { .init(kind, message, field: field) }

    /// A shape mismatch, e.g. `.shape("Linear(784 -> 100): expected input (batch, 784), got (64, 100)")`.
    public static func shape(_ message: String) -> NeuralKitError { .init(.shape, message) }
    public static func argument(_ message: String) -> NeuralKitError { .init(.argument, message) }
    public static func argument(_ message: String, field: String) -> NeuralKitError { .init(.argument, message, field: field) }
    public static func file(_ message: String) -> NeuralKitError { .init(.file, message) }
    public static func data(_ message: String) -> NeuralKitError { .init(.data, message) }
}

extension NeuralKitError {
    /// `text` as a message quotes it: whole when short, else its first `limit` characters and the
    /// length (a 50 MB CSV cell must not be echoed back whole).
    public static func excerpt(_ text: some StringProtocol, limit: Int = 40) -> String {
        guard text.count > limit else { return String(text) }
        return String(text.prefix(limit)) + "… (\(text.utf8.count) bytes)"
    }
}

/// Formats a shape the way every message in NeuralKit prints it: `(64, 784)`.
public func describeShape(_ shape: [Int]) -> String {
    "(" + shape.map(String.init).joined(separator: ", ") + ")"
}
