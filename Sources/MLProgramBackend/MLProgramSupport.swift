import CoreOps

/// What the ML Program backend converts, asked before it runs (by `convert -o x.mlpackage`'s
/// one-pass diagnosis).
public enum MLProgramSupport {
    /// Whether a Keras layer class has an ML Program converter.
    public static func converts(layerClass: String) -> Bool { MILLayerConverters.table[layerClass] != nil }

    /// Why the backend refuses core op `op`; nil when it lowers it.
    public static func refusal(of op: String) -> String? {
        guard MILLowering.lowerings[op] == nil else { return nil }
        return MILLowering.refusals[op] ?? "core op '\(op)' has no ML Program lowering yet"
    }

    /// The ops of `graph` the backend refuses, each once, with the reason.
    public static func refusals(in graph: CoreOpGraph) -> [(op: String, reason: String)] {
        var seen: Set<String> = []
        return graph.nodes.compactMap { node in
            guard seen.insert(node.op).inserted, let reason = refusal(of: node.op) else { return nil }
            return (node.op, reason)
        }
    }
}
