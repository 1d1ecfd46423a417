/// Folds the Python a Lambda computes on shapes, where the model's static shapes decide it:
/// `tf.shape(x)[1]` of a known dimension is that number, `x.shape.as_list()[1:]` is a tuple, and
/// a reshape to `[tf.shape(x)[0], -1, 2]` keeps x's batch. The batch size itself stays symbolic.
struct ShapeFolder {
    let graph: TermGraph
    let shapeOf: (TermID) -> [Int?]?

    /// Library reshapes (their operand and shape parameters) whose shape may name the batch.
    static let reshapes: [String: (operand: String, shape: String)] = [
        "tensorflow.reshape": ("tensor", "shape"), "keras.backend.reshape": ("x", "shape"),
        "keras.ops.reshape": ("x", "newshape"),
    ]

    func fold(_ id: TermID) -> TermID? {
        guard case .apply(let head, let arguments, let keywords) = graph[id] else { return nil }
        if head == "py.method.as_list", arguments.count == 1, keywords.isEmpty {
            if let inner = graph.head(of: arguments[0]), inner == "py.tuple" || inner == "py.list" {
                return arguments[0]
            }
            return nil
        }
        if head == "py.getitem", arguments.count == 2, keywords.isEmpty {
            return sliceOfTuple(arguments[0], arguments[1])
        }
        if head == "slice", arguments.count == 1, case .apply("shape", let operands, _) = graph[arguments[0]],
            operands.count == 1
        {
            return dimensions(of: operands[0], keywords)
        }
        if head == "mul", arguments.count == 2, keywords.isEmpty {
            return scaledSizes(arguments[0], arguments[1]) ?? scaledSizes(arguments[1], arguments[0])
        }
        if let parameters = Self.reshapes[head] {
            return reshapeKeepingBatch(head, arguments, keywords, parameters)
        }
        return nil
    }

    /// `tf.shape(x)[1:3] * 2` once the sizes are known: the folded sizes became a constant tensor
    /// (`const(value=(h, w))`) times an int, which is the tuple of products (a new image size).
    private func scaledSizes(_ sizes: TermID, _ factor: TermID) -> TermID? {
        guard case .int(let scale)? = graph.literal(of: factor),
            case .apply("const", let operands, let keywords) = graph[sizes], operands.isEmpty, keywords.count == 1,
            keywords[0].name == "value", graph.head(of: keywords[0].value) == "py.tuple"
        else { return nil }
        var products: [TermID] = []
        for item in graph.children(of: keywords[0].value) {
            guard case .int(let size)? = graph.literal(of: item) else { return nil }
            let (product, overflow) = size.multipliedReportingOverflow(by: scale)
            guard !overflow else { return nil }
            products.append(graph.constant(.int(product)))
        }
        return graph.apply("py.tuple", products)
    }

    /// `(a, b, c)[1:]`: the items a constant Python slice selects.
    private func sliceOfTuple(_ container: TermID, _ index: TermID) -> TermID? {
        guard let head = graph.head(of: container), head == "py.tuple" || head == "py.list",
            case .apply("py.slice", let bounds, _) = graph[index], bounds.count == 3
        else { return nil }
        let values = bounds.map { bound -> Int?? in
            switch graph.literal(of: bound) {
            case .int(let value)?: return .some(value)
            case Literal.none?: return .some(nil)
            default: return nil
            }
        }
        guard let lower = values[0], let upper = values[1], let step = values[2] else { return nil }
        let items = graph.children(of: container)
        guard let positions = Self.positions(count: items.count, lower, upper, step ?? 1) else { return nil }
        return graph.apply(head, positions.map { items[$0] })
    }

    /// The positions Python's `items[lower:upper:step]` selects (as `slice.indices` clamps them).
    static func positions(count: Int, _ lower: Int?, _ upper: Int?, _ step: Int) -> [Int]? {
        guard step != 0 else { return nil }
        func clamp(_ value: Int?, _ defaultValue: Int) -> Int {
            guard var value else { return defaultValue }
            if value < 0 { value += count }
            return step > 0 ? min(max(value, 0), count) : min(max(value, -1), count - 1)
        }
        let start = clamp(lower, step > 0 ? 0 : count - 1)
        let stop = clamp(upper, step > 0 ? count : -1)
        return Array(stride(from: start, to: stop, by: step))
    }

    /// `slice(shape(x), ...)`, a strided slice of x's dynamic shape along its one axis, as the
    /// static sizes it reads: an int for an index, a tuple for a range; nil when a size read is
    /// unknown (the batch), so that the slice stays.
    private func dimensions(of operand: TermID, _ keywords: [TermKeyword]) -> TermID? {
        guard let shape = shapeOf(operand) else { return nil }
        var attributes: [String: TermID] = [:]
        for keyword in keywords { attributes[keyword.name] = keyword.value }
        func first(_ name: String) -> Int? {
            guard let id = attributes[name] else { return nil }
            if case .int(let value)? = graph.literal(of: id) { return value }
            guard graph.head(of: id) == "py.tuple", graph.children(of: id).count == 1,
                case .int(let value)? = graph.literal(of: graph.children(of: id)[0])
            else { return nil }
            return value
        }
        func mask(_ name: String) -> Int? {
            guard let id = attributes[name] else { return 0 }
            if case .int(let value)? = graph.literal(of: id) { return value & 1 }
            return nil
        }
        let known: Set = ["begin", "end", "strides", "begin_mask", "end_mask", "shrink_axis_mask"]
        guard Set(attributes.keys).isSubset(of: known), let begin = first("begin"), let end = first("end"),
            let step = first("strides"), let beginMask = mask("begin_mask"), let endMask = mask("end_mask"),
            let shrink = mask("shrink_axis_mask")
        else { return nil }
        if shrink == 1 {
            let position = begin < 0 ? begin + shape.count : begin
            guard shape.indices.contains(position), let size = shape[position] else { return nil }
            return graph.constant(.int(size))
        }
        guard
            let positions = Self.positions(
                count: shape.count, beginMask == 1 ? nil : begin, endMask == 1 ? nil : end, step)
        else { return nil }
        var sizes: [TermID] = []
        for position in positions {
            guard let size = shape[position] else { return nil }
            sizes.append(graph.constant(.int(size)))
        }
        return graph.apply("py.tuple", sizes)
    }
}
