import Foundation

/// Binary arithmetic, comparisons and `select`: elementwise with NumPy broadcasting.
extension CoreOpCatalog {
    static let elementwiseOps: [CoreOp] = [
        binary("add", "x + y.") { $0 + $1 },
        binary("sub", "x - y.") { $0 - $1 },
        binary("mul", "x * y.") { $0 * $1 },
        binary("div", "x / y (IEEE: a zero divisor gives ±inf or nan, as TensorFlow's float division).") { $0 / $1 },
        binary("pow", "x ** y.") { Foundation.pow($0, $1) },
        binary("maximum", "The larger of x and y; nan if either is nan.") { x, y in
            x.isNaN || y.isNaN ? .nan : max(x, y)
        },
        binary("minimum", "The smaller of x and y; nan if either is nan.") { x, y in
            x.isNaN || y.isNaN ? .nan : min(x, y)
        },
        comparison("less", "1.0 where x < y, else 0.0.") { $0 < $1 },
        comparison("less_equal", "1.0 where x <= y, else 0.0.") { $0 <= $1 },
        comparison("greater", "1.0 where x > y, else 0.0.") { $0 > $1 },
        comparison("greater_equal", "1.0 where x >= y, else 0.0.") { $0 >= $1 },
        comparison("equal", "1.0 where x == y, else 0.0.") { $0 == $1 },
        comparison("not_equal", "1.0 where x != y, else 0.0.") { $0 != $1 },
        CoreOp(
            name: "select",
            summary: "a where condition is non-zero, else b (tf.where with three operands), with broadcasting.",
            operands: .fixed(3),
            shape: { shapes, _ throws(CoreOpError) in
                try ShapeRules.broadcast(try ShapeRules.broadcast(shapes[0], shapes[1]), shapes[2])
            },
            evaluate: { operands, _ throws(CoreOpError) in
                try Tensor.elementwise(operands) { $0[0] != 0 ? $0[1] : $0[2] }
            }
        ),
    ]

    private static func binary(
        _ name: String, _ summary: String, _ combine: @escaping @Sendable (Double, Double) -> Double
    ) -> CoreOp {
        CoreOp(
            name: name, summary: summary + " Broadcasts.", operands: .fixed(2),
            shape: { shapes, _ throws(CoreOpError) in try ShapeRules.broadcast(shapes[0], shapes[1]) },
            evaluate: { operands, _ throws(CoreOpError) in try Tensor.elementwise(operands[0], operands[1], combine) }
        )
    }

    private static func comparison(
        _ name: String, _ summary: String, _ holds: @escaping @Sendable (Double, Double) -> Bool
    ) -> CoreOp {
        binary(name, summary) { holds($0, $1) ? 1 : 0 }
    }
}
