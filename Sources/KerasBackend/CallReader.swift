import JSON

/// The tensors each call of a layer reads, as the file wrote them: positional arguments first,
/// then keyword arguments, in written order (the order the pipeline numbers a Lambda's inputs).
enum CallReader {
    static func calls(of entry: JSONObject) -> [[RawTensor]] {
        (entry["inbound_nodes"]?.array ?? []).map { node in
            if let object = node.object {
                var tensors: [RawTensor] = []
                collectKeras3(object["args"] ?? .null, into: &tensors)
                collectKeras3(object["kwargs"] ?? .null, into: &tensors)
                return tensors
            }
            guard let items = node.array else { return [] }
            let entries = isEntry(items) ? [node] : items
            var tensors = entries.compactMap { $0.array.flatMap(reference) }
            if let keywords = entries.first?[3]?.object {
                for member in keywords {
                    if let items = member.value.array, let tensor = reference(items) { tensors.append(tensor) }
                }
            }
            return tensors
        }
    }

    private static func collectKeras3(_ value: JSONValue, into tensors: inout [RawTensor]) {
        switch value {
        case .object(let object):
            if object["class_name"]?.string == "__keras_tensor__",
                let history = object["config"]?["keras_history"]?.array,
                var tensor = reference(history)
            {
                tensor.shape = object["config"]?["shape"]?.array?.map(\.int)
                tensor.keras3Object = value
                tensors.append(tensor)
                return
            }
            for member in object { collectKeras3(member.value, into: &tensors) }
        case .array(let items):
            for item in items { collectKeras3(item, into: &tensors) }
        default:
            break
        }
    }

    private static func isEntry(_ items: [JSONValue]) -> Bool {
        (3...4).contains(items.count) && items[0].string != nil && items[1].int != nil
    }

    private static func reference(_ items: [JSONValue]) -> RawTensor? {
        guard (3...4).contains(items.count), let layer = items[0].string, layer != "_CONSTANT_VALUE",
            let node = items[1].int, let tensor = items[2].int
        else { return nil }
        return RawTensor(layer: layer, node: node, tensor: tensor)
    }
}
