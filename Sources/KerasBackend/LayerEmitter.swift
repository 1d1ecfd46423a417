import JSON

/// Writes the planned layers replacing one Lambda as config entries, one call per call of the
/// Lambda.
struct LayerEmitter {
    let dialect: KerasDialect
    /// The Lambda's own entry: its `trainable` and `dtype` carry over.
    let lambda: JSONObject
    let layers: [PlannedLayer]
    let names: [String]
    /// The tensors each call of the Lambda read.
    let calls: [[RawTensor]]
    /// Write calls in Keras 2's list form even for Keras 3 (no tensor shapes needed).
    let legacy: Bool

    func entries() -> [JSONValue] {
        layers.indices.map { index in
            let layer = layers[index]
            var config = JSONObject()
            config["name"] = .string(names[index])
            config["trainable"] = lambda["config"]?["trainable"] ?? true
            if let dtype = lambda["config"]?["dtype"] { config["dtype"] = dtype }
            for member in layer.config { config[member.key] = member.value }
            let nodes = calls.indices.map { call in
                dialect.call(
                    layer.inputs.map { tensor($0, call: call) }, asList: layer.inputsAsList, keywords: layer.keywords,
                    tensorKeywords: layer.tensorKeywords.map { ($0.name, tensor($0.value, call: call)) },
                    legacy: legacy, bareEntry: layer.className == "TFOpLambda")
            }
            return dialect.layerEntry(
                name: names[index], className: layer.className, config: config, inboundNodes: nodes)
        }
    }

    private func tensor(_ value: PlanValue, call: Int) -> RawTensor {
        switch value {
        case .input(let index):
            return calls[call].indices.contains(index) ? calls[call][index] : RawTensor(layer: "?", node: 0, tensor: 0)
        case .layer(let index):
            return RawTensor(layer: names[index], node: call, tensor: 0, shape: layers[index].shape)
        case .scalar, .channels:
            // Constants never reach a call: the table folds them into configs and keywords.
            return RawTensor(layer: "?", node: 0, tensor: 0)
        }
    }
}
