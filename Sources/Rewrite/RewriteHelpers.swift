/// Native functions a rule's `rewrite` may call, for what patterns cannot compute: turning a
/// Python index into `slice` attributes, or an axis into a list. They run when their operands
/// are constants; until then the term waits (and is residue if it never gets there).
public enum RewriteHelpers {
    typealias Helper = @Sendable (_ context: HelperContext, _ arguments: [TermID]) -> TermID?

    struct HelperContext {
        let graph: TermGraph
        let ints: (TermID) -> [Int]?
        let shapeOf: (TermID) -> [Int?]?
    }

    /// Helper name, operand count, what it does (for `Rules/README.md` and lint).
    static let table: [(name: String, arity: Int, summary: String, run: Helper)] = [
        ("index_slice", 2, "x[index] as slice(x, begin, end, strides, masks) for a constant Python index", indexSlice),
        (
            "sized_slice", 3,
            "keras.ops.slice(x, start, shape) as slice(x, begin, end, strides, end_mask) (a size of -1 reads to the end)",
            sizedSlice
        ),
        ("axes", 1, "an int or a tuple/list of ints as a tuple of ints (None stays None)", axes),
        ("dim", 2, "the static size of dimension i of x, when known", dimension),
        (
            "constant_tensor", 1,
            "a nested list of numbers as const(value, shape), its values in row-major order", constantTensorHelper
        ),
        ("flatten", 1, "nested tuples/lists of ints as one flat tuple ([[0, 0], [1, 1]] is (0, 0, 1, 1))", flatten),
        ("lower", 1, "a string constant in lower case ('REFLECT' is 'reflect')", lower),
        (
            "static_shape", 1, "the static shape of x as a tuple (None for unknown dimensions), when its rank is known",
            staticShape
        ),
        ("stack", 2, "a list of tensors stacked along a new axis: concat of expand_dims", stack),
        ("truth", 1, "a constant's truth value as True or False (None is False)", truth),
        ("sum_all", 1, "the sum of a list of tensors: add(add(a, b), c)...", sumAll),
        // Contractions and splitting (RewriteHelpers+Contractions.swift, +Splitting.swift).
        ("einsum", 2, "einsum(equation, (x, y)) as transpose, matmul, mul and reduce_sum", einsum),
        (
            "batch_dot", 3,
            "K.batch_dot(x, y, axes) as transpose, matmul and reduce_sum (2-D operands give (batch, 1))", batchDot
        ),
        ("keras_dot", 2, "K.dot(x, y): x's last axis summed with y's second-to-last (matmul when y is 2-D)", kerasDot),
        (
            "tensordot", 3,
            "tf.tensordot(a, b, axes): a's last n axes (or the listed ones) summed with b's first n, by the same"
                + " decomposition", tensordot
        ),
        ("eye", 2, "the n x m identity matrix as a constant (m None is n)", eye),
        ("arange", 3, "the numbers from start up to stop by step as a constant vector (stop None: 0 to start)", arange),
        ("split", 3, "tf.split(x, n or sizes, axis) as a tuple of slices", split),
        ("split_at", 3, "keras.ops.split(x, n or indices, axis) as a tuple of slices", splitAt),
        ("unstack", 2, "tf.unstack(x, axis) as a tuple of slices, each dropping axis", unstack),
        ("repeat", 3, "each element n times in a row along axis: reshape(tile(expand_dims(x)))", repeatElements),
    ]

    static func helper(named name: String) -> Helper? { table.first { $0.name == name }?.run }

    /// The operand count of helper `name`; nil when there is no such helper.
    public static func arity(of name: String) -> Int? { table.first { $0.name == name }?.arity }

    /// Every helper: name, operand count and what it does.
    public static var summaries: [(name: String, arity: Int, summary: String)] {
        table.map { ($0.name, $0.arity, $0.summary) }
    }

    private static func axes(_ context: HelperContext, _ arguments: [TermID]) -> TermID? {
        let graph = context.graph
        if graph.literal(of: arguments[0]) == Literal.none { return arguments[0] }
        guard let values = context.ints(arguments[0]) else { return nil }
        return graph.apply("py.tuple", values.map { graph.constant(.int($0)) })
    }

    private static func flatten(_ context: HelperContext, _ arguments: [TermID]) -> TermID? {
        let graph = context.graph
        func values(_ id: TermID) -> [Int]? {
            if case .int(let value)? = graph.literal(of: id) { return [value] }
            guard let head = graph.head(of: id), head == "py.tuple" || head == "py.list" else { return nil }
            var result: [Int] = []
            for child in graph.children(of: id) {
                guard let inner = values(child) else { return nil }
                result += inner
            }
            return result
        }
        guard let flat = values(arguments[0]) else { return nil }
        return graph.apply("py.tuple", flat.map { graph.constant(.int($0)) })
    }

    private static func staticShape(_ context: HelperContext, _ arguments: [TermID]) -> TermID? {
        guard let shape = context.shapeOf(arguments[0]) else { return nil }
        let graph = context.graph
        return graph.apply("py.tuple", shape.map { graph.constant($0.map(Literal.int) ?? Literal.none) })
    }

    private static func stack(_ context: HelperContext, _ arguments: [TermID]) -> TermID? {
        let graph = context.graph
        guard let head = graph.head(of: arguments[0]), head == "py.list" || head == "py.tuple",
            case .int? = graph.literal(of: arguments[1])
        else { return nil }
        let expanded = graph.children(of: arguments[0]).map {
            graph.apply("expand_dims", [$0], [TermKeyword("axis", arguments[1])])
        }
        return graph.apply("concat", expanded, [TermKeyword("axis", arguments[1])])
    }

    private static func sumAll(_ context: HelperContext, _ arguments: [TermID]) -> TermID? {
        let graph = context.graph
        guard let head = graph.head(of: arguments[0]), head == "py.list" || head == "py.tuple" else { return nil }
        let items = graph.children(of: arguments[0])
        guard let first = items.first else { return nil }
        return items.dropFirst().reduce(first) { graph.apply("add", [$0, $1]) }
    }

    private static func truth(_ context: HelperContext, _ arguments: [TermID]) -> TermID? {
        guard let literal = context.graph.literal(of: arguments[0]), let value = TermFolder.truth(literal) else {
            return nil
        }
        return context.graph.constant(.bool(value))
    }

    private static func lower(_ context: HelperContext, _ arguments: [TermID]) -> TermID? {
        guard case .string(let text)? = context.graph.literal(of: arguments[0]) else { return nil }
        return context.graph.constant(.string(text.lowercased()))
    }

    private static func dimension(_ context: HelperContext, _ arguments: [TermID]) -> TermID? {
        guard let shape = context.shapeOf(arguments[0]), case .int(var index)? = context.graph.literal(of: arguments[1])
        else { return nil }
        if index < 0 { index += shape.count }
        guard shape.indices.contains(index), let size = shape[index] else { return nil }
        return context.graph.constant(.int(size))
    }

    /// TensorFlow's strided-slice encoding of a Python index: one entry per index item; `:`
    /// bounds left out are masked; an int shrinks its axis; `...` and `None` have their masks.
    private static func indexSlice(_ context: HelperContext, _ arguments: [TermID]) -> TermID? {
        let graph = context.graph
        let index = arguments[1]
        let items = graph.head(of: index) == "py.tuple" ? graph.children(of: index) : [index]
        var begin: [Int] = []
        var end: [Int] = []
        var strides: [Int] = []
        var masks = (begin: 0, end: 0, shrink: 0, ellipsis: 0, newAxis: 0)
        for (position, item) in items.enumerated() {
            let bit = 1 << position
            switch graph[item] {
            case .constant(.int(let value)):
                begin.append(value)
                end.append(value == -1 ? 0 : value + 1)
                strides.append(1)
                masks.shrink |= bit
                if value == -1 { masks.end |= bit }
            case .constant(.ellipsis):
                (begin, end, strides) = (begin + [0], end + [0], strides + [1])
                masks.ellipsis |= bit
            case .constant(.none):
                (begin, end, strides) = (begin + [0], end + [0], strides + [1])
                masks.newAxis |= bit
            case .apply("py.slice", let bounds, _) where bounds.count == 3:
                let values = bounds.map(graph.literal(of:))
                guard let step = bound(values[2], default: 1), step != 0,
                    let lower = bound(values[0], default: 0), let upper = bound(values[1], default: 0)
                else { return nil }
                if values[0] == Literal.none { masks.begin |= bit }
                if values[1] == Literal.none { masks.end |= bit }
                (begin, end, strides) = (begin + [lower], end + [upper], strides + [step])
            default:
                return nil
            }
        }
        func tuple(_ values: [Int]) -> TermID { graph.apply("py.tuple", values.map { graph.constant(.int($0)) }) }
        var keywords = [
            TermKeyword("begin", tuple(begin)), TermKeyword("end", tuple(end)), TermKeyword("strides", tuple(strides)),
        ]
        let named = [
            ("begin_mask", masks.begin), ("end_mask", masks.end), ("shrink_axis_mask", masks.shrink),
            ("ellipsis_mask", masks.ellipsis), ("new_axis_mask", masks.newAxis),
        ]
        for (name, value) in named where value != 0 { keywords.append(TermKeyword(name, graph.constant(.int(value)))) }
        return graph.apply("slice", [arguments[0]], keywords)
    }

    private static func sizedSlice(_ context: HelperContext, _ arguments: [TermID]) -> TermID? {
        guard let starts = context.ints(arguments[1]), let sizes = context.ints(arguments[2]),
            starts.count == sizes.count,
            starts.allSatisfy({ $0 >= 0 }), sizes.allSatisfy({ $0 >= -1 })
        else { return nil }
        let graph = context.graph
        func tuple(_ values: [Int]) -> TermID { graph.apply("py.tuple", values.map { graph.constant(.int($0)) }) }
        let ends = zip(starts, sizes).map { start, size in size == -1 ? 0 : start + size }
        let endMask = sizes.enumerated().reduce(0) { mask, item in item.element == -1 ? mask | (1 << item.offset) : mask
        }
        var keywords = [
            TermKeyword("begin", tuple(starts)), TermKeyword("end", tuple(ends)),
            TermKeyword("strides", tuple(Array(repeating: 1, count: starts.count))),
        ]
        if endMask != 0 { keywords.append(TermKeyword("end_mask", graph.constant(.int(endMask)))) }
        return graph.apply("slice", [arguments[0]], keywords)
    }

    /// A slice bound: an int, or None for the default.
    private static func bound(_ literal: Literal?, default value: Int) -> Int? {
        switch literal {
        case .int(let bound)?: return bound
        case Literal.none?: return value
        default: return nil
        }
    }
}
