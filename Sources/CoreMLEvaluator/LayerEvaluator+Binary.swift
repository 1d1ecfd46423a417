import CoreMLSpec
import CoreOps
import Foundation

/// Element-wise layers of several inputs: the NumPy-broadcasting rank-N ones, the comparisons
/// (with `alpha` standing in for a missing second input), `whereBroadcastable`, and the classic
/// `add`, `multiply`, `average`, `max` and `min`.
extension LayerEvaluator {
    static let binaryEvaluators: [LayerEvaluator] = [
        broadcastable("addBroadcastable", +),
        broadcastable("subtractBroadcastable", -),
        broadcastable("multiplyBroadcastable", *),
        broadcastable("divideBroadcastable", /),
        broadcastable("powBroadcastable") { Foundation.pow($0, $1) },
        broadcastable("maxBroadcastable") { Swift.max($0, $1) },
        broadcastable("minBroadcastable") { Swift.min($0, $1) },
        comparison("equal", \.equal.alpha) { $0 == $1 },
        comparison("notEqual", \.notEqual.alpha) { $0 != $1 },
        comparison("lessThan", \.lessThan.alpha) { $0 < $1 },
        comparison("lessEqual", \.lessEqual.alpha) { $0 <= $1 },
        comparison("greaterThan", \.greaterThan.alpha) { $0 > $1 },
        comparison("greaterEqual", \.greaterEqual.alpha) { $0 >= $1 },
        LayerEvaluator(kind: "whereBroadcastable") { (_, context) throws(CoreMLEvaluationError) -> [Tensor] in
            let operands = try context.inputs(3...3)
            return [
                try context.shapes { () throws(CoreOpError) in
                    try Tensor.elementwise(operands) { $0[0] != 0 ? $0[1] : $0[2] }
                }
            ]
        },
        .single("add", \.add) { (params, context) throws(CoreMLEvaluationError) -> Tensor in
            try classic(context, alpha: Double(params.alpha), single: +) { $0.reduce(0, +) }
        },
        .single("multiply", \.multiply) { (params, context) throws(CoreMLEvaluationError) -> Tensor in
            try classic(context, alpha: Double(params.alpha), single: *) { $0.reduce(1, *) }
        },
        .single("average", \.average) { (_, context) throws(CoreMLEvaluationError) -> Tensor in
            try classic(context, alpha: nil, single: nil) { $0.reduce(0, +) / Double($0.count) }
        },
        .single("max", \.max) { (_, context) throws(CoreMLEvaluationError) -> Tensor in
            try classic(context, alpha: nil, single: nil) { $0.max() ?? .nan }
        },
        .single("min", \.min) { (_, context) throws(CoreMLEvaluationError) -> Tensor in
            try classic(context, alpha: nil, single: nil) { $0.min() ?? .nan }
        },
    ]

    private static func broadcastable(
        _ kind: String, _ combine: @escaping @Sendable (Double, Double) -> Double
    ) -> LayerEvaluator {
        LayerEvaluator(kind: kind) { (_, context) throws(CoreMLEvaluationError) -> [Tensor] in
            let operands = try context.inputs(2...2)
            return [
                try context.shapes { () throws(CoreOpError) in
                    try Tensor.elementwise(operands[0], operands[1], combine)
                }
            ]
        }
    }

    /// A comparison giving 1 where it holds and 0 elsewhere.
    private static func comparison(
        _ kind: String,
        _ alpha: KeyPath<CoreML_Specification_NeuralNetworkLayer, Float> & Sendable,
        _ holds: @escaping @Sendable (Double, Double) -> Bool
    ) -> LayerEvaluator {
        LayerEvaluator(kind: kind) { (layer, context) throws(CoreMLEvaluationError) -> [Tensor] in
            let operands = try context.inputs(1...2)
            let rhs = operands.count == 2 ? operands[1] : Tensor(scalar: Double(layer[keyPath: alpha]))
            return [
                try context.shapes { () throws(CoreOpError) in
                    try Tensor.elementwise(operands[0], rhs) { holds($0, $1) ? 1 : 0 }
                }
            ]
        }
    }

    /// The classic multi-input layers: with one input, `single(x, alpha)` when the kind has an
    /// `alpha` (the identity otherwise); with several, the inputs broadcast together.
    private static func classic(
        _ context: LayerContext, alpha: Double?, single: ((Double, Double) -> Double)?,
        combine: ([Double]) -> Double
    ) throws(CoreMLEvaluationError) -> Tensor {
        let operands = try context.inputs(1...Int.max)
        if operands.count == 1 {
            guard let alpha, let single else { return operands[0] }
            return operands[0].map { single($0, alpha) }
        }
        return try context.shapes { () throws(CoreOpError) in try Tensor.elementwise(operands, combine) }
    }
}
