import JSON

/// Turns a parsed `model_config` into a ``ModelGraph``.
///
/// Handles `Sequential` (a list of layers in Keras ≤ 2.1, `{"layers": [...]}` later),
/// `Functional` / `Model` (explicit `inbound_nodes`), and models nested as layers.
enum ModelConfigReader {
    static let modelClasses: Set<String> = ["Sequential", "Functional", "Model"]

    /// The graph of a `{"class_name": ..., "config": ...}` model description.
    static func graph(_ value: JSONValue) throws(ConfigShapeError) -> ModelGraph {
        guard let className = value["class_name"]?.string else {
            throw ConfigShapeError("model_config has no class_name")
        }
        guard let config = value["config"] else { throw ConfigShapeError("model_config has no config") }
        return try graph(className: className, config: config, fallbackName: className.lowercased())
    }

    private static func graph(
        className: String, config: JSONValue, fallbackName: String
    ) throws(ConfigShapeError) -> ModelGraph {
        switch className {
        case "Sequential": return try sequential(config, fallbackName: fallbackName)
        case "Functional", "Model": return try functional(config, className: className, fallbackName: fallbackName)
        default: throw ConfigShapeError("the model is a '\(className)', not a Sequential or functional model")
        }
    }

    private static func sequential(_ config: JSONValue, fallbackName: String) throws(ConfigShapeError) -> ModelGraph {
        let name = config["name"]?.string ?? fallbackName
        guard let entries = config.array ?? config["layers"]?.array else {
            throw ConfigShapeError("Sequential config has no layer list")
        }
        var layers: [Layer] = []
        for entry in entries {
            var layer = try self.layer(entry, inboundReader: nil)
            if let previous = layers.last {
                layer.inboundNodes = [InboundNode(arguments: [.tensor(TensorReference(layer: previous.name))])]
            } else if layer.className != "InputLayer" {
                layers.append(synthesizedInput(for: layer))
                layer.inboundNodes = [InboundNode(arguments: [.tensor(TensorReference(layer: layers[0].name))])]
            }
            layers.append(layer)
        }
        guard let first = layers.first, let last = layers.last else {
            throw ConfigShapeError("Sequential model '\(name)' has no layers")
        }
        return ModelGraph(
            name: name, className: "Sequential", layers: layers, inputs: [TensorReference(layer: first.name)],
            outputs: [TensorReference(layer: last.name)])
    }

    /// The input layer Keras itself creates for a Sequential whose first layer declares the shape.
    private static func synthesizedInput(for first: Layer) -> Layer {
        var config = JSONObject()
        let name = "\(first.name)_input"
        config["name"] = .string(name)
        if let shape = first.config["batch_input_shape"] ?? first.config["batch_shape"] {
            config["batch_input_shape"] = shape
        } else if let dim = first.config["input_dim"]?.int {
            config["batch_input_shape"] = [.null, .int(dim)]
        } else if let shape = first.config["input_shape"]?.array {
            config["batch_input_shape"] = .array([.null] + shape)
        }
        config["dtype"] = first.config["dtype"] ?? "float32"
        return Layer(name: name, className: "InputLayer", config: config, isSynthesized: true)
    }

    private static func functional(
        _ config: JSONValue, className: String, fallbackName: String
    ) throws(ConfigShapeError) -> ModelGraph {
        let name = config["name"]?.string ?? fallbackName
        guard let entries = config["layers"]?.array else {
            throw ConfigShapeError("\(className) config has no 'layers' list")
        }
        let names = Set(entries.compactMap { $0["name"]?.string ?? $0["config"]?["name"]?.string })
        let reader = InboundNodeReader(layerNames: names)
        var layers: [Layer] = []
        for entry in entries {
            layers.append(try layer(entry, inboundReader: reader))
        }
        let graph = ModelGraph(
            name: name, className: className, layers: layers,
            inputs: try endpoints(config["input_layers"], names: names, what: "input_layers"),
            outputs: try endpoints(config["output_layers"], names: names, what: "output_layers"))
        return NodeIndexNormalizer.normalize(graph)
    }

    /// `[["in", 0, 0], ...]`, or Keras 3's bare `["in", 0, 0]` for a single endpoint.
    private static func endpoints(
        _ value: JSONValue?, names: Set<String>, what: String
    ) throws(ConfigShapeError) -> [TensorReference] {
        guard let items = value?.array else { throw ConfigShapeError("the model has no \(what)") }
        let triples = items.first?.string != nil ? [items] : items.compactMap(\.array)
        return try triples.map { (triple) throws(ConfigShapeError) in
            guard let layer = triple.first?.string, names.contains(layer) else {
                throw ConfigShapeError("\(what) names a layer that is not in the model")
            }
            return TensorReference(
                layer: layer, nodeIndex: triple[safe: 1]?.int ?? 0, tensorIndex: triple[safe: 2]?.int ?? 0)
        }
    }

    private static func layer(_ entry: JSONValue, inboundReader: InboundNodeReader?) throws(ConfigShapeError) -> Layer {
        guard let className = entry["class_name"]?.string else {
            throw ConfigShapeError("a layer has no class_name")
        }
        let config = entry["config"]?.object ?? JSONObject()
        guard let name = entry["name"]?.string ?? config["name"]?.string else {
            throw ConfigShapeError("a \(className) layer has no name")
        }
        do {
            var layer = Layer(name: name, className: className, config: config)
            if let reader = inboundReader {
                layer.inboundNodes = try reader.nodes(entry["inbound_nodes"])
            }
            if modelClasses.contains(className), let inner = entry["config"] {
                layer.model = try graph(className: className, config: inner, fallbackName: name)
            }
            layer.function = try LambdaFunctionReader.function(className: className, config: config)
            return layer
        } catch {
            throw ConfigShapeError(error.message, layer: error.layer ?? name, code: error.code)
        }
    }
}
