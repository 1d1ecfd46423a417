import KerasModel

/// Keras activations as MIL operations.
enum MILActivations {
    /// Activations that are one MIL operation of `x` alone.
    static let simple: [String: String] = [
        "relu": "relu", "sigmoid": "sigmoid", "tanh": "tanh", "softplus": "softplus", "softsign": "softsign",
        "exponential": "exp", "swish": "silu", "silu": "silu", "relu6": "relu6",
    ]

    /// `activation` applied to `input`, the last operation named `name`; nil when unknown.
    static func apply(
        _ activation: String, to input: String, name: String, flavour: KerasFlavour, _ builder: inout MILProgramBuilder
    ) -> String? {
        switch activation {
        case "linear": return input
        case "softmax":
            return builder.unary("softmax", input, name: name, ["axis": builder.ints([-1], scalar: true)])
        case "elu": return builder.unary("elu", input, name: name, ["alpha": builder.scalar(1)])
        case "leaky_relu":
            // Keras 3's default negative slope.
            return builder.unary("leaky_relu", input, name: name, ["alpha": builder.scalar(0.2)])
        case "gelu": return builder.unary("gelu", input, name: name, ["mode": builder.string("EXACT")])
        case "hard_sigmoid": return hardSigmoid(input, flavour: flavour, name: name, &builder)
        case "mish":
            let softplus = builder.unary("softplus", input, name: name + "_softplus")
            let tanh = builder.unary("tanh", softplus, name: name + "_tanh")
            return builder.binary("mul", input, tanh, name: name)
        case "hard_silu", "hard_swish":
            let gate = hardSigmoid(input, flavour: flavour, name: name + "_gate", &builder)
            return builder.binary("mul", input, gate, name: name)
        case "log_softmax":
            // x - log(sum(exp(x))) over the last axis, the sum taken stably by the operation.
            guard let shape = builder.shapes[input], !shape.isEmpty else { return nil }
            let total = builder.op(
                "reduce_log_sum_exp",
                [
                    "x": input, "axes": builder.ints([shape.count - 1]),
                    "keep_dims": builder.bools([true], scalar: true),
                ],
                name: name + "_log_sum_exp", shape: Array(shape.dropLast()) + [1])
            return builder.binary("sub", input, total, name: name)
        case "selu":
            let elu = builder.unary("elu", input, name: name + "_elu", ["alpha": builder.scalar(1.6732632423543772)])
            return builder.binary("mul", elu, builder.scalar(1.0507009873554805), name: name)
        default:
            guard let type = simple[activation] else { return nil }
            return builder.unary(type, input, name: name)
        }
    }

    /// Keras 2's hard sigmoid is clip(0.2x + 0.5), Keras 3's clip(x / 6 + 0.5).
    static func hardSigmoid(
        _ input: String, flavour: KerasFlavour, name: String, _ builder: inout MILProgramBuilder
    ) -> String {
        let slope = flavour == .keras3 ? 1.0 / 6.0 : 0.2
        return builder.unary(
            "sigmoid_hard", input, name: name, ["alpha": builder.scalar(slope), "beta": builder.scalar(0.5)])
    }
}
