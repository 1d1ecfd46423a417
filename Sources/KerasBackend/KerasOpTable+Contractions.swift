import CoreOps
import JSON

/// `matmul` as Keras layers: two rank-3 tensors (batch, rows, inner) are what `Dot` computes
/// in both flavours (its batch_dot contracts one axis of each, keeping x's other axis then
/// y's); any other pair is tf_keras's `TFOpLambda(linalg.matmul)`. Keras 3 has no layer for a
/// batched matmul of higher rank, and its keras.ops Lambdas take one tensor, so it refuses those.
extension KerasOpTable {
    static let contractions: [(key: String, value: Lowering)] = [
        ("matmul", { planner, node, operands in try matmul(&planner, node, operands) })
    ]

    private static func matmul(
        _ planner: inout LayerPlanner, _ node: CoreOpGraph.Node, _ operands: [PlanValue]
    ) throws(KerasRewriteFailure) -> PlanValue {
        let attributes = attributes(node)
        let (transposeA, transposeB) = (try attributes.bool("transpose_a"), try attributes.bool("transpose_b"))
        let (x, y) = (operands[0], operands[1])
        for operand in [x, y] {
            if case .scalar = operand { throw KerasRewriteFailure(op: node.op, "a constant operand has no layer") }
        }
        if planner.shape(of: x)?.count == 3, planner.shape(of: y)?.count == 3 {
            let axes: [JSONValue] = [.int(transposeA ? 1 : 2), .int(transposeB ? 2 : 1)]
            return planner.layer(
                "Dot", ["axes": .array(axes), "normalize": .bool(false)], on: [x, y], node: node, operands: operands,
                asList: true)
        }
        return try planner.function(
            tf: "linalg.matmul", keras: nil, x, node: node, operands: operands,
            keywords: ["transpose_a": .bool(transposeA), "transpose_b": .bool(transposeB)],
            tensorKeywords: [("b", y)])
    }
}
