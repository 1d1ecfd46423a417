/// Ops that select, rank or accumulate along one axis: `gather`, `argmax`, `argmin`, `top_k`,
/// `one_hot`, `cumsum` and `cumprod`.
///
/// Indices they produce (`argmax`, `top_k`'s indices) are float tensors, as every Core ML
/// NeuralNetwork tensor is; TensorFlow gives int32 or int64 there, so a Lambda that casts them to
/// float (`K.cast(K.argmax(x), 'float32')`) is exact and one that keeps them integer differs in
/// dtype only.
extension CoreOpCatalog {
    static let selectionOps: [CoreOp] = [
        CoreOp(
            name: "gather",
            summary:
                "Takes the positions indices (negative ones count from the end) along axis, as tf.gather with "
                + "constant indices; the axis' size must be known, so never the batch axis.",
            operands: .fixed(1), attributes: [.required("indices", .ints), .int("axis", 0)],
            shape: { shapes, attributes throws(CoreOpError) in
                try gathering(shapes[0], attributes).shape
            },
            evaluate: { operands, attributes throws(CoreOpError) in
                let x = operands[0]
                let (axis, positions, _) = try gathering(ShapeRules.known(x.shape), attributes)
                return try x.mappingLines(along: axis, length: positions.count) { line in positions.map { line[$0] } }
            }
        ),
        argumentExtreme("argmax", "largest") { $0 > $1 },
        argumentExtreme("argmin", "smallest") { $0 < $1 },
        CoreOp(
            name: "top_k",
            summary:
                "The k largest values along the last axis in descending order (output 'values') or their "
                + "positions as floats (output 'indices'), as tf.math.top_k with sorted=True (ties: lower index first).",
            operands: .fixed(1),
            attributes: [
                .required("k", .int),
                AttributeSpec(
                    name: "output", kind: .enumeration(["values", "indices"]), defaultValue: .string("values")),
            ],
            shape: { shapes, attributes throws(CoreOpError) in
                try topKShape(shapes[0], k: try attributes.int("k"))
            },
            evaluate: { operands, attributes throws(CoreOpError) in
                let x = operands[0]
                let k = try attributes.int("k")
                _ = try topKShape(ShapeRules.known(x.shape), k: k)
                let wantsIndices = try attributes.string("output") == "indices"
                return try x.mappingLines(along: x.rank - 1, length: k) { line in
                    let ranked = line.indices.sorted { line[$0] > line[$1] || (line[$0] == line[$1] && $0 < $1) }
                    return ranked.prefix(k).map { wantsIndices ? Double($0) : line[$0] }
                }
            }
        ),
        CoreOp(
            name: "one_hot",
            summary:
                "Appends an axis of size depth: on_value where its position equals the operand's value, off_value "
                + "elsewhere (values outside 0..<depth give all off_value), as tf.one_hot with axis -1.",
            operands: .fixed(1),
            attributes: [.required("depth", .int), .float("on_value", 1), .float("off_value", 0)],
            shape: { shapes, attributes throws(CoreOpError) in
                let depth = try attributes.int("depth")
                guard depth >= 0 else { throw CoreOpError("depth \(depth) is negative") }
                return shapes[0] + [depth]
            },
            evaluate: { operands, attributes throws(CoreOpError) in
                let x = operands[0]
                let depth = try attributes.int("depth")
                guard depth >= 0 else { throw CoreOpError("depth \(depth) is negative") }
                let (on, off) = (try attributes.float("on_value"), try attributes.float("off_value"))
                return Tensor(shape: x.shape + [depth]) { (index: [Int]) -> Double in
                    let value = x[Array(index.dropLast())]
                    return value.rounded(.towardZero) == value && Double(index[index.count - 1]) == value ? on : off
                }
            }
        ),
        accumulation("cumsum", "sum", 0, +),
        accumulation("cumprod", "product", 1, *),
    ]

    /// The axis, the non-negative positions and the output shape of a `gather`.
    private static func gathering(
        _ input: [Int?], _ attributes: AttributeReader
    ) throws(CoreOpError) -> (axis: Int, positions: [Int], shape: [Int?]) {
        let axis = try ShapeRules.axis(try attributes.int("axis"), rank: input.count, shape: input)
        guard let size = input[axis] else {
            throw CoreOpError(
                "gathers along axis \(axis), whose size is not known: on the batch axis it would pick samples "
                    + "of the batch, which a Core ML model (one sample at a time) cannot express")
        }
        var positions: [Int] = []
        for index in try attributes.ints("indices") {
            guard index >= -size && index < size else {
                throw CoreOpError(
                    "index \(index) is out of range for axis \(axis) of shape \(ShapeRules.describe(input))")
            }
            positions.append(index < 0 ? index + size : index)
        }
        var shape = input
        shape[axis] = positions.count
        return (axis, positions, shape)
    }

    /// `argmax` or `argmin`: the first position of the extreme value along `axis`, as a float,
    /// with that axis removed.
    private static func argumentExtreme(
        _ name: String, _ extreme: String, _ better: @escaping @Sendable (Double, Double) -> Bool
    ) -> CoreOp {
        CoreOp(
            name: name,
            summary:
                "The position of the \(extreme) value along axis (the first on ties) as a float, the axis "
                + "removed; TensorFlow gives int64.",
            operands: .fixed(1), attributes: [.int("axis", -1)],
            shape: { shapes, attributes throws(CoreOpError) in
                let input = shapes[0]
                let axis = try ShapeRules.axis(try attributes.int("axis"), rank: input.count, shape: input)
                if input[axis] == 0 { throw CoreOpError("axis \(axis) is empty") }
                return input.enumerated().filter { $0.offset != axis }.map(\.element)
            },
            evaluate: { operands, attributes throws(CoreOpError) in
                let x = operands[0]
                let axis = try ShapeRules.axis(
                    try attributes.int("axis"), rank: x.rank, shape: ShapeRules.known(x.shape))
                if x.shape[axis] == 0 { throw CoreOpError("axis \(axis) is empty") }
                let picked = try x.mappingLines(along: axis, length: 1) { line in
                    var best = 0
                    for position in line.indices where better(line[position], line[best]) { best = position }
                    return [Double(best)]
                }
                return try picked.reshaped(x.shape.enumerated().filter { $0.offset != axis }.map(\.element))
            }
        )
    }

    /// `cumsum` or `cumprod` along `axis`; `exclusive` leaves out each element itself (the first
    /// becomes `identity`), `reverse` runs from the end.
    private static func accumulation(
        _ name: String, _ what: String, _ identity: Double, _ combine: @escaping @Sendable (Double, Double) -> Double
    ) -> CoreOp {
        CoreOp(
            name: name,
            summary:
                "The running \(what) along axis; exclusive leaves out each element itself, reverse runs from the "
                + "end (tf.math.\(name)).",
            operands: .fixed(1),
            attributes: [.required("axis", .int), .bool("exclusive", false), .bool("reverse", false)],
            shape: { shapes, attributes throws(CoreOpError) in
                _ = try ShapeRules.axis(try attributes.int("axis"), rank: shapes[0].count, shape: shapes[0])
                return shapes[0]
            },
            evaluate: { operands, attributes throws(CoreOpError) in
                let x = operands[0]
                let axis = try ShapeRules.axis(
                    try attributes.int("axis"), rank: x.rank, shape: ShapeRules.known(x.shape))
                let (exclusive, reverse) = (try attributes.bool("exclusive"), try attributes.bool("reverse"))
                return try x.mappingLines(along: axis, length: x.shape[axis]) { line in
                    var running = identity
                    var result: [Double] = []
                    for value in reverse ? line.reversed() : line {
                        if exclusive { result.append(running) }
                        running = combine(running, value)
                        if !exclusive { result.append(running) }
                    }
                    return reverse ? result.reversed() : result
                }
            }
        )
    }

    /// `top_k`'s shape: the last axis becomes k, which must be within its known size.
    private static func topKShape(_ input: [Int?], k: Int) throws(CoreOpError) -> [Int?] {
        guard let last = input.last else { throw CoreOpError("needs at least one dimension") }
        guard k >= 0, last.map({ k <= $0 }) ?? true else {
            throw CoreOpError("k \(k) is out of range for the last axis of \(ShapeRules.describe(input))")
        }
        return input.dropLast() + [k]
    }
}
