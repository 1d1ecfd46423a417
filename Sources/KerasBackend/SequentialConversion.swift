import JSON

/// A `Sequential` config as the equivalent `Functional` one: each layer called on the one
/// before, behind an `InputLayer` (made from the first layer's declared input shape when the
/// Sequential has none).
enum SequentialConversion {
    static func functional(_ config: JSONObject, dialect: KerasDialect) -> JSONObject? {
        var layers = config["layers"]?.array ?? []
        guard let first = layers.first else { return nil }
        if first["class_name"]?.string != "InputLayer" {
            guard let input = inputLayer(for: first, dialect: dialect) else { return nil }
            layers.insert(input, at: 0)
        }
        var previous: String?
        var entries: [JSONValue] = []
        for layer in layers {
            guard var object = layer.object else { return nil }
            let name = ModelConfigWalker.name(of: layer)
            object["name"] = .string(name)
            let call: [JSONValue] =
                previous.map { [.array([.array([.string($0), 0, 0, .object(JSONObject())])])] } ?? []
            object["inbound_nodes"] = .array(call)
            entries.append(.object(object))
            previous = name
        }
        guard let input = entries.first.map(ModelConfigWalker.name), let output = previous else { return nil }
        var functional = JSONObject()
        // Keras 1 and 2.0 Sequential configs have no name; Keras needs one to rebuild a Functional.
        functional["name"] = config["name"] ?? "sequential"
        if let trainable = config["trainable"] { functional["trainable"] = trainable }
        functional["layers"] = .array(entries)
        functional["input_layers"] = [[.string(input), 0, 0]]
        functional["output_layers"] = [[.string(output), 0, 0]]
        return functional
    }

    private static func inputLayer(for first: JSONValue, dialect: KerasDialect) -> JSONValue? {
        let config = first["config"]
        guard let shape = config?["batch_input_shape"] ?? config?["batch_shape"] else { return nil }
        let name = "\(ModelConfigWalker.name(of: first))_input"
        let dtype = config?["dtype"]?.string.map(JSONValue.string) ?? "float32"
        let shapeKey = dialect == .keras3 ? "batch_shape" : "batch_input_shape"
        var inputConfig = JSONObject()
        inputConfig[shapeKey] = shape
        inputConfig["dtype"] = dtype
        inputConfig["sparse"] = false
        inputConfig["name"] = .string(name)
        return ["class_name": "InputLayer", "config": .object(inputConfig), "name": .string(name), "inbound_nodes": []]
    }
}
