/// Makes every ``TensorReference/nodeIndex`` the position of the call in the producer's
/// ``Layer/inboundNodes``.
///
/// Keras 1 and 2 count a nested model's own construction as its node 0 and do not save it, so
/// references to such a model start at 1; Keras 3 starts at 0. The numbering used is read off
/// the references themselves: a nested model never referenced at node 0 is shifted by one.
enum NodeIndexNormalizer {
    static func normalize(_ graph: ModelGraph) -> ModelGraph {
        var references: [String: [Int]] = [:]
        for reference in graph.layers.flatMap({ $0.inboundNodes.flatMap(\.tensors) }) + graph.outputs {
            references[reference.layer, default: []].append(reference.nodeIndex)
        }
        var offsets: [String: Int] = [:]
        for layer in graph.layers where layer.model != nil && !layer.inboundNodes.isEmpty {
            let used = references[layer.name] ?? []
            if !used.isEmpty, used.allSatisfy({ (1...layer.inboundNodes.count).contains($0) }) {
                offsets[layer.name] = 1
            }
        }
        guard !offsets.isEmpty else { return graph }
        func shift(_ reference: TensorReference) -> TensorReference {
            var shifted = reference
            shifted.nodeIndex -= offsets[reference.layer] ?? 0
            return shifted
        }
        var result = graph
        result.outputs = graph.outputs.map(shift)
        for index in result.layers.indices {
            result.layers[index].inboundNodes = result.layers[index].inboundNodes.map { node in
                var node = node
                node.arguments = node.arguments.map { $0.mapTensors(shift) }
                node.keywordArguments = node.keywordArguments.map {
                    KeywordArgument(name: $0.name, value: $0.value.mapTensors(shift))
                }
                node.recordedShapes = Dictionary(
                    node.recordedShapes.map { (shift($0.key), $0.value) }, uniquingKeysWith: { first, _ in first })
                return node
            }
        }
        return result
    }
}

extension NodeArgument {
    /// The same argument with every tensor reference replaced by `transform(reference)`.
    func mapTensors(_ transform: (TensorReference) -> TensorReference) -> NodeArgument {
        switch self {
        case .tensor(let reference): return .tensor(transform(reference))
        case .list(let items): return .list(items.map { $0.mapTensors(transform) })
        case .constant: return self
        }
    }
}
