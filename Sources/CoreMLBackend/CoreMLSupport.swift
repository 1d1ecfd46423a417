import CoreOps

/// What the Core ML backend can write, asked before converting: so that `inspect`, `explain`
/// and `convert` name every layer class and every Lambda op it refuses in one pass, with the
/// reason its tables hold, instead of stopping at the first.
public enum CoreMLSupport {
    /// Whether a Keras layer class has a converter (Lambda-like layers and nested models are
    /// handled apart and are not asked about).
    public static func converts(layerClass: String) -> Bool {
        KerasLayerConverters.table[layerClass] != nil
    }

    /// Why the backend refuses the core op `op`, or nil when it lowers it.
    public static func refusal(of op: String) -> String? {
        guard LambdaLowering.lowerings[op] == nil else { return nil }
        return LambdaLowering.refusals[op] ?? "core op '\(op)' has no Core ML lowering yet"
    }

    /// Each op of `graph` the backend refuses, once, in the order of the graph, with its reason.
    public static func refusals(in graph: CoreOpGraph) -> [(op: String, reason: String)] {
        var seen: Set<String> = []
        return graph.nodes.compactMap { node in
            guard seen.insert(node.op).inserted, let reason = refusal(of: node.op) else { return nil }
            return (node.op, reason)
        }
    }
}
