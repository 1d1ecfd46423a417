import CoreMLSpec
import CoreOps

/// Lowerings of arithmetic: binary ops as broadcasting elementwise layers, one-input functions
/// as `unary` (or `sin` / `cos`) layers, and `neg`, `square` and `cast` from those.
extension LambdaLowering {
    /// Two-operand ops and the elementwise operation computing each.
    static let binaryOperations: [(key: String, value: Elementwise.Operation)] = [
        ("add", .add), ("sub", .subtract), ("mul", .multiply), ("div", .divide), ("maximum", .maximum),
        ("minimum", .minimum), ("pow", .power),
    ]

    /// One-operand ops that are a `unary` layer.
    static let unaryFunctions: [(key: String, value: CoreML_Specification_UnaryFunctionLayerParams.Operation)] = [
        ("sqrt", .sqrt), ("rsqrt", .rsqrt), ("reciprocal", .inverse), ("exp", .exp), ("log", .log), ("abs", .abs),
    ]

    static let arithmeticLowerings: [(key: String, value: Lowering)] =
        binaryOperations.map { op, operation in
            (
                op,
                { lowering, node, operands, name throws(CoreMLConversionError) in
                    guard operands.count == 2 else { return try lowering.unlowered(node, operands) }
                    return Elementwise.binary(operation, operands[0], operands[1], name: name, &lowering.builder)
                }
            )
        }
        + unaryFunctions.map { op, function in
            (
                op,
                { lowering, node, operands, name throws(CoreMLConversionError) in
                    guard let input = operands.first else { return try lowering.unlowered(node, operands) }
                    return lowering.builder.add(name, inputs: [input], shape: lowering.builder.shapes[input] ?? []) {
                        layer in
                        var params = CoreML_Specification_UnaryFunctionLayerParams()
                        params.type = function
                        params.alpha = 1
                        params.scale = 1
                        layer.unary = params
                    }
                }
            )
        } + [
            (
                "neg",
                shaped { lowering, _, operands, name, _ throws(CoreMLConversionError) in
                    let minusOne = lowering.builder.constant([-1], shape: [1], name: name + "_m1")
                    return Elementwise.binary(.multiply, operands[0], minusOne, name: name, &lowering.builder)
                }
            ),
            (
                "square",
                shaped { lowering, _, operands, name, _ throws(CoreMLConversionError) in
                    Elementwise.binary(.multiply, operands[0], operands[0], name: name, &lowering.builder)
                }
            ),
            (
                "sin",
                shaped { lowering, _, operands, name, shapes throws(CoreMLConversionError) in
                    lowering.builder.add(name, inputs: [operands[0]], shape: shapes.input) {
                        $0.sin = CoreML_Specification_SinLayerParams()
                    }
                }
            ),
            (
                "cos",
                shaped { lowering, _, operands, name, shapes throws(CoreMLConversionError) in
                    lowering.builder.add(name, inputs: [operands[0]], shape: shapes.input) {
                        $0.cos = CoreML_Specification_CosLayerParams()
                    }
                }
            ),
            (
                "cast",
                shaped { lowering, node, operands, name, _ throws(CoreMLConversionError) in
                    // The tensors are floats throughout: a cast to another float type is the
                    // identity; int32/int64 truncate and bool compares with zero (`integerCast`).
                    let dtype = try lowering.attributes(node).string("dtype")
                    if ["float32", "float16", "float64"].contains(dtype) { return operands[0] }
                    guard let cast = lowering.integerCast(operands[0], dtype: dtype, name: name) else {
                        throw lowering.failure("core op 'cast' to \(dtype) has no Core ML lowering yet")
                    }
                    return cast
                }
            ),
        ]
}
