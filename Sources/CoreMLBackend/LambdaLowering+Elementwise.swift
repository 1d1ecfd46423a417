import CoreMLSpec
import CoreOps

/// Lowerings of the element-wise core ops that map to one Core ML layer each: rounding and
/// special functions, comparisons (1 where true, 0 where false, as the core ops define them),
/// `select`, `matmul`, `reverse`, and the static `const` and `shape`.
extension LambdaLowering {
    /// One-input ops and the layer computing each.
    static let functionLayers:
        [(key: String, value: @Sendable (inout CoreML_Specification_NeuralNetworkLayer) -> Void)] =
            [
                ("floor", { $0.floor = CoreML_Specification_FloorLayerParams() }),
                ("ceil", { $0.ceil = CoreML_Specification_CeilLayerParams() }),
                ("sign", { $0.sign = CoreML_Specification_SignLayerParams() }),
                ("erf", { $0.erf = CoreML_Specification_ErfLayerParams() }),
            ]

    /// Two-input comparisons and the broadcasting layer computing each.
    static let comparisonLayers:
        [(key: String, value: @Sendable (inout CoreML_Specification_NeuralNetworkLayer) -> Void)] = [
            ("equal", { $0.equal = CoreML_Specification_EqualLayerParams() }),
            ("not_equal", { $0.notEqual = CoreML_Specification_NotEqualLayerParams() }),
            ("less", { $0.lessThan = CoreML_Specification_LessThanLayerParams() }),
            ("less_equal", { $0.lessEqual = CoreML_Specification_LessEqualLayerParams() }),
            ("greater", { $0.greaterThan = CoreML_Specification_GreaterThanLayerParams() }),
            ("greater_equal", { $0.greaterEqual = CoreML_Specification_GreaterEqualLayerParams() }),
        ]

    static let elementwiseLowerings: [(key: String, value: Lowering)] =
        functionLayers.map { op, configure in
            (
                op,
                { lowering, node, operands, name throws(CoreMLConversionError) in
                    guard operands.count == 1 else { return try lowering.unlowered(node, operands) }
                    return lowering.builder.add(
                        name, inputs: operands, shape: lowering.builder.shapes[operands[0]] ?? [], configure)
                }
            )
        }
        + comparisonLayers.map { op, configure in
            (
                op,
                { lowering, node, operands, name throws(CoreMLConversionError) in
                    guard operands.count == 2 else { return try lowering.unlowered(node, operands) }
                    let shapes = operands.map { lowering.builder.shapes[$0] ?? [] }
                    return lowering.builder.add(
                        name, inputs: operands, shape: Elementwise.broadcast(shapes[0], shapes[1]), configure)
                }
            )
        } + [
            ("select", select), ("matmul", matmul), ("reverse", reverse), ("const", staticValue),
            ("shape", staticValue),
        ]

    private static let select: Lowering = { lowering, node, operands, name throws(CoreMLConversionError) in
        guard operands.count == 3 else { return try lowering.unlowered(node, operands) }
        let shapes = operands.map { lowering.builder.shapes[$0] ?? [] }
        let shape = Elementwise.broadcast(Elementwise.broadcast(shapes[0], shapes[1]), shapes[2])
        return lowering.builder.add(name, inputs: operands, shape: shape) {
            $0.whereBroadcastable = CoreML_Specification_WhereBroadcastableLayerParams()
        }
    }

    private static let matmul: Lowering = { lowering, node, operands, name throws(CoreMLConversionError) in
        guard operands.count == 2 else { return try lowering.unlowered(node, operands) }
        let outputShape = try lowering.shape(of: node, operands)
        let attributes = lowering.attributes(node)
        let (transposeA, transposeB) = (try attributes.bool("transpose_a"), try attributes.bool("transpose_b"))
        return lowering.builder.add(name, inputs: operands, shape: outputShape) { layer in
            var params = CoreML_Specification_BatchedMatMulLayerParams()
            params.transposeA = transposeA
            params.transposeB = transposeB
            layer.batchedMatmul = params
        }
    }

    private static let reverse: Lowering = { lowering, node, operands, name throws(CoreMLConversionError) in
        guard operands.count == 1 else { return try lowering.unlowered(node, operands) }
        let shape = lowering.builder.shapes[operands[0]] ?? []
        let rank = shape.count
        let axes = try lowering.attributes(node).ints("axes").map { $0 < 0 ? $0 + rank : $0 }
        return lowering.builder.add(name, inputs: operands, shape: shape) { layer in
            var params = CoreML_Specification_ReverseLayerParams()
            params.reverseDim = (0..<rank).map { axes.contains($0) }
            layer.reverse = params
        }
    }

    /// `const` and `shape`: static here, as every shape is known once the batch is fixed to 1,
    /// so both are constants.
    private static let staticValue: Lowering = { lowering, node, operands, name throws(CoreMLConversionError) in
        guard let op = CoreOpCatalog.op(named: node.op) else { return try lowering.unlowered(node, operands) }
        let shapes = operands.map { lowering.builder.shapes[$0] ?? [] }
        let value: Tensor
        do {
            value = try op.evaluate(shapes.map { shape in Tensor(shape: shape, valueAt: { _ in 0 }) }, node.attributes)
        } catch {
            throw lowering.failure("\(node.op): \(error)")
        }
        return lowering.builder.constant(value.values, shape: value.shape.isEmpty ? [1] : value.shape, name: name)
    }
}
