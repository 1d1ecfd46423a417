import KerasModel

/// Keras activations as ONNX nodes.
enum ONNXActivations {
    /// Activations that are one ONNX operator without attributes.
    static let simple: [String: String] = [
        "relu": "Relu", "sigmoid": "Sigmoid", "tanh": "Tanh", "softplus": "Softplus", "softsign": "Softsign",
        "exponential": "Exp", "elu": "Elu",
    ]

    /// `activation` applied to `input`; its last node is named `name` (the layer's name).
    static func apply(
        _ activation: String, to input: String, name: String, flavour: KerasFlavour, _ builder: inout ONNXGraphBuilder
    ) throws(ONNXConversionError) -> String? {
        switch activation {
        case "linear": return input
        case "softmax": return builder.unary("Softmax", input, name: name, [ONNXAttribute.int("axis", -1)])
        case "log_softmax": return builder.unary("LogSoftmax", input, name: name, [ONNXAttribute.int("axis", -1)])
        case "relu6":
            return builder.node(
                "Clip", [input, builder.scalar(0), builder.scalar(6)], name: name, shape: builder.shapes[input])
        case "hard_sigmoid": return hardSigmoid(input, flavour: flavour, name: name, &builder)
        case "gelu": return gelu(input, approximate: false, name: name, &builder)
        case "swish", "silu":
            let gate = builder.unary("Sigmoid", input, name: name + "_sigmoid")
            return builder.binary("Mul", input, gate, name: name)
        case "hard_silu", "hard_swish":
            let gate = hardSigmoid(input, flavour: flavour, name: name + "_gate", &builder)
            return builder.binary("Mul", input, gate, name: name)
        case "mish":
            let softplus = builder.unary("Softplus", input, name: name + "_softplus")
            return builder.binary("Mul", input, builder.unary("Tanh", softplus, name: name + "_tanh"), name: name)
        case "selu": return builder.unary("Selu", input, name: name)
        case "leaky_relu":
            // Keras 3's default negative slope.
            return builder.unary("LeakyRelu", input, name: name, [ONNXAttribute.float("alpha", 0.2)])
        default:
            guard let op = simple[activation] else { return nil }
            return builder.unary(op, input, name: name)
        }
    }

    /// Keras 2's hard sigmoid is clip(0.2x + 0.5), Keras 3's clip(x / 6 + 0.5).
    static func hardSigmoid(_ input: String, flavour: KerasFlavour, name: String, _ builder: inout ONNXGraphBuilder)
        -> String
    {
        let slope = flavour == .keras3 ? 1.0 / 6.0 : 0.2
        return builder.unary(
            "HardSigmoid", input, name: name, [ONNXAttribute.float("alpha", slope), ONNXAttribute.float("beta", 0.5)])
    }

    /// x * Phi(x) (exact, with erf) or TensorFlow's tanh approximation; the `Gelu` operator from
    /// opset 20, else its formula.
    static func gelu(_ input: String, approximate: Bool, name: String, _ builder: inout ONNXGraphBuilder) -> String {
        if builder.opset.hasGelu {
            return builder.unary(
                "Gelu", input, name: name, [ONNXAttribute.string("approximate", approximate ? "tanh" : "none")])
        }
        let inner: String
        if approximate {
            let cube = builder.binary(
                "Mul", builder.binary("Mul", input, input, name: name + "_sq"), input, name: name + "_cube")
            let sum = builder.binary(
                "Add", input, builder.binary("Mul", cube, builder.scalar(0.044715), name: name + "_term"),
                name: name + "_sum")
            let scaled = builder.binary(
                "Mul", sum, builder.scalar((2 / Double.pi).squareRoot()), name: name + "_scaled")
            inner = builder.unary("Tanh", scaled, name: name + "_tanh")
        } else {
            let scaled = builder.binary("Mul", input, builder.scalar(1 / 2.0.squareRoot()), name: name + "_scaled")
            inner = builder.unary("Erf", scaled, name: name + "_erf")
        }
        let onePlus = builder.binary("Add", inner, builder.scalar(1), name: name + "_one_plus")
        let half = builder.binary("Mul", input, builder.scalar(0.5), name: name + "_half")
        return builder.binary("Mul", half, onePlus, name: name)
    }
}
