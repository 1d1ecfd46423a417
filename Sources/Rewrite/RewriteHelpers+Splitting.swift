/// The splitting helpers: `split`, `split_at` and `unstack` give a tuple of slices (so that
/// `tf.split(t, 2, axis=1)[0]` folds to one slice), `repeat` repeats each element in place.
extension RewriteHelpers {
    /// `split(x, n_or_sizes, axis)`, as `tf.split`: n equal parts, or parts of the given sizes
    /// (one may be -1: the rest). Needs x's rank and the size of the split axis.
    static func split(_ context: HelperContext, _ arguments: [TermID]) -> TermID? {
        guard let (shape, axis) = splitAxis(context, arguments[0], arguments[2]), let size = shape[axis],
            let given = context.ints(arguments[1]), !given.isEmpty
        else { return nil }
        var sizes = given
        if context.graph.literal(of: arguments[1]) != nil {
            guard given[0] > 0, size % given[0] == 0 else { return nil }
            sizes = Array(repeating: size / given[0], count: given[0])
        } else if let unknown = sizes.firstIndex(of: -1) {
            sizes[unknown] = size - sizes.filter { $0 != -1 }.reduce(0, +)
        }
        guard sizes.allSatisfy({ $0 >= 0 }), sizes.reduce(0, +) == size else { return nil }
        let starts = sizes.indices.map { sizes[..<$0].reduce(0, +) }
        return pieces(
            arguments[0], rank: shape.count, axis: axis, bounds: zip(starts, sizes).map { ($0, $0 + $1) },
            in: context.graph)
    }

    /// `split_at(x, indices_or_sections, axis)`, as `keras.ops.split` (NumPy's): n equal parts,
    /// or the parts between the given indices.
    static func splitAt(_ context: HelperContext, _ arguments: [TermID]) -> TermID? {
        guard let (shape, axis) = splitAxis(context, arguments[0], arguments[2]), let size = shape[axis],
            let given = context.ints(arguments[1])
        else { return nil }
        if context.graph.literal(of: arguments[1]) != nil {
            return split(context, arguments)
        }
        let cuts = [0] + given.map { min(max($0 < 0 ? $0 + size : $0, 0), size) } + [size]
        guard zip(cuts, cuts.dropFirst()).allSatisfy({ $0 <= $1 }) else { return nil }
        return pieces(
            arguments[0], rank: shape.count, axis: axis, bounds: Array(zip(cuts, cuts.dropFirst())), in: context.graph)
    }

    /// `unstack(x, axis)`, as `tf.unstack`: each index along axis, that axis removed.
    static func unstack(_ context: HelperContext, _ arguments: [TermID]) -> TermID? {
        guard let (shape, axis) = splitAxis(context, arguments[0], arguments[1]), let size = shape[axis] else {
            return nil
        }
        let bounds = (0..<size).map { ($0, $0 + 1) }
        return pieces(arguments[0], rank: shape.count, axis: axis, bounds: bounds, shrink: true, in: context.graph)
    }

    /// `repeat(x, n, axis)`, as `K.repeat_elements` and `tf.repeat` with one count: each element
    /// n times in a row along axis (not a tile). Every axis but the batch must be known.
    static func repeatElements(_ context: HelperContext, _ arguments: [TermID]) -> TermID? {
        let graph = context.graph
        guard let (shape, axis) = splitAxis(context, arguments[0], arguments[2]), axis > 0,
            case .int(let count)? = graph.literal(of: arguments[1]), count > 0,
            shape.dropFirst().allSatisfy({ $0 != nil })
        else { return nil }
        let expanded = graph.apply("expand_dims", [arguments[0]], [TermKeyword("axis", graph.constant(.int(axis + 1)))])
        var tiledMultiples = Array(repeating: 1, count: shape.count + 1)
        tiledMultiples[axis + 1] = count
        let tiled = graph.apply(
            "tile", [expanded], [TermKeyword("multiples", Contraction.tuple(tiledMultiples, in: graph))])
        var target = shape.map { $0 ?? -1 }
        target[axis] *= count
        return graph.apply("reshape", [tiled], [TermKeyword("shape", Contraction.tuple(target, in: graph))])
    }

    /// x's static shape and `axis` (an int) counted from the front; nil when either is unknown.
    private static func splitAxis(_ context: HelperContext, _ x: TermID, _ axis: TermID) -> ([Int?], Int)? {
        guard let shape = context.shapeOf(x), case .int(var index)? = context.graph.literal(of: axis) else {
            return nil
        }
        if index < 0 { index += shape.count }
        guard shape.indices.contains(index) else { return nil }
        return (shape, index)
    }

    /// One slice of x along axis per (start, end), as a tuple; with shrink each also drops the axis.
    private static func pieces(
        _ x: TermID, rank: Int, axis: Int, bounds: [(Int, Int)], shrink: Bool = false, in graph: TermGraph
    ) -> TermID {
        let others = (0..<rank).filter { $0 != axis }.reduce(0) { $0 | (1 << $1) }
        let slices = bounds.map { start, end in
            var begin = Array(repeating: 0, count: rank)
            var stop = Array(repeating: 0, count: rank)
            (begin[axis], stop[axis]) = (start, end)
            var keywords = [
                TermKeyword("begin", Contraction.tuple(begin, in: graph)),
                TermKeyword("end", Contraction.tuple(stop, in: graph)),
                TermKeyword("strides", Contraction.tuple(Array(repeating: 1, count: rank), in: graph)),
            ]
            if others != 0 {
                keywords.append(TermKeyword("begin_mask", graph.constant(.int(others))))
                keywords.append(TermKeyword("end_mask", graph.constant(.int(others))))
            }
            if shrink { keywords.append(TermKeyword("shrink_axis_mask", graph.constant(.int(1 << axis)))) }
            return graph.apply("slice", [x], keywords)
        }
        return graph.apply("py.tuple", slices)
    }
}
