/// The contraction helpers: `einsum`, `batch_dot` and `keras_dot` turn an equation or Keras'
/// axis conventions into labelled operands for ``Contraction``.
extension RewriteHelpers {
    /// `einsum(equation, (x, y))`: the equation's labels on the operands' axes (`...` stands for
    /// the axes no letter names, so its operands' ranks must be known). Nil (so residue naming
    /// the equation) outside what ``Contraction`` builds.
    static func einsum(_ context: HelperContext, _ arguments: [TermID]) -> TermID? {
        let graph = context.graph
        guard case .string(let equation)? = graph.literal(of: arguments[0]),
            let head = graph.head(of: arguments[1]), head == "py.tuple" || head == "py.list"
        else { return nil }
        let terms = graph.children(of: arguments[1]).map { constantTensor($0, in: graph) ?? $0 }
        guard let parsed = EinsumEquation(equation), parsed.inputs.count == terms.count else { return nil }
        var operands: [Contraction.Operand] = []
        for (term, written) in zip(terms, parsed.inputs) {
            let rank = context.shapeOf(term)?.count
            guard let labels = parsed.labels(written, rank: rank) else { return nil }
            operands.append(Contraction.Operand(term: term, labels: labels))
        }
        let ellipsisRank =
            zip(terms, parsed.inputs).map { term, written in
                written.contains(EinsumEquation.ellipsis) ? (context.shapeOf(term)?.count ?? 0) - written.count + 1 : 0
            }.max() ?? 0
        guard let output = parsed.outputLabels(ellipsisRank: ellipsisRank) else { return nil }
        return Contraction(operands: operands, output: output).build(in: graph)
    }

    /// `batch_dot(x, y, axes)`, as tf.keras' `K.batch_dot`: axis 0 is the batch, `axes` (an int,
    /// a pair, or None for the last of x and the last (2-D y) or second-to-last of y) the axes
    /// summed; the result has x's other axes then y's, and two 2-D operands give (batch, 1).
    static func batchDot(_ context: HelperContext, _ arguments: [TermID]) -> TermID? {
        let graph = context.graph
        guard let xShape = context.shapeOf(arguments[0]), let yShape = context.shapeOf(arguments[1]),
            xShape.count >= 2, yShape.count >= 2
        else { return nil }
        var axes: [Int]
        if graph.literal(of: arguments[2]) == Literal.none {
            axes = [xShape.count - 1, yShape.count == 2 ? 1 : yShape.count - 2]
        } else {
            guard let given = context.ints(arguments[2]), (1...2).contains(given.count) else { return nil }
            axes = given.count == 1 ? [given[0], given[0]] : given
        }
        if axes[0] < 0 { axes[0] += xShape.count }
        if axes[1] < 0 { axes[1] += yShape.count }
        guard xShape.indices.contains(axes[0]), yShape.indices.contains(axes[1]), axes[0] != 0, axes[1] != 0 else {
            return nil
        }
        if let a = xShape[axes[0]], let b = yShape[axes[1]], a != b { return nil }
        let xLabels = xShape.indices.map { $0 == 0 ? "batch" : $0 == axes[0] ? "summed" : "x\($0)" }
        let yLabels = yShape.indices.map { $0 == 0 ? "batch" : $0 == axes[1] ? "summed" : "y\($0)" }
        let output = ["batch"] + xLabels.filter { $0.hasPrefix("x") } + yLabels.filter { $0.hasPrefix("y") }
        let contraction = Contraction(
            operands: [.init(term: arguments[0], labels: xLabels), .init(term: arguments[1], labels: yLabels)],
            output: output)
        guard let result = contraction.build(in: graph) else { return nil }
        guard output.count == 1 else { return result }
        return graph.apply("expand_dims", [result], [TermKeyword("axis", graph.constant(.int(1)))])
    }

    /// `keras_dot(x, y)`, as Keras' `K.dot`: the last axis of x summed with the second-to-last of
    /// y; the result has x's other axes, then y's others. With y of rank 2 or less, or of
    /// unknown rank, it is `matmul(x, y)`.
    static func kerasDot(_ context: HelperContext, _ arguments: [TermID]) -> TermID? {
        let graph = context.graph
        let (x, y) = (
            constantTensor(arguments[0], in: graph) ?? arguments[0],
            constantTensor(arguments[1], in: graph) ?? arguments[1]
        )
        guard let xShape = context.shapeOf(x), let yShape = context.shapeOf(y), yShape.count > 2, !xShape.isEmpty
        else { return graph.apply("matmul", [arguments[0], arguments[1]]) }
        let xLabels = xShape.indices.map { $0 == xShape.count - 1 ? "summed" : "x\($0)" }
        let yLabels = yShape.indices.map { $0 == yShape.count - 2 ? "summed" : "y\($0)" }
        let output = xLabels.dropLast() + yLabels.filter { $0 != "summed" }
        return Contraction(
            operands: [.init(term: x, labels: xLabels), .init(term: y, labels: yLabels)], output: Array(output)
        ).build(in: graph)
    }

    /// `tensordot(a, b, axes)`, as `tf.tensordot`: an int n sums a's last n axes with b's first
    /// n (in order); a pair of lists sums the axes listed, pairwise. The result has a's other
    /// axes, then b's. Nil when a rank is unknown or the axes do not pair up.
    static func tensordot(_ context: HelperContext, _ arguments: [TermID]) -> TermID? {
        let graph = context.graph
        let (a, b) = (
            constantTensor(arguments[0], in: graph) ?? arguments[0],
            constantTensor(arguments[1], in: graph) ?? arguments[1]
        )
        guard let aRank = context.shapeOf(a)?.count, let bRank = context.shapeOf(b)?.count else { return nil }
        var aAxes: [Int]
        var bAxes: [Int]
        if case .int(let count)? = graph.literal(of: arguments[2]) {
            guard count >= 0, count <= aRank, count <= bRank else { return nil }
            aAxes = Array(aRank - count..<aRank)
            bAxes = Array(0..<count)
        } else {
            let pair = graph.children(of: arguments[2])
            guard pair.count == 2, let first = context.ints(pair[0]), let second = context.ints(pair[1]),
                first.count == second.count
            else { return nil }
            aAxes = first.map { $0 < 0 ? $0 + aRank : $0 }
            bAxes = second.map { $0 < 0 ? $0 + bRank : $0 }
        }
        guard aAxes.allSatisfy((0..<aRank).contains), bAxes.allSatisfy((0..<bRank).contains),
            Set(aAxes).count == aAxes.count, Set(bAxes).count == bAxes.count
        else { return nil }
        let aLabels = (0..<aRank).map { axis in aAxes.firstIndex(of: axis).map { "summed\($0)" } ?? "a\(axis)" }
        let bLabels = (0..<bRank).map { axis in bAxes.firstIndex(of: axis).map { "summed\($0)" } ?? "b\(axis)" }
        let output = aLabels.filter { $0.hasPrefix("a") } + bLabels.filter { $0.hasPrefix("b") }
        return Contraction(
            operands: [.init(term: a, labels: aLabels), .init(term: b, labels: bLabels)], output: output
        ).build(in: graph)
    }

    /// A nested list of numbers (`[[1.0, 0.0], [0.0, 1.0]]`), bare or as the value of a
    /// `const` without a shape (`K.constant([[...]])`), as `const(value, shape)`; nil for
    /// anything else.
    static func constantTensor(_ id: TermID, in graph: TermGraph) -> TermID? {
        if case .apply("const", [], let keywords) = graph[id], keywords.count == 1, keywords[0].name == "value" {
            return constantTensor(keywords[0].value, in: graph)
        }
        guard let (values, shape) = numberArray(id, in: graph) else { return nil }
        return constant(values, shape: shape, in: graph)
    }

    /// `constant_tensor(c)`: a nested list of numbers as `const(value, shape)` with its values
    /// in row-major order (`[[1, 2], [3, 4]]` is `const(value=(1.0, 2.0, 3.0, 4.0), shape=(2, 2))`).
    static func constantTensorHelper(_ context: HelperContext, _ arguments: [TermID]) -> TermID? {
        constantTensor(arguments[0], in: context.graph)
    }

    /// The values, in row-major order, and the shape of a tuple or list of numbers whose nested
    /// lists are equally long at each level (an array NumPy would build); nil for a number or
    /// anything ragged.
    static func numberArray(_ id: TermID, in graph: TermGraph) -> (values: [Double], shape: [Int])? {
        func walk(_ id: TermID) -> (values: [Double], shape: [Int])? {
            if let literal = graph.literal(of: id) {
                guard case .bool = literal else { return literal.number.map { ([$0], []) } }
                return nil
            }
            guard let head = graph.head(of: id), head == "py.tuple" || head == "py.list" else { return nil }
            let children = graph.children(of: id)
            let items = children.compactMap(walk)
            guard items.count == children.count, let first = items.first,
                items.allSatisfy({ $0.shape == first.shape })
            else { return nil }
            return (items.flatMap(\.values), [items.count] + first.shape)
        }
        guard graph.literal(of: id) == nil else { return nil }
        return walk(id)
    }
}
