import JSON

/// Reads a layer's `inbound_nodes` in the Keras 1, Keras 2 / tf.keras and Keras 3 forms.
struct InboundNodeReader {
    /// The layer names of the graph, to tell tensor references in keyword arguments (Keras 2
    /// writes them as bare `[layer, node, tensor]` triples) from constant lists.
    let layerNames: Set<String>

    /// The calls of a layer, from its `inbound_nodes` value.
    func nodes(_ value: JSONValue?) throws(ConfigShapeError) -> [InboundNode] {
        guard let value, !value.isNull else { return [] }
        guard let nodes = value.array else { throw ConfigShapeError("inbound_nodes is not a list") }
        return try nodes.map { (node) throws(ConfigShapeError) in try self.node(node) }
    }

    private func node(_ value: JSONValue) throws(ConfigShapeError) -> InboundNode {
        if let object = value.object {
            // Keras 3: {"args": [...], "kwargs": {...}}
            let arguments = (object["args"]?.array ?? []).map(argument)
            let keywords = (object["kwargs"]?.object ?? JSONObject()).map {
                KeywordArgument(name: $0.key, value: argument($0.value))
            }
            var shapes: [TensorReference: TensorShape] = [:]
            collectShapes(value, into: &shapes)
            return InboundNode(arguments: arguments, keywordArguments: keywords, recordedShapes: shapes)
        }
        guard let items = value.array else { throw ConfigShapeError("an inbound node is neither a list nor an object") }
        // Keras 1/2: one `[layer, node, tensor, kwargs]` entry, or a (nested) list of them.
        let entries = isEntry(items) ? [value] : items
        let arguments = entries.map(argument)
        let first = firstEntry(value)
        let keywords = (first?[safe: 3]?.object ?? JSONObject()).map {
            KeywordArgument(name: $0.key, value: argument($0.value))
        }
        let positional = arguments.count == 1 ? arguments : [.list(arguments)]
        return InboundNode(arguments: positional, keywordArguments: keywords)
    }

    /// The `shape` of every `__keras_tensor__` inside `value`.
    private func collectShapes(_ value: JSONValue, into shapes: inout [TensorReference: TensorShape]) {
        switch value {
        case .object(let object):
            if object["class_name"]?.string == "__keras_tensor__",
                let history = object["config"]?["keras_history"]?.array, let reference = reference(history),
                let dims = object["config"]?["shape"]?.array, dims.allSatisfy({ $0.int != nil || $0.isNull })
            {
                shapes[reference] = TensorShape(dims.map(\.int))
            }
            for member in object { collectShapes(member.value, into: &shapes) }
        case .array(let items):
            for item in items { collectShapes(item, into: &shapes) }
        default: break
        }
    }

    /// One argument: a tensor, a list of arguments, or a constant.
    private func argument(_ value: JSONValue) -> NodeArgument {
        if let object = value.object, object["class_name"]?.string == "__keras_tensor__",
            let history = object["config"]?["keras_history"]?.array, let reference = reference(history)
        {
            return .tensor(reference)
        }
        guard let items = value.array else { return .constant(value) }
        if isEntry(items) {
            if items[0].string == "_CONSTANT_VALUE" { return .constant(items[2]) }
            if let reference = reference(items) { return .tensor(reference) }
        }
        let parsed = items.map(argument)
        let holdsTensor = parsed.contains {
            if case .constant = $0 { return false }
            return true
        }
        return holdsTensor ? .list(parsed) : .constant(value)
    }

    /// `[layer, node, tensor]` or `[layer, node, tensor, kwargs]` naming a layer of the graph
    /// (or the `_CONSTANT_VALUE` marker).
    private func isEntry(_ items: [JSONValue]) -> Bool {
        guard (3...4).contains(items.count), let name = items[0].string, items[1].int != nil else { return false }
        if name == "_CONSTANT_VALUE" { return true }
        return layerNames.contains(name) && items[2].int != nil
    }

    private func reference(_ items: [JSONValue]) -> TensorReference? {
        guard items.count >= 3, let layer = items[0].string, let node = items[1].int, let tensor = items[2].int,
            layerNames.contains(layer)
        else { return nil }
        return TensorReference(layer: layer, nodeIndex: node, tensorIndex: tensor)
    }

    private func firstEntry(_ value: JSONValue) -> [JSONValue]? {
        guard let items = value.array else { return nil }
        if isEntry(items) { return items }
        for item in items {
            if let entry = firstEntry(item) { return entry }
        }
        return nil
    }
}

/// A config that is valid JSON but not shaped as expected; the reader adds file and layer.
struct ConfigShapeError: Error {
    var message: String
    var layer: String?
    var code: KerasModelError.Code

    init(_ message: String, layer: String? = nil, code: KerasModelError.Code = .unexpectedConfig) {
        self.message = message
        self.layer = layer
        self.code = code
    }
}
