import JSON

/// The order in which Keras lists a functional model's layers (`model.layers`), which is the
/// order `.h5` weights are matched in: tf.keras and Keras 3 load `model_weights` by position
/// among the layers that have weights, not by name.
///
/// Keras computes it from the graph, not from the config's order (`_map_graph_network` in
/// tf_keras, `map_graph` in Keras 3): a depth-first walk from the outputs numbers layers in
/// order of discovery and gives every node a depth (its longest path to an output); layers are
/// then listed by decreasing depth, ties by discovery. Replacing a Lambda by a chain of layers
/// changes depths, so the rewritten config's layers and `layer_names` are put in this order.
enum KerasLayerOrder {
    private struct NodeKey: Hashable {
        var layer: String
        var index: Int
    }

    /// `layers` (config entries of one functional model) in Keras's order; layers the walk
    /// does not reach keep their place after the others.
    static func ordered(_ layers: [JSONValue], outputs: JSONValue?, inputs: JSONValue?) -> [JSONValue] {
        let names = layers.map(ModelConfigWalker.name)
        var byName: [String: JSONValue] = [:]
        for (name, layer) in zip(names, layers) { byName[name] = layer }
        let offsets = nodeOffsets(layers, names: names)
        func parents(_ node: NodeKey) -> [NodeKey] {
            guard let entry = byName[node.layer]?.object else { return [] }
            let calls = CallReader.calls(of: entry)
            let index = node.index - (offsets[node.layer] ?? 0)
            guard calls.indices.contains(index) else { return [] }
            return calls[index].map { NodeKey(layer: $0.layer, index: $0.node) }
        }
        // Depth-first from the outputs, as Keras's _build_map, with an explicit stack: a long
        // chain of layers cannot exhaust the call stack, and a node met again while its own
        // parents are still being walked (a cycle, which Keras cannot build) is not re-entered.
        var indices: [String: Int] = [:]
        var finished: Set<NodeKey> = []
        var walking: Set<NodeKey> = []
        var decreasingDepth: [NodeKey] = []
        var stack: [(node: NodeKey, parents: [NodeKey], next: Int)] = []
        func enter(_ node: NodeKey) {
            if indices[node.layer] == nil { indices[node.layer] = indices.count }
            walking.insert(node)
            stack.append((node, parents(node), 0))
        }
        for output in references(outputs) where !finished.contains(output) && !walking.contains(output) {
            enter(output)
            while let top = stack.indices.last {
                if stack[top].next < stack[top].parents.count {
                    let parent = stack[top].parents[stack[top].next]
                    stack[top].next += 1
                    if !finished.contains(parent) && !walking.contains(parent) { enter(parent) }
                } else {
                    let node = stack.removeLast().node
                    walking.remove(node)
                    finished.insert(node)
                    decreasingDepth.append(node)
                }
            }
        }
        var nodeDepths: [NodeKey: Int] = [:]
        var layerDepths: [String: Int] = [:]
        for node in decreasingDepth.reversed() {
            let depth = max(nodeDepths[node] ?? 0, layerDepths[node.layer] ?? 0)
            layerDepths[node.layer] = depth
            nodeDepths[node] = depth
            for parent in parents(node) { nodeDepths[parent] = max(depth + 1, nodeDepths[parent] ?? 0) }
        }
        for input in references(inputs) where layerDepths[input.layer] == nil {
            layerDepths[input.layer] = 0
            indices[input.layer] = -1
        }
        let reached = names.filter { layerDepths[$0] != nil }.sorted { first, second in
            let (a, b) = (layerDepths[first] ?? 0, layerDepths[second] ?? 0)
            return a != b ? a > b : (indices[first] ?? 0) < (indices[second] ?? 0)
        }
        let rest = names.filter { layerDepths[$0] == nil }
        return (reached + rest).compactMap { byName[$0] }
    }

    /// `[[name, node, tensor], ...]` or Keras 3's single `[name, node, tensor]`.
    private static func references(_ value: JSONValue?) -> [NodeKey] {
        guard let items = value?.array else { return [] }
        if let name = items.first?.string, items.count >= 2, let node = items[1].int {
            return [NodeKey(layer: name, index: node)]
        }
        return items.compactMap { item in
            guard let name = item[0]?.string, let node = item[1]?.int else { return nil }
            return NodeKey(layer: name, index: node)
        }
    }

    /// Keras 1 and 2 count a nested model's own construction as its node 0 and do not save it:
    /// references to such a model start at 1 (see KerasModel's NodeIndexNormalizer).
    private static func nodeOffsets(_ layers: [JSONValue], names: [String]) -> [String: Int] {
        var used: [String: [Int]] = [:]
        for layer in layers {
            guard let entry = layer.object else { continue }
            for call in CallReader.calls(of: entry) {
                for tensor in call { used[tensor.layer, default: []].append(tensor.node) }
            }
        }
        var offsets: [String: Int] = [:]
        for (name, layer) in zip(names, layers)
        where ModelConfigWalker.modelClasses.contains(layer["class_name"]?.string ?? "") {
            let calls = layer.object.map(CallReader.calls) ?? []
            let references = used[name] ?? []
            if !calls.isEmpty, !references.isEmpty, references.allSatisfy({ (1...calls.count).contains($0) }) {
                offsets[name] = 1
            }
        }
        return offsets
    }
}
