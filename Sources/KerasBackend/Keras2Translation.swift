import JSON

/// A Keras 3 model config in the shapes tf.keras (tf_keras) loads from an `.h5`.
///
/// tf.keras reads neither Keras 3's calls (`{"args": [...]}` with `__keras_tensor__` objects)
/// nor its `InputLayer(batch_shape)`, `DTypePolicy` objects or the members Keras 3 added. This
/// translation writes:
///
/// - calls in Keras 2's list form, the calls of nested models numbered from 1 as tf.keras
///   counts them (Keras 3 counts from 0);
/// - configs without `module`, `registered_name` and `build_config`, dtype policies as their
///   names, members Keras 3 added dropped where they hold their default (`quantization_config`,
///   `optional`, `rms_scaling: false`...), renamed ones renamed (`negative_slope` is `alpha`);
/// - `Activation('hard_sigmoid')` (slope 1/6 in Keras 3, 0.2 in tf.keras) as `Rescaling` then
///   `ReLU(max_value=1)`, and `hard_silu` as those times the input; a layer's own
///   `hard_sigmoid` (a Dense's activation, a recurrent layer's gates) kept, with the weights
///   feeding it stored times 5/6 (``ActivationSlope``).
///
/// What tf.keras cannot express (an LSTM whose cell activation is Keras 3's hard_sigmoid, an
/// activation tf.keras lacks, a Lambda of `keras.ops`) is reported per layer.
struct Keras2Translation {
    private(set) var failures: [(layer: String, failure: KerasRewriteFailure)] = []
    /// Layers whose weights are stored changed, and why.
    private(set) var notes: [(layer: String, note: String)] = []
    /// Weights stored changed, for layers whose config changed with them.
    private(set) var weightChanges: [WeightChange] = []
    /// Where the weights of the layer being translated are.
    private var owner: WeightOwner?
    /// The owner of the next layer, when a wrapper names it otherwise.
    private var wrappedOwner: WeightOwner?

    /// Activation names tf.keras computes as Keras 3 does.
    static let sharedActivations: Set<String> = [
        "linear", "relu", "sigmoid", "tanh", "softmax", "softplus", "softsign", "elu", "selu", "exponential", "swish",
        "silu", "gelu", "mish", "relu6", "leaky_relu", "log_softmax",
    ]

    /// Members Keras 3 added, with the value at which tf.keras behaves the same (nil: any value,
    /// for members with no effect on inference).
    static let addedMembers: [String: JSONValue?] = [
        "quantization_config": .null, "lora_rank": .null, "lora_alpha": .null, "optional": false,
        "rms_scaling": false, "seed": nil,
    ]

    mutating func model(_ model: JSONObject) -> JSONObject {
        var model = Self.withoutKeras3Keys(model)
        guard var config = model["config"]?.object, let layers = config["layers"]?.array else { return model }
        if let dtype = config["dtype"] { config["dtype"] = ConfigValues.policyName(dtype) }
        let nestedModels = Set(
            layers.filter { Keras3Translation.modelClasses.contains($0["class_name"]?.string ?? "") }
                .map(ModelConfigWalker.name))
        var names = Set(layers.map(ModelConfigWalker.name))
        var entries: [JSONValue] = []
        for entry in layers {
            guard var object = entry.object else {
                entries.append(entry)
                continue
            }
            if let nodes = object["inbound_nodes"]?.array {
                object["inbound_nodes"] = LayerSplit.renumbered(
                    .array(nodes.map(Self.listCall)), nested: nestedModels, by: 1)
            }
            entries += self.layers(object, names: &names)
        }
        config["layers"] = .array(entries)
        if model["class_name"]?.string != "Sequential" {
            let sequential = Set(layers.filter { $0["class_name"]?.string == "Sequential" }.map(ModelConfigWalker.name))
            for key in ["input_layers", "output_layers"] {
                guard var references = config[key] else { continue }
                // Keras 3 writes one input or output as a bare [layer, node, tensor].
                if let items = references.array, items.first?.string != nil { references = .array([references]) }
                config[key] = LayerSplit.renumbered(references, nested: sequential, by: 1)
            }
            // tf.keras matches weights (a nested model's too) in its own layer order, which ties
            // differently from the order Keras 3 wrote them in.
            config["layers"] = .array(
                KerasLayerOrder.ordered(entries, outputs: config["output_layers"], inputs: config["input_layers"]))
        }
        model["config"] = .object(config)
        return model
    }

    private mutating func layers(_ entry: JSONObject, names: inout Set<String>) -> [JSONValue] {
        let activation = entry["config"]?["activation"]?.string
        guard entry["class_name"]?.string == "Activation", activation == "hard_sigmoid" || activation == "hard_silu",
            let config = entry["config"]?.object
        else { return [layer(entry)] }
        // Keras 3's hard_sigmoid is relu6(x + 3) / 6 = clip(x/6 + 0.5, 0, 1).
        let (scale, clip) = LayerSplit.hardSigmoid(Self.withoutKeras3Keys(config), slope: 1.0 / 6.0)
        let split =
            activation == "hard_sigmoid"
            ? LayerSplit.entries(entry, steps: [scale], last: ("ReLU", clip, [.step(0)]), names: &names)
            : LayerSplit.entries(
                entry,
                steps: [scale, LayerSplit.Step(className: "ReLU", config: clip, inputs: [.step(0)], suffix: "clip")],
                last: ("Multiply", LayerSplit.common(clip), [.original, .step(1)]), names: &names)
        var entries: [JSONValue] = []
        for part in split { entries.append(layer(part)) }
        return entries
    }

    private mutating func layer(_ entry: JSONObject) -> JSONValue {
        let className = entry["class_name"]?.string ?? ""
        let name = ModelConfigWalker.name(of: .object(entry))
        let outer = owner
        owner = wrappedOwner ?? WeightOwner.layer(name, in: outer)
        wrappedOwner = nil
        defer { owner = outer }
        if Keras3Translation.modelClasses.contains(className) { return .object(model(entry)) }
        var entry = Self.withoutKeras3Keys(entry)
        guard var config = entry["config"]?.object else { return .object(entry) }
        if className == "Lambda" || className == "TorchModuleWrapper" {
            failures.append((name, KerasRewriteFailure("tf.keras cannot load a Keras 3 \(className) in safe mode")))
        }
        for (member, harmless) in Self.addedMembers {
            guard let value = config[member] else { continue }
            if let harmless, !ConfigValues.holds(value, harmless) {
                failures.append(
                    (
                        name,
                        KerasRewriteFailure(
                            "tf.keras's \(className) has no '\(member)' (this layer sets it to "
                                + "\(JSONWriter(style: .python).string(value)))")
                    ))
            }
            config[member] = nil
        }
        if className == "InputLayer", let shape = config["batch_shape"] {
            config["batch_shape"] = nil
            config["batch_input_shape"] = shape
        }
        if className == "LeakyReLU", let slope = config["negative_slope"] {
            config["negative_slope"] = nil
            config["alpha"] = slope
        }
        for member in ["activation", "recurrent_activation"] {
            guard let activation = config[member]?.string, !Self.sharedActivations.contains(activation) else {
                continue
            }
            // The weights feeding a layer's own hard_sigmoid times 5/6 keep Keras 3's slope 1/6.
            if activation == "hard_sigmoid",
                let kept = ActivationSlope.kept(
                    className, member: member, config: config, owner: owner ?? WeightOwner.layer(name, in: nil),
                    target: .keras2)
            {
                weightChanges += kept.changes
                notes.append((name, kept.note))
                continue
            }
            let why =
                activation.hasPrefix("hard_")
                ? "'\(activation)' has slope 1/6 in Keras 3 and 0.2 in tf.keras, and \(className)'s weights do not "
                    + "feed it affinely"
                : "tf.keras has no '\(activation)'"
            failures.append((name, KerasRewriteFailure("\(member) \(why)")))
        }
        for member in config {
            switch member.key {
            case "layer", "backward_layer", "cell":
                guard let inner = member.value.object else { break }
                wrappedOwner = owner?.wrapped(
                    ModelConfigWalker.name(of: .object(inner)), by: className, member: member.key,
                    hasBackwardLayer: config["backward_layer"]?.object != nil)
                config[member.key] = layer(inner)
            case "dtype":
                config["dtype"] = ConfigValues.policyName(member.value)
            default:
                config[member.key] = Self.cleaned(member.value)
            }
        }
        entry["config"] = .object(config)
        return .object(entry)
    }

    /// A Keras 3 call as Keras 2's list of `[layer, node, tensor, kwargs]` entries: the tensors
    /// of its first argument (one, or a list), the other keyword arguments beside each.
    static func listCall(_ node: JSONValue) -> JSONValue {
        guard let object = node.object else { return node }
        var keywords = JSONObject()
        for member in object["kwargs"]?.object ?? JSONObject() {
            keywords[member.key] = tensorTriples(member.value)
        }
        var tensors: [JSONValue] = []
        func collect(_ value: JSONValue) {
            if let history = value["config"]?["keras_history"], value["class_name"]?.string == "__keras_tensor__" {
                tensors.append(history)
            } else if let items = value.array {
                items.forEach(collect)
            }
        }
        (object["args"]?.array ?? []).forEach(collect)
        return .array(
            tensors.map { history in
                .array((history.array ?? []) + [.object(keywords)])
            })
    }

    /// Keyword values with Keras 3 tensors as Keras 2's `[layer, node, tensor]`.
    private static func tensorTriples(_ value: JSONValue) -> JSONValue {
        if value["class_name"]?.string == "__keras_tensor__", let history = value["config"]?["keras_history"] {
            return history
        }
        if let items = value.array { return .array(items.map(tensorTriples)) }
        return value
    }

    /// Serialized objects inside a config (initializers, regularizers, constraints) without the
    /// keys and members only Keras 3 reads.
    private static func cleaned(_ value: JSONValue) -> JSONValue {
        switch value {
        case .object(let object):
            var object = object
            if object["class_name"] != nil, object["config"] != nil {
                object = withoutKeras3Keys(object)
                if var inner = object["config"]?.object {
                    for key in ["input_axes", "output_axes"] where inner[key] == .null { inner[key] = nil }
                    object["config"] = .object(inner)
                }
            }
            var result = JSONObject()
            for member in object { result[member.key] = cleaned(member.value) }
            return .object(result)
        case .array(let items):
            return .array(items.map(cleaned))
        default:
            return value
        }
    }

    private static func withoutKeras3Keys(_ object: JSONObject) -> JSONObject {
        var object = object
        for key in ["module", "registered_name", "build_config", "compile_config"] { object[key] = nil }
        return object
    }
}
