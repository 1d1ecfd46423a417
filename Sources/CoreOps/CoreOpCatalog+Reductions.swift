import Foundation

/// Reductions over axes, and the normalizations built on them (`softmax`, `l2_normalize`).
extension CoreOpCatalog {
    static let reductionOps: [CoreOp] = [
        reduction("reduce_sum", "Sum over axes (0 for none).") { $0.reduce(0, +) },
        reduction("reduce_mean", "Mean over axes (nan for none).") { $0.reduce(0, +) / Double($0.count) },
        reduction("reduce_max", "Maximum over axes (-inf for none; nan if any is nan).") { group in
            group.contains(where: \.isNaN) ? .nan : group.max() ?? -.infinity
        },
        reduction("reduce_min", "Minimum over axes (+inf for none; nan if any is nan).") { group in
            group.contains(where: \.isNaN) ? .nan : group.min() ?? .infinity
        },
        reduction("reduce_prod", "Product over axes (1 for none).") { $0.reduce(1, *) },
        reduction("reduce_variance", "Population variance over axes (divides by n, as tf.math.reduce_variance).") {
            variance($0)
        },
        CoreOp(
            name: "softmax",
            summary: "exp(x) / sum(exp(x)) along axis, shifted by the maximum for stability.",
            operands: .fixed(1), attributes: [.int("axis", -1)],
            shape: { shapes, attributes throws(CoreOpError) in
                _ = try ShapeRules.axis(try attributes.int("axis"), rank: shapes[0].count, shape: shapes[0])
                return shapes[0]
            },
            evaluate: { operands, attributes throws(CoreOpError) in
                let x = operands[0]
                let axis = try ShapeRules.axis(
                    try attributes.int("axis"), rank: x.rank, shape: ShapeRules.known(x.shape))
                let peak = x.reduced(over: [axis], keepingDimensions: true) { $0.max() ?? 0 }
                let shifted = try Tensor.elementwise(x, peak) { Foundation.exp($0 - $1) }
                let total = shifted.reduced(over: [axis], keepingDimensions: true) { $0.reduce(0, +) }
                return try Tensor.elementwise(shifted, total, /)
            }
        ),
        CoreOp(
            name: "l2_normalize",
            summary: "x / sqrt(max(sum(x ** 2 over axis), epsilon)), as tf.math.l2_normalize.",
            operands: .fixed(1),
            attributes: [.required("axis", .intOrInts), .float("epsilon", 1e-12)],
            shape: { shapes, attributes throws(CoreOpError) in
                _ = try ShapeRules.axes(try attributes.ints("axis"), shape: shapes[0])
                return shapes[0]
            },
            evaluate: { operands, attributes throws(CoreOpError) in
                let x = operands[0]
                let axes = try ShapeRules.axes(try attributes.ints("axis"), shape: ShapeRules.known(x.shape))
                let epsilon = try attributes.float("epsilon")
                let squares = x.reduced(over: axes, keepingDimensions: true) { $0.reduce(0) { $0 + $1 * $1 } }
                return try Tensor.elementwise(x, squares) { $0 / Swift.max($1, epsilon).squareRoot() }
            }
        ),
    ]

    /// A reduction with `axes` (None for all; negative axes count from the end) and `keepdims`.
    private static func reduction(
        _ name: String, _ summary: String, _ combine: @escaping @Sendable ([Double]) -> Double
    ) -> CoreOp {
        CoreOp(
            name: name, summary: summary, operands: .fixed(1),
            attributes: [.axesOrAll("axes"), .bool("keepdims", false)],
            shape: { shapes, attributes throws(CoreOpError) in
                let input = shapes[0]
                let axes = try ShapeRules.axes(try attributes.intsOrNone("axes"), shape: input)
                if try attributes.bool("keepdims") {
                    return input.enumerated().map { axes.contains($0.offset) ? 1 : $0.element }
                }
                return input.enumerated().filter { !axes.contains($0.offset) }.map(\.element)
            },
            evaluate: { operands, attributes throws(CoreOpError) in
                let x = operands[0]
                let axes = try ShapeRules.axes(try attributes.intsOrNone("axes"), shape: ShapeRules.known(x.shape))
                return x.reduced(over: axes, keepingDimensions: try attributes.bool("keepdims"), combine)
            }
        )
    }

    /// The mean squared deviation from the mean, in two passes for accuracy.
    @Sendable private static func variance(_ group: [Double]) -> Double {
        let mean = group.reduce(0, +) / Double(group.count)
        return group.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(group.count)
    }
}
