extension ShapeFolder {
    /// A reshape whose target names its own operand's batch size (`[tf.shape(x)[0], -1, 2]`) as
    /// one with ints: the batch becomes -1, and a -1 elsewhere is resolved from x's static sizes.
    func reshapeKeepingBatch(
        _ head: String, _ arguments: [TermID], _ keywords: [TermKeyword], _ parameters: (operand: String, shape: String)
    ) -> TermID? {
        var arguments = arguments
        var keywords = keywords
        let operand = arguments.first ?? keywords.first { $0.name == parameters.operand }?.value
        let shapePosition = keywords.firstIndex { $0.name == parameters.shape }
        guard let operand, let shapeID = shapePosition.map({ keywords[$0].value }) ?? arguments.dropFirst().first,
            let container = graph.head(of: shapeID), container == "py.tuple" || container == "py.list"
        else { return nil }
        let items = graph.children(of: shapeID)
        guard let batch = items.firstIndex(where: { isBatchSize(of: operand, $0) }) else { return nil }
        var sizes: [Int] = []
        for (position, item) in items.enumerated() where position != batch {
            guard case .int(let size)? = graph.literal(of: item) else { return nil }
            sizes.append(size)
        }
        guard batch == 0, !items.dropFirst().contains(where: { isBatchSize(of: operand, $0) }) else { return nil }
        if let free = sizes.firstIndex(of: -1) {
            guard let shape = shapeOf(operand), shape.count >= 1 else { return nil }
            let known = shape.dropFirst().compactMap { $0 }
            let others = sizes.filter { $0 != -1 }.reduce(1, *)
            guard known.count == shape.count - 1, others > 0, sizes.filter({ $0 == -1 }).count == 1 else { return nil }
            let total = known.reduce(1, *)
            guard total % others == 0 else { return nil }
            sizes[free] = total / others
        }
        let resolved = graph.apply("py.tuple", ([-1] + sizes).map { graph.constant(.int($0)) })
        if let shapePosition {
            keywords[shapePosition] = TermKeyword(parameters.shape, resolved)
        } else {
            arguments[1] = resolved
        }
        return graph.apply(head, arguments, keywords)
    }

    /// Whether `item` is `tf.shape(x)[0]` for this x (`slice(shape(x), begin=(0,), ..., shrink)`).
    private func isBatchSize(of operand: TermID, _ item: TermID) -> Bool {
        guard case .apply("slice", let arguments, let keywords) = graph[item], arguments.count == 1,
            case .apply("shape", let inner, _) = graph[arguments[0]], inner == [operand]
        else { return false }
        let values = Dictionary(keywords.map { ($0.name, graph[$0.value]) }) { a, _ in a }
        let zero = TermNode.apply(head: "py.tuple", arguments: [graph.constant(.int(0))], keywords: [])
        let one = TermNode.apply(head: "py.tuple", arguments: [graph.constant(.int(1))], keywords: [])
        return values["begin"] == zero && values["end"] == one && values["shrink_axis_mask"] == .constant(.int(1))
            && (values["strides"] == nil || values["strides"] == one)
            && Set(values.keys).isSubset(of: ["begin", "end", "strides", "shrink_axis_mask"])
    }
}
