import CoreOps
import JSON

extension KerasOpTable {
    /// Selection and scans as module functions (tf.keras: `TFOpLambda`; Keras 3: a `Lambda` of
    /// `keras.ops`): `gather` (tf.gather / ops.take), `argmax` and `argmin` (then a cast to
    /// float32, as the core ops give positions as floats), `one_hot`, `cumsum` and `cumprod`.
    /// Keras 3 forms exist only where keras.ops takes the same arguments: its one_hot has no
    /// on/off values and its cumsum no exclusive/reverse. `top_k` is refused (``refusals``): its
    /// result is a (values, indices) pair that a layer cannot take apart.
    static let selection: [(key: String, value: Lowering)] = [
        (
            "gather",
            { planner, node, operands in
                let attributes = attributes(node)
                let axis = try attributes.int("axis")
                var indices = try attributes.ints("indices")
                // tf.gather refuses negative positions on CPU: count them from the end here.
                if indices.contains(where: { $0 < 0 }) {
                    let shape = planner.shape(of: operands[0]) ?? []
                    let resolved = axis < 0 ? axis + shape.count : axis
                    guard shape.indices.contains(resolved), let size = shape[resolved] else {
                        throw KerasRewriteFailure(op: node.op, "negative positions along an axis of unknown size")
                    }
                    indices = indices.map { $0 < 0 ? $0 + size : $0 }
                }
                let keywords: JSONObject = ["indices": .array(indices.map(JSONValue.int)), "axis": .int(axis)]
                return try planner.function(
                    tf: "gather", keras: "take", operands[0], node: node, operands: operands, keywords: keywords)
            }
        ),
        ("argmax", positionsAsFloats(tf: "math.argmax", keras: "argmax")),
        ("argmin", positionsAsFloats(tf: "math.argmin", keras: "argmin")),
        (
            "one_hot",
            { planner, node, operands in
                let attributes = attributes(node)
                let (depth, on, off) = (
                    try attributes.int("depth"), try attributes.float("on_value"), try attributes.float("off_value")
                )
                return try planner.function(
                    tf: "one_hot", keras: on == 1 && off == 0 ? "one_hot" : nil, operands[0], node: node,
                    operands: operands,
                    keywords: ["depth": .int(depth), "on_value": .double(on), "off_value": .double(off)],
                    kerasKeywords: ["num_classes": .int(depth)])
            }
        ),
        ("cumsum", accumulation(tf: "math.cumsum", keras: "cumsum")),
        ("cumprod", accumulation(tf: "math.cumprod", keras: "cumprod")),
    ]

    /// argmax or argmin along `axis`, then a cast of the int64 positions to float32.
    private static func positionsAsFloats(tf: String, keras: String) -> Lowering {
        { planner, node, operands in
            let axis = try attributes(node).int("axis")
            let positions = try planner.function(
                tf: tf, keras: keras, operands[0], node: node, operands: operands, keywords: ["axis": .int(axis)])
            return try planner.function(
                tf: "cast", keras: "cast", positions, node: node, operands: operands,
                keywords: ["dtype": .string("float32")])
        }
    }

    /// tf.math.cumsum / cumprod with all three arguments; keras.ops only when it is neither
    /// exclusive nor reversed (it has no such arguments).
    private static func accumulation(tf: String, keras: String) -> Lowering {
        { planner, node, operands in
            let attributes = attributes(node)
            let axis = try attributes.int("axis")
            let (exclusive, reverse) = (try attributes.bool("exclusive"), try attributes.bool("reverse"))
            return try planner.function(
                tf: tf, keras: exclusive || reverse ? nil : keras, operands[0], node: node, operands: operands,
                keywords: ["axis": .int(axis), "exclusive": .bool(exclusive), "reverse": .bool(reverse)],
                kerasKeywords: ["axis": .int(axis)])
        }
    }
}
