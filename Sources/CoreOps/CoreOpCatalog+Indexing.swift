/// Ops that select or add elements by position: `slice` (TensorFlow's strided slice) and `pad`.
extension CoreOpCatalog {
    static let indexingOps: [CoreOp] = [
        CoreOp(
            name: "slice",
            summary: "TensorFlow's strided_slice: begin/end/strides per index, negative indices and strides, masks.",
            operands: .fixed(1),
            attributes: [
                .required("begin", .ints), .required("end", .ints), .axesOrAll("strides"),
                .int("begin_mask", 0), .int("end_mask", 0), .int("shrink_axis_mask", 0),
                .int("ellipsis_mask", 0), .int("new_axis_mask", 0),
            ],
            shape: { shapes, attributes throws(CoreOpError) in
                try stridedSlice(shapes[0], attributes).shape
            },
            evaluate: { operands, attributes throws(CoreOpError) in
                try stridedSlice(ShapeRules.known(operands[0].shape), attributes).apply(to: operands[0])
            }
        ),
        CoreOp(
            name: "pad",
            summary: "Pads each dimension by paddings [before0, after0, before1, ...]: with a constant, or mirrored.",
            operands: .fixed(1),
            attributes: [
                .required("paddings", .ints),
                AttributeSpec(name: "mode", kind: .enumeration(PadMode.names), defaultValue: .string("constant")),
                .float("constant", 0),
            ],
            shape: { shapes, attributes throws(CoreOpError) in
                try paddedShape(shapes[0], attributes)
            },
            evaluate: { operands, attributes throws(CoreOpError) in
                try pad(operands[0], attributes)
            }
        ),
    ]

    private static func stridedSlice(_ input: [Int?], _ attributes: AttributeReader) throws(CoreOpError) -> StridedSlice
    {
        let begin = try attributes.ints("begin")
        let masks = StridedSlice.Masks(
            begin: try attributes.int("begin_mask"), end: try attributes.int("end_mask"),
            ellipsis: try attributes.int("ellipsis_mask"), newAxis: try attributes.int("new_axis_mask"),
            shrinkAxis: try attributes.int("shrink_axis_mask"))
        return try StridedSlice(
            input: input, begin: begin, end: try attributes.ints("end"),
            strides: try attributes.intsOrNone("strides") ?? Array(repeating: 1, count: begin.count), masks: masks)
    }

    /// How `pad` fills the border.
    private enum PadMode: String, CaseIterable {
        /// The `constant` attribute.
        case constant
        /// A mirror image excluding the edge element: `[1, 2, 3]` padded by 2 is `3 2 [1 2 3] 2 1`.
        case reflect
        /// A mirror image including the edge element: `2 1 [1 2 3] 3 2`.
        case symmetric

        static let names = allCases.map(\.rawValue)

        /// The most padding a dimension of `size` allows on one side.
        func limit(_ size: Int) -> Int? {
            switch self {
            case .constant: return nil
            case .reflect: return size - 1
            case .symmetric: return size
            }
        }

        /// The source position of an output position `position` that may lie outside `0..<size`.
        func source(_ position: Int, size: Int) -> Int? {
            if position >= 0 && position < size { return position }
            switch self {
            case .constant: return nil
            case .reflect: return position < 0 ? -position : 2 * (size - 1) - position
            case .symmetric: return position < 0 ? -position - 1 : 2 * size - 1 - position
            }
        }
    }

    /// The paddings as (before, after) pairs, checked against the input's rank and the mode's limits.
    private static func paddings(
        _ input: [Int?], _ attributes: AttributeReader
    ) throws(CoreOpError) -> (pairs: [(before: Int, after: Int)], mode: PadMode) {
        let flat = try attributes.ints("paddings")
        let mode = PadMode(rawValue: try attributes.string("mode")) ?? .constant
        guard flat.count == 2 * input.count, flat.allSatisfy({ $0 >= 0 }) else {
            let shape = ShapeRules.describe(input)
            throw CoreOpError("paddings \(flat) must be a non-negative (before, after) pair per dimension of \(shape)")
        }
        let pairs = input.indices.map { (before: flat[2 * $0], after: flat[2 * $0 + 1]) }
        for (axis, pair) in pairs.enumerated() {
            let widest = Swift.max(pair.before, pair.after)
            if let size = input[axis], let limit = mode.limit(size), widest > limit {
                let shape = ShapeRules.describe(input)
                throw CoreOpError(
                    "\(mode.rawValue) padding of \(widest) exceeds \(limit) for axis \(axis) of shape \(shape)")
            }
        }
        return (pairs, mode)
    }

    private static func paddedShape(_ input: [Int?], _ attributes: AttributeReader) throws(CoreOpError) -> [Int?] {
        let (pairs, _) = try paddings(input, attributes)
        var result: [Int?] = []
        for (dimension, pair) in zip(input, pairs) {
            result.append(
                try ShapeRules.map(dimension) { (size: Int) throws(CoreOpError) in
                    try ShapeRules.add(try ShapeRules.add(size, pair.before), pair.after)
                })
        }
        return result
    }

    private static func pad(_ x: Tensor, _ attributes: AttributeReader) throws(CoreOpError) -> Tensor {
        let (pairs, mode) = try paddings(ShapeRules.known(x.shape), attributes)
        let fill = try attributes.float("constant")
        let shape = try paddedShape(ShapeRules.known(x.shape), attributes).map { $0 ?? 0 }
        return Tensor(shape: shape) { (index: [Int]) -> Double in
            var source: [Int] = []
            for (axis, position) in index.enumerated() {
                guard let inside = mode.source(position - pairs[axis].before, size: x.shape[axis]) else { return fill }
                source.append(inside)
            }
            return x[source]
        }
    }
}
