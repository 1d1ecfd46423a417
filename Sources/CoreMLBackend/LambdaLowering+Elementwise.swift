import CoreMLSpec
import CoreOps

/// Lowerings of the element-wise core ops that map to one Core ML layer each: rounding and
/// special functions, comparisons (1 where true, 0 where false, as the core ops define them),
/// `select`, `matmul`, `reverse`, and the static `const` and `shape`.
extension LambdaLowering {
    /// One-input ops and the layer computing each.
    static let functionLayers: [String: @Sendable (inout CoreML_Specification_NeuralNetworkLayer) -> Void] = [
        "floor": { $0.floor = CoreML_Specification_FloorLayerParams() },
        "ceil": { $0.ceil = CoreML_Specification_CeilLayerParams() },
        "sign": { $0.sign = CoreML_Specification_SignLayerParams() },
        "erf": { $0.erf = CoreML_Specification_ErfLayerParams() },
    ]

    /// Two-input comparisons and the broadcasting layer computing each.
    static let comparisonLayers: [String: @Sendable (inout CoreML_Specification_NeuralNetworkLayer) -> Void] = [
        "equal": { $0.equal = CoreML_Specification_EqualLayerParams() },
        "not_equal": { $0.notEqual = CoreML_Specification_NotEqualLayerParams() },
        "less": { $0.lessThan = CoreML_Specification_LessThanLayerParams() },
        "less_equal": { $0.lessEqual = CoreML_Specification_LessEqualLayerParams() },
        "greater": { $0.greaterThan = CoreML_Specification_GreaterThanLayerParams() },
        "greater_equal": { $0.greaterEqual = CoreML_Specification_GreaterEqualLayerParams() },
    ]

    /// The lowering of `node` when it is one of these ops, else nil.
    mutating func lowerElementwise(_ node: CoreOpGraph.Node, _ operands: [String], name: String)
        throws(CoreMLConversionError) -> String?
    {
        let shapes = operands.map { builder.shapes[$0] ?? [] }
        if let configure = Self.functionLayers[node.op], operands.count == 1 {
            return builder.add(name, inputs: operands, shape: shapes[0], configure)
        }
        if let configure = Self.comparisonLayers[node.op], operands.count == 2 {
            return builder.add(name, inputs: operands, shape: Elementwise.broadcast(shapes[0], shapes[1]), configure)
        }
        switch node.op {
        case "select" where operands.count == 3:
            let shape = Elementwise.broadcast(Elementwise.broadcast(shapes[0], shapes[1]), shapes[2])
            return builder.add(name, inputs: operands, shape: shape) {
                $0.whereBroadcastable = CoreML_Specification_WhereBroadcastableLayerParams()
            }
        case "leaky_relu" where operands.count == 1:
            let alpha = node.attributes["alpha"]?.floatValue ?? 0.2
            return Activations.activation(operands[0], name: name, &builder) { params in
                var leaky = CoreML_Specification_ActivationLeakyReLU()
                leaky.alpha = Float(alpha)
                params.leakyReLu = leaky
            }
        case "matmul" where operands.count == 2:
            let outputShape = try shape(of: node, operands)
            return builder.add(name, inputs: operands, shape: outputShape) { layer in
                var params = CoreML_Specification_BatchedMatMulLayerParams()
                params.transposeA = node.attributes["transpose_a"]?.boolValue ?? false
                params.transposeB = node.attributes["transpose_b"]?.boolValue ?? false
                layer.batchedMatmul = params
            }
        case "reverse" where operands.count == 1:
            let rank = shapes[0].count
            let axes = (node.attributes["axes"]?.intsValue ?? []).map { $0 < 0 ? $0 + rank : $0 }
            return builder.add(name, inputs: operands, shape: shapes[0]) { layer in
                var params = CoreML_Specification_ReverseLayerParams()
                params.reverseDim = (0..<rank).map { axes.contains($0) }
                layer.reverse = params
            }
        case "const", "shape":
            // Static here: every shape is known once the batch is fixed to 1, so both are constants.
            guard let op = CoreOpCatalog.op(named: node.op) else { return nil }
            let shapes = operands.map { builder.shapes[$0] ?? [] }
            let value: Tensor
            do {
                value = try op.evaluate(
                    shapes.map { shape in Tensor(shape: shape, valueAt: { _ in 0 }) },
                    node.attributes)
            } catch {
                throw failure("\(node.op): \(error)")
            }
            return builder.constant(value.values, shape: value.shape.isEmpty ? [1] : value.shape, name: name)
        case "resize" where operands.count == 1:
            return try resize(
                operands[0], node.attributes, name: name, inputShape: shapes[0],
                outputShape: try shape(of: node, operands))
        case "round":
            // Core ML's round layer does not say how it rounds halves; TensorFlow rounds them to
            // even. Refused rather than risk silently different results.
            throw failure(
                "round: Core ML does not specify how its round layer rounds halves (TensorFlow rounds to even)")
        default:
            return nil
        }
    }
}
