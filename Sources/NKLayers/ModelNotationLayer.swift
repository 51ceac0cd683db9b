// ModelNotationLayer: the registry of layers the model notation can build, one entry per layer.

import NKCore

/// How the model notation builds one layer: its name, its parameters (positional order, keyword
/// spellings, defaults) and a factory. Adding a layer to the notation is one entry in `all`;
/// e.g. a convolution would list `in_channels, out_channels, k_size (aliases kernel_size)`.
struct ModelNotationLayer: Sendable {
    /// The type of a parameter's value.
    enum Kind: Sendable {
        case positiveInt, nonNegativeInt, float, bool
        /// A number in [0, 1) (Dropout's p); in (0, 1] for BatchNorm's momentum (`unitInterval`).
        case probability, unitInterval
        /// A number above 0 (BatchNorm's eps); at least 0 (Linear's std, 0 meaning the default draw).
        case positiveFloat, nonNegativeFloat

        var noun: String {
            switch self {
            case .positiveInt: "a positive integer"
            case .nonNegativeInt: "an integer ≥ 0"
            case .float: "a number"
            case .probability: "a number in [0, 1)"
            case .unitInterval: "a number in (0, 1]"
            case .positiveFloat: "a number above 0"
            case .nonNegativeFloat: "a number ≥ 0"
            case .bool: "true or false"
            }
        }
    }

    /// One parameter: its canonical keyword, other accepted spellings, type and default.
    struct Parameter: Sendable {
        var name: String
        var aliases: [String] = []
        var kind: Kind
        /// `nil` for a required parameter.
        var defaultValue: Value?

        func matches(_ keyword: String) -> Bool {
            keyword == name || aliases.contains(keyword)
        }
    }

    /// A parsed, type-checked value.
    enum Value: Sendable {
        case int(Int), float(Float), bool(Bool)
    }

    /// The values of every parameter, by canonical name, defaults filled in.
    struct Arguments {
        var values: [String: Value]

        func int(_ name: String) -> Int { if case .int(let v) = values[name] { v } else { 0 } }
        /// An integer whose default 0 means "not given".
        func optionalInt(_ name: String) -> Int? { int(name) > 0 ? int(name) : nil }
        func float(_ name: String) -> Float {
            switch values[name] {
            case .float(let v): v
            case .int(let v): Float(v)
            default: 0
            }
        }
        func bool(_ name: String) -> Bool { if case .bool(let v) = values[name] { v } else { false } }
    }

    /// The canonical spelling, e.g. `TanH`; matched case-insensitively.
    var name: String
    var parameters: [Parameter] = []
    /// The shapes of the layer's trainable tensors for these arguments, so that the model's memory
    /// is known (and checked) before anything is allocated.
    var parameterShapes: @Sendable (Arguments) -> [[Int]] = { _ in [] }
    var make: @Sendable (Arguments, inout RandomGenerator) -> any Module

    /// The largest integer an argument may take: sizes beyond it cannot be allocated anyway, and
    /// keeping them below it keeps every shape computation far from `Int` overflow.
    static let maximumInteger = Int(Int32.max)

    /// Every layer the notation knows.
    static let all: [ModelNotationLayer] = [
        ModelNotationLayer(
            name: "Linear",
            parameters: [
                Parameter(name: "in", aliases: ["input_size", "in_features", "inputSize"], kind: .positiveInt),
                Parameter(name: "out", aliases: ["output_size", "out_features", "outputSize"], kind: .positiveInt),
                Parameter(name: "bias", kind: .bool, defaultValue: .bool(true)),
                // 0: PyTorch's default draw; above 0: weight N(0, std²), bias zero.
                Parameter(name: "std", kind: .nonNegativeFloat, defaultValue: .float(0)),
            ], parameterShapes: { a in [[a.int("out"), a.int("in")]] + (a.bool("bias") ? [[a.int("out")]] : []) }
        ) { args, rng in
            let std = args.float("std")
            return Linear(args.int("in"), args.int("out"), bias: args.bool("bias"), initialization: std > 0 ? .normal(std: std) : .uniformFanIn, using: &rng)
        },
        ModelNotationLayer(name: "Identity") { _, _ in Identity() },
        ModelNotationLayer(name: "TanH") { _, _ in TanH() },
        ModelNotationLayer(name: "Sigmoid") { _, _ in Sigmoid() },
        ModelNotationLayer(name: "ReLU") { _, _ in ReLU() },
        ModelNotationLayer(
            name: "LeakyReLU",
            parameters: [
                Parameter(name: "alpha", aliases: ["negative_slope"], kind: .float, defaultValue: .float(0.01))
            ]
        ) { args, _ in LeakyReLU(alpha: args.float("alpha")) },
        ModelNotationLayer(
            name: "ELU",
            parameters: [
                Parameter(name: "alpha", kind: .float, defaultValue: .float(1))
            ]
        ) { args, _ in ELU(alpha: args.float("alpha")) },
        ModelNotationLayer(name: "Softmax") { _, _ in Softmax() },
        ModelNotationLayer(name: "LogSoftmax") { _, _ in LogSoftmax() },
        ModelNotationLayer(name: "Conv1D", parameters: conv1D, parameterShapes: conv1DShapes) { a, rng in
            Conv1D(
                kSize: a.int("k_size"), chanIn: a.int("chan_in"), chanOut: a.int("chan_out"), stride: a.int("stride"),
                bias: a.bool("bias"), using: &rng)
        },
        ModelNotationLayer(name: "ConvTranspose1D", parameters: conv1D, parameterShapes: conv1DShapes) { a, rng in
            ConvTranspose1D(
                kSize: a.int("k_size"), chanIn: a.int("chan_in"), chanOut: a.int("chan_out"), stride: a.int("stride"),
                bias: a.bool("bias"), using: &rng)
        },
        ModelNotationLayer(
            name: "DoubleConv1D",
            parameters: Array(conv1D.prefix(3)) + [
                Parameter(name: "side", kind: .nonNegativeInt, defaultValue: .int(0))
            ],
            parameterShapes: { a in
                let w = [a.int("chan_out"), a.int("k_size"), a.int("chan_in")]
                return [w, [a.int("chan_out")], w, [a.int("chan_out")]]
            }
        ) { a, rng in DoubleConv1D(kSize: a.int("k_size"), chanIn: a.int("chan_in"), chanOut: a.int("chan_out"), side: a.int("side"), using: &rng) },
        ModelNotationLayer(
            name: "Conv2D",
            parameters: [
                Parameter(name: "in", aliases: ["chan_in", "in_channels", "chanIn"], kind: .positiveInt),
                Parameter(name: "out", aliases: ["chan_out", "out_channels", "chanOut"], kind: .positiveInt),
                Parameter(name: "kernel", aliases: ["k_size", "kernel_size", "k"], kind: .positiveInt),
                Parameter(name: "stride", kind: .positiveInt, defaultValue: .int(1)),
                Parameter(name: "padding", kind: .nonNegativeInt, defaultValue: .int(0)),
                Parameter(name: "bias", kind: .bool, defaultValue: .bool(true)),
            ],
            parameterShapes: { a in
                [[a.int("out"), a.int("kernel"), a.int("kernel"), a.int("in")]] + (a.bool("bias") ? [[a.int("out")]] : [])
            }
        ) { a, rng in
            Conv2D(
                a.int("in"), a.int("out"), kernel: a.int("kernel"), stride: a.int("stride"), padding: a.int("padding"),
                bias: a.bool("bias"), using: &rng)
        },
        ModelNotationLayer(name: "MaxPool1D", parameters: pool1D) { a, _ in MaxPool1D(kSize: a.int("k_size"), stride: a.optionalInt("stride")) },
        ModelNotationLayer(name: "AvgPool1D", parameters: pool1D) { a, _ in AvgPool1D(kSize: a.int("k_size"), stride: a.optionalInt("stride")) },
        ModelNotationLayer(name: "MaxPool2D", parameters: pool2D) { a, _ in MaxPool2D(a.int("k"), stride: a.optionalInt("stride")) },
        ModelNotationLayer(name: "AvgPool2D", parameters: pool2D) { a, _ in AvgPool2D(a.int("k"), stride: a.optionalInt("stride")) },
        ModelNotationLayer(name: "Flatten") { _, _ in Flatten() },
        ModelNotationLayer(
            name: "Dropout",
            parameters: [
                Parameter(name: "p", kind: .probability, defaultValue: .float(0.5))
            ]
        ) { a, rng in Dropout(a.float("p"), using: &rng) },
        ModelNotationLayer(name: "BatchNorm1D", parameters: batchNorm, parameterShapes: batchNormShapes) { a, _ in
            BatchNorm(.oneD, features: a.int("features"), eps: a.float("eps"), momentum: a.float("momentum"), affine: a.bool("affine"))
        },
        ModelNotationLayer(name: "BatchNorm2D", parameters: batchNorm, parameterShapes: batchNormShapes) { a, _ in
            BatchNorm(.twoD, features: a.int("features"), eps: a.float("eps"), momentum: a.float("momentum"), affine: a.bool("affine"))
        },
        ModelNotationLayer(
            name: "Reshape",
            parameters: (1...4).map {
                Parameter(name: "d\($0)", kind: .positiveInt, defaultValue: $0 == 1 ? nil : .int(0))
            }
        ) { a, _ in Reshape((1...4).map { a.int("d\($0)") }.filter { $0 > 0 }) },
    ]

    /// `k_size, chan_in, chan_out`, `stride` (default 1) and `bias` (default true).
    private static let conv1D = [
        Parameter(name: "k_size", aliases: ["kernel_size", "kSize", "kernel"], kind: .positiveInt),
        Parameter(name: "chan_in", aliases: ["in_channels", "chanIn", "in"], kind: .positiveInt),
        Parameter(name: "chan_out", aliases: ["out_channels", "chanOut", "out"], kind: .positiveInt),
        Parameter(name: "stride", kind: .positiveInt, defaultValue: .int(1)),
        Parameter(name: "bias", kind: .bool, defaultValue: .bool(true)),
    ]

    /// A 1-D convolution's weight `(chan_out, k_size, chan_in)` and bias.
    private static let conv1DShapes: @Sendable (Arguments) -> [[Int]] = { a in
        [[a.int("chan_out"), a.int("k_size"), a.int("chan_in")]] + (a.bool("bias") ? [[a.int("chan_out")]] : [])
    }

    /// PyTorch's `BatchNorm1d`/`BatchNorm2d` arguments: `num_features`, `eps` 1e-5, `momentum` 0.1, `affine`.
    private static let batchNorm = [
        Parameter(name: "features", aliases: ["num_features", "n", "channels", "c"], kind: .positiveInt),
        Parameter(name: "eps", kind: .positiveFloat, defaultValue: .float(1e-5)),
        Parameter(name: "momentum", kind: .unitInterval, defaultValue: .float(0.1)),
        Parameter(name: "affine", kind: .bool, defaultValue: .bool(true)),
    ]

    /// BatchNorm's weight and bias (when affine) and its two running statistics.
    private static let batchNormShapes: @Sendable (Arguments) -> [[Int]] = { a in
        (a.bool("affine") ? [[a.int("features")], [a.int("features")]] : []) + [[a.int("features")], [a.int("features")]]
    }

    /// `k_size` and an optional `stride` (default: `k_size`, as PyTorch).
    private static let pool1D = [
        Parameter(name: "k_size", aliases: ["kernel_size", "kSize", "k"], kind: .positiveInt),
        Parameter(name: "stride", kind: .positiveInt, defaultValue: .int(0)),
    ]

    /// `k` and an optional `stride` (default: `k`, as PyTorch).
    private static let pool2D = [
        Parameter(name: "k", aliases: ["k_size", "kernel_size", "kernel"], kind: .positiveInt),
        Parameter(name: "stride", kind: .positiveInt, defaultValue: .int(0)),
    ]

    /// The entry called `name`, ignoring case (`tanh` finds `TanH`).
    static func named(_ name: String) -> ModelNotationLayer? {
        all.first { $0.name.lowercased() == name.lowercased() }
    }

    /// Matches `call`'s arguments to the parameters (positional first, then keywords), checks
    /// their types and fills in defaults; errors point at the offending argument in `spec`.
    func arguments(for call: ModelNotationParser.Call, spec: String) throws -> Arguments {
        func fail(_ message: String, _ column: Int) -> NeuralKitError {
            ModelNotation.error("\(name) at column \(call.column): \(message)", spec: spec, column: column)
        }
        let signature =
            "\(name) takes "
            + (parameters.isEmpty
                ? "no arguments"
                : "(" + parameters.map { $0.name + ($0.defaultValue == nil ? "" : "=…") }.joined(separator: ", ") + ")")
        var values: [String: Value] = [:]
        var seenKeyword = false
        for (i, argument) in call.arguments.enumerated() {
            let parameter: Parameter
            if let keyword = argument.keyword {
                seenKeyword = true
                guard let p = parameters.first(where: { $0.matches(keyword) }) else {
                    throw fail("unknown keyword '\(keyword)'; \(signature)", argument.column - keyword.count - 1)
                }
                parameter = p
            } else {
                guard !seenKeyword else { throw fail("positional argument after a keyword argument", argument.column) }
                guard i < parameters.count else {
                    throw fail("too many arguments; \(signature)", argument.column)
                }
                parameter = parameters[i]
            }
            guard values[parameter.name] == nil else {
                throw fail("argument '\(parameter.name)' given twice", argument.column)
            }
            guard let value = Self.value(argument.text, parameter.kind) else {
                throw fail("'\(parameter.name)' must be \(parameter.kind.noun), got '\(argument.text)'", argument.column)
            }
            if case .int(let v) = value, v > Self.maximumInteger {
                throw fail("'\(parameter.name)' is \(v); sizes above \(Self.maximumInteger) are not supported", argument.column)
            }
            values[parameter.name] = value
        }
        for p in parameters where values[p.name] == nil {
            guard let d = p.defaultValue else {
                throw fail("missing argument '\(p.name)'; \(signature)", call.column)
            }
            values[p.name] = d
        }
        return Arguments(values: values)
    }

    private static func value(_ text: String, _ kind: Kind) -> Value? {
        switch kind {
        case .positiveInt: return Int(text).flatMap { $0 > 0 ? .int($0) : nil }
        case .nonNegativeInt: return Int(text).flatMap { $0 >= 0 ? .int($0) : nil }
        case .float: return Float(text).flatMap { $0.isFinite ? .float($0) : nil }
        case .probability: return Float(text).flatMap { $0 >= 0 && $0 < 1 ? .float($0) : nil }
        case .unitInterval: return Float(text).flatMap { $0 > 0 && $0 <= 1 ? .float($0) : nil }
        case .positiveFloat: return Float(text).flatMap { $0.isFinite && $0 > 0 ? .float($0) : nil }
        case .nonNegativeFloat: return Float(text).flatMap { $0.isFinite && $0 >= 0 ? .float($0) : nil }
        case .bool:
            switch text.lowercased() {
            case "true": return .bool(true)
            case "false": return .bool(false)
            default: return nil
            }
        }
    }
}
