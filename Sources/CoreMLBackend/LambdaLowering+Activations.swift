import CoreMLSpec
import CoreOps

/// Lowerings of activation functions: Core ML `activation` layers (their parameters from the
/// op's attributes), `clip` layers for `relu6` and `clip`, and the softmax layer.
extension LambdaLowering {
    static let activationLowerings: [(key: String, value: Lowering)] =
        ["tanh", "sigmoid", "relu", "softplus", "softsign"].map { op in (op, activation(op)) } + [
            (
                "elu",
                activation("elu") { attributes throws(CoreMLConversionError) in
                    let alpha = Float(try attributes.float("alpha"))
                    return { $0.elu.alpha = alpha }
                }
            ),
            (
                "hard_sigmoid",
                // Keras 2 and Keras 3 differ in slope (0.2, 1/6) and offset: the op says which.
                activation("hard_sigmoid") { attributes throws(CoreMLConversionError) in
                    let (slope, offset) = (Float(try attributes.float("slope")), Float(try attributes.float("offset")))
                    return {
                        $0.sigmoidHard.alpha = slope
                        $0.sigmoidHard.beta = offset
                    }
                }
            ),
            (
                "leaky_relu",
                { lowering, node, operands, name throws(CoreMLConversionError) in
                    guard operands.count == 1 else { return try lowering.unlowered(node, operands) }
                    let alpha = try lowering.attributes(node).float("alpha")
                    return Activations.activation(operands[0], name: name, &lowering.builder) { params in
                        var leaky = CoreML_Specification_ActivationLeakyReLU()
                        leaky.alpha = Float(alpha)
                        params.leakyReLu = leaky
                    }
                }
            ),
            (
                "relu6",
                shaped { lowering, _, operands, name, _ throws(CoreMLConversionError) in
                    Activations.clip(operands[0], min: 0, max: 6, name: name, &lowering.builder)
                }
            ),
            (
                "clip",
                shaped { lowering, node, operands, name, _ throws(CoreMLConversionError) in
                    let attributes = lowering.attributes(node)
                    let (low, high) = (try attributes.float("min"), try attributes.float("max"))
                    return Activations.clip(operands[0], min: low, max: high, name: name, &lowering.builder)
                }
            ),
            (
                "swish",
                shaped { lowering, _, operands, name, _ throws(CoreMLConversionError) in
                    let gate = Activations.activation(operands[0], name: name + "_sigmoid", &lowering.builder) {
                        Activations.simple["sigmoid"]?(&$0)
                    }
                    return Elementwise.binary(.multiply, operands[0], gate, name: name, &lowering.builder)
                }
            ),
            (
                "softmax",
                shaped { lowering, node, operands, name, _ throws(CoreMLConversionError) in
                    let axis = try lowering.attributes(node).int("axis")
                    return Activations.softmax(operands[0], axis: axis, name: name, &lowering.builder)
                }
            ),
        ]

    /// The activation layer of `op`; `tune` sets the parameters the node's attributes give.
    private static func activation(
        _ op: String,
        _ tune:
            @escaping @Sendable (NodeAttributes<CoreMLConversionError>) throws(CoreMLConversionError) -> (
                @Sendable (inout CoreML_Specification_ActivationParams) -> Void
            ) = { _ throws(CoreMLConversionError) in { _ in } }
    ) -> Lowering {
        { lowering, node, operands, name throws(CoreMLConversionError) in
            guard let input = operands.first, let configure = Activations.simple[op] else {
                return try lowering.unlowered(node, operands)
            }
            let tuning = try tune(lowering.attributes(node))
            return Activations.activation(input, name: name, &lowering.builder) { params in
                configure(&params)
                tuning(&params)
            }
        }
    }
}
