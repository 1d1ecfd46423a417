/// A sum of products over labelled axes of one or two tensors — what `tf.einsum`,
/// `K.batch_dot` and an N-D `K.dot` compute — built from core ops: `transpose`, `expand_dims`,
/// `squeeze`, `reduce_sum`, and one `matmul` when each operand keeps at most one axis of its own
/// and at most one axis is summed between them (attention's `bqd,bkd->bqk`), else a broadcast
/// `mul` and a `reduce_sum`. Both are exact; the matmul is what backends run fast.
struct Contraction {
    /// A tensor and a label for each of its axes, in order.
    struct Operand {
        var term: TermID
        var labels: [String]
    }

    var operands: [Operand]
    /// The result's axes, in order.
    var output: [String]

    /// The core-op term, or nil when a label repeats within one operand (a diagonal), an output
    /// label is missing from the operands, or there are more than two operands.
    func build(in graph: TermGraph) -> TermID? {
        guard (1...2).contains(operands.count), Set(output).count == output.count,
            operands.allSatisfy({ Set($0.labels).count == $0.labels.count }),
            Set(output).isSubset(of: Set(operands.flatMap(\.labels)))
        else { return nil }
        var reduced = operands.enumerated().map { index, operand in
            let others = Set(operands.enumerated().filter { $0.offset != index }.flatMap(\.element.labels))
            return Self.sum(operand, keeping: Set(output).union(others), in: graph)
        }
        guard reduced.count == 2 else { return Self.arranged(reduced[0], as: output, in: graph) }
        let (a, b) = (reduced.removeFirst(), reduced.removeFirst())
        let shared = Set(a.labels).intersection(b.labels)
        let batch = output.filter { shared.contains($0) }
        let freeA = output.filter { a.labels.contains($0) && !shared.contains($0) }
        let freeB = output.filter { b.labels.contains($0) && !shared.contains($0) }
        let summed = a.labels.filter { shared.contains($0) && !output.contains($0) }
        let product: Operand
        if freeA.count <= 1, freeB.count <= 1, summed.count <= 1 {
            product = Self.matmul(a, b, batch: batch, freeA: freeA, freeB: freeB, summed: summed, in: graph)
        } else {
            product = Self.broadcastProduct(a, b, order: batch + freeA + freeB + summed, summed: summed, in: graph)
        }
        return Self.arranged(product, as: output, in: graph)
    }

    /// `operand` with the axes whose labels are not kept summed away.
    private static func sum(_ operand: Operand, keeping kept: Set<String>, in graph: TermGraph) -> Operand {
        let axes = operand.labels.indices.filter { !kept.contains(operand.labels[$0]) }
        guard !axes.isEmpty else { return operand }
        let term = graph.apply("reduce_sum", [operand.term], [TermKeyword("axes", tuple(axes, in: graph))])
        return Operand(term: term, labels: operand.labels.filter { kept.contains($0) })
    }

    /// `operand` transposed so that its labels read `order` (which holds exactly its labels).
    private static func arranged(_ operand: Operand, as order: [String], in graph: TermGraph) -> TermID? {
        let permutation = order.compactMap { operand.labels.firstIndex(of: $0) }
        guard permutation.count == operand.labels.count else { return nil }
        if permutation == Array(permutation.indices) { return operand.term }
        return graph.apply("transpose", [operand.term], [TermKeyword("perm", tuple(permutation, in: graph))])
    }

    /// One batched matmul: `a` as [batch, row, inner], `b` as [batch, inner, column], a missing
    /// row, inner or column axis inserted with size 1 and squeezed from the product.
    private static func matmul(
        _ a: Operand, _ b: Operand, batch: [String], freeA: [String], freeB: [String], summed: [String],
        in graph: TermGraph
    ) -> Operand {
        let (left, transposeA) = matrix(a, batch: batch, rows: freeA, columns: summed, in: graph)
        let (right, transposeB) = matrix(b, batch: batch, rows: summed, columns: freeB, in: graph)
        var keywords: [TermKeyword] = []
        if transposeA { keywords.append(TermKeyword("transpose_a", graph.constant(.bool(true)))) }
        if transposeB { keywords.append(TermKeyword("transpose_b", graph.constant(.bool(true)))) }
        var term = graph.apply("matmul", [left, right], keywords)
        let squeezed = (freeA.isEmpty ? [batch.count] : []) + (freeB.isEmpty ? [batch.count + 1] : [])
        if !squeezed.isEmpty {
            term = graph.apply("squeeze", [term], [TermKeyword("axes", tuple(squeezed, in: graph))])
        }
        return Operand(term: term, labels: batch + freeA + freeB)
    }

    /// `operand` as a [batch, rows, columns] matrix stack (rows and columns at most one label
    /// each, size 1 when none); transposed in the matmul rather than here when that saves a
    /// `transpose`.
    private static func matrix(
        _ operand: Operand, batch: [String], rows: [String], columns: [String], in graph: TermGraph
    ) -> (term: TermID, transposed: Bool) {
        var transposed = false
        var order = batch + rows + columns
        if !rows.isEmpty, !columns.isEmpty, operand.labels == batch + columns + rows {
            (transposed, order) = (true, operand.labels)
        }
        var term = arranged(operand, as: order, in: graph) ?? operand.term
        func expand(_ axis: Int) {
            term = graph.apply("expand_dims", [term], [TermKeyword("axis", graph.constant(.int(axis)))])
        }
        if rows.isEmpty { expand(batch.count) }
        if columns.isEmpty { expand(batch.count + 1) }
        return (term, transposed)
    }

    /// `a` times `b` with both laid out along `order` (size 1 where an operand lacks a label),
    /// summed over `summed`.
    private static func broadcastProduct(
        _ a: Operand, _ b: Operand, order: [String], summed: [String], in graph: TermGraph
    ) -> Operand {
        func aligned(_ operand: Operand) -> TermID {
            var term = arranged(operand, as: order.filter(operand.labels.contains), in: graph) ?? operand.term
            for (axis, label) in order.enumerated() where !operand.labels.contains(label) {
                term = graph.apply("expand_dims", [term], [TermKeyword("axis", graph.constant(.int(axis)))])
            }
            return term
        }
        var term = graph.apply("mul", [aligned(a), aligned(b)])
        if !summed.isEmpty {
            let axes = Array((order.count - summed.count)..<order.count)
            term = graph.apply("reduce_sum", [term], [TermKeyword("axes", tuple(axes, in: graph))])
        }
        return Operand(term: term, labels: Array(order.dropLast(summed.count)))
    }

    static func tuple(_ values: [Int], in graph: TermGraph) -> TermID {
        graph.apply("py.tuple", values.map { graph.constant(.int($0)) })
    }
}
