/// Constant tensors a call makes from numbers: `tf.eye`, `tf.range` and `K.arange`.
extension RewriteHelpers {
    /// The most values a constant made here may hold (a `tf.range(10**9)` is not a model's).
    static let maximumConstantValues = 1 << 20

    /// `eye(n, m)`: the n x m identity (ones on the diagonal), as `tf.eye(n, m)`; m None is n.
    static func eye(_ context: HelperContext, _ arguments: [TermID]) -> TermID? {
        let graph = context.graph
        guard case .int(let rows)? = graph.literal(of: arguments[0]), rows >= 0 else { return nil }
        var columns = rows
        if graph.literal(of: arguments[1]) != Literal.none {
            guard case .int(let given)? = graph.literal(of: arguments[1]), given >= 0 else { return nil }
            columns = given
        }
        guard rows.multipliedReportingOverflow(by: columns).partialValue <= maximumConstantValues else { return nil }
        let values = (0..<rows).flatMap { row in (0..<columns).map { $0 == row ? 1.0 : 0.0 } }
        return constant(values, shape: [rows, columns], in: graph)
    }

    /// `arange(start, stop, step)`: the numbers from start up to (not including) stop, as
    /// `tf.range` and `K.arange`; stop None counts from 0 to start.
    static func arange(_ context: HelperContext, _ arguments: [TermID]) -> TermID? {
        let graph = context.graph
        guard var start = graph.literal(of: arguments[0])?.number, let step = graph.literal(of: arguments[2])?.number,
            step != 0, step.isFinite, start.isFinite
        else { return nil }
        var stop = start
        if graph.literal(of: arguments[1]) == Literal.none {
            start = 0
        } else {
            guard let given = graph.literal(of: arguments[1])?.number, given.isFinite else { return nil }
            stop = given
        }
        let count = max(0, Int(((stop - start) / step).rounded(.up)))
        guard count <= maximumConstantValues else { return nil }
        return constant((0..<count).map { start + Double($0) * step }, shape: [count], in: graph)
    }

    /// `const(value, shape)` of `values`.
    static func constant(_ values: [Double], shape: [Int], in graph: TermGraph) -> TermID {
        graph.apply(
            "const", [],
            [
                TermKeyword("value", graph.apply("py.tuple", values.map { graph.constant(.float($0)) })),
                TermKeyword("shape", Contraction.tuple(shape, in: graph)),
            ])
    }
}
