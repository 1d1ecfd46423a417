import JSON

/// A Keras 2 (tf.keras) model config in the shapes Keras 3 loads from an `.h5`.
///
/// Keras 3 reads tf.keras files through its legacy loader, but refuses what tf.keras wrote
/// and Keras 3 dropped (`time_major`, `groups` of depthwise convolutions, `TFOpLambda`...),
/// counts the calls of nested models from 0 where tf.keras counted from 1, and its legacy
/// loader drops `axis` lists of more than one axis. This translation fixes each of these:
///
/// - layer entries get a `module` key, so Keras 3 reads them as its own (no legacy rewriting);
/// - members Keras 3 does not take are dropped when they hold their harmless value, renamed
///   where Keras 3 renamed them (``Keras3LayerChange``);
/// - `ThresholdedReLU(theta)` becomes `ReLU(threshold=theta)`, which Keras 3 computes as
///   `x if x > theta else 0`, the same function;
/// - a Sequential whose first layer declares `batch_input_shape` gets the `InputLayer` tf.keras
///   made of it;
/// - calls of nested models are renumbered from 0;
/// - a dilated transposed convolution gets its kernel spread out and dilation 1 (a
///   ``WeightChange``), which TensorFlow runs on CPU too.
///
/// - a layer's own `hard_sigmoid` (a Dense's activation, a recurrent layer's gates) is kept, the
///   weights feeding it stored times 1.2 (``ActivationSlope``).
///
/// What cannot be translated (a layer class Keras 3 lacks, a member with an effect Keras 3 has
/// no way to express, a `hard_sigmoid` of an LSTM's cell state, whose slope differs between the
/// flavours) is reported per layer.
struct Keras3Translation {
    private(set) var failures: [(layer: String, failure: KerasRewriteFailure)] = []
    /// Layers Keras 3 loads but may not run everywhere.
    private(set) var notes: [(layer: String, note: String)] = []
    /// Weights stored changed, for layers whose config changed with them.
    private(set) var weightChanges: [WeightChange] = []
    /// Where the weights of the layer being translated are.
    private var owner: WeightOwner?
    /// The owner of the next layer, when a wrapper names it otherwise.
    private var wrappedOwner: WeightOwner?

    static let modelClasses: Set<String> = ["Sequential", "Functional", "Model"]

    /// `model` is `{"class_name": ..., "config": {...}}` (plus `name`/`inbound_nodes` when nested).
    mutating func model(_ model: JSONObject) -> JSONObject {
        var model = model
        if model["class_name"]?.string == "Model" { model["class_name"] = "Functional" }
        // tf.keras 2.13+ names its own modules (`keras.src.engine.functional`), which Keras 3 lacks.
        if let module = model["module"]?.string,
            module.hasPrefix("keras.src.engine") || module.hasPrefix("keras.engine")
        {
            let sequential = model["class_name"]?.string == "Sequential"
            model["module"] = .string(sequential ? "keras.src.models.sequential" : "keras.src.models.functional")
            model["registered_name"] = .string(sequential ? "Sequential" : "Functional")
        }
        if let list = model["config"]?.array {
            // Keras 1 and 2.0 wrote a Sequential's config as the bare list of its layers.
            model["config"] = ["layers": .array(list)]
        }
        guard var config = model["config"]?.object, let layers = config["layers"]?.array else { return model }
        if let dtype = config["dtype"] { config["dtype"] = ConfigValues.policyName(dtype) }
        if model["class_name"]?.string == "Sequential" {
            config["layers"] = .array(sequentialLayers(layers))
        } else {
            let nested = Set(
                layers.filter { Self.modelClasses.contains($0["class_name"]?.string ?? "") }.map(ModelConfigWalker.name)
            )
            var names = Set(layers.map(ModelConfigWalker.name))
            config["layers"] = .array(
                layers.flatMap { entry in
                    guard var object = entry.object else { return [entry] }
                    if let nodes = object["inbound_nodes"] {
                        object["inbound_nodes"] = LayerSplit.renumbered(nodes, nested: nested, by: -1)
                    }
                    return self.layers(object, names: &names)
                })
            let sequential = Set(
                layers.filter { $0["class_name"]?.string == "Sequential" }.map(ModelConfigWalker.name))
            // Keras 3 counts a nested Functional's calls in `input_layers`/`output_layers` from 1
            // itself, a nested Sequential's from 0.
            for key in ["input_layers", "output_layers"] {
                if let references = config[key] {
                    config[key] = LayerSplit.renumbered(references, nested: sequential, by: -1)
                }
            }
        }
        model["config"] = .object(config)
        return model
    }

    private mutating func sequentialLayers(_ layers: [JSONValue]) -> [JSONValue] {
        var names = Set(layers.map(ModelConfigWalker.name))
        var entries: [JSONValue] = []
        for (index, entry) in layers.enumerated() {
            guard var object = entry.object else {
                entries.append(entry)
                continue
            }
            if object["class_name"]?.string != "InputLayer", var config = object["config"]?.object,
                let shape = config["batch_input_shape"]
            {
                config["batch_input_shape"] = nil
                object["config"] = .object(config)
                if index == 0 {
                    var input: JSONObject = [
                        "batch_shape": shape, "dtype": config["dtype"].map(ConfigValues.policyName) ?? "float32",
                    ]
                    input["name"] = .string("\(ModelConfigWalker.name(of: entry))_input")
                    entries.append(["module": "keras.layers", "class_name": "InputLayer", "config": .object(input)])
                }
            }
            entries += self.layers(object, names: &names)
        }
        return entries
    }

    /// The entries standing for one layer entry: itself translated, or a weightless layer and
    /// itself changed where Keras 3 has no config for it. `names` are the model's layer names,
    /// new ones added.
    private mutating func layers(_ entry: JSONObject, names: inout Set<String>) -> [JSONValue] {
        guard var config = entry["config"]?.object, let className = entry["class_name"]?.string else {
            return [layer(entry)]
        }
        var split: [JSONObject]?
        if className == "Activation", config["activation"]?.string == "hard_sigmoid" {
            // Keras 2's hard_sigmoid, clip(0.2·x + 0.5, 0, 1), as Rescaling then ReLU(max_value=1).
            let (scale, clip) = LayerSplit.hardSigmoid(config, slope: 0.2)
            split = LayerSplit.entries(entry, steps: [scale], last: ("ReLU", clip, [.step(0)]), names: &names)
        }
        if ["SeparableConv1D", "DepthwiseConv1D", "SeparableConvolution1D"].contains(className),
            config["padding"]?.string == "causal", config["data_format"]?.string ?? "channels_last" == "channels_last",
            let kernel = config["kernel_size"]?[0]?.int
        {
            // Keras 3 pads only Conv1D causally: the same left padding, then a valid convolution.
            let dilation = config["dilation_rate"]?[0]?.int ?? 1
            var pad = LayerSplit.common(config)
            pad["padding"] = [.int(dilation * (kernel - 1)), 0]
            config["padding"] = "valid"
            split = LayerSplit.entries(
                entry,
                steps: [
                    LayerSplit.Step(className: "ZeroPadding1D", config: pad, inputs: [.original], suffix: "causal_pad")
                ],
                last: (className, config, [.step(0)]), names: &names)
        }
        var entries: [JSONValue] = []
        for part in split ?? [entry] { entries.append(layer(part)) }
        return entries
    }

    /// One layer entry (a model, a wrapper, or a plain layer).
    private mutating func layer(_ entry: JSONObject) -> JSONValue {
        let className = entry["class_name"]?.string ?? ""
        let name = ModelConfigWalker.name(of: .object(entry))
        let outer = owner
        owner = wrappedOwner ?? WeightOwner.layer(name, in: outer)
        wrappedOwner = nil
        defer { owner = outer }
        if Self.modelClasses.contains(className) { return .object(model(entry)) }
        var entry = entry
        if let config = entry["config"]?.object {
            entry = translated(entry, config: config, name: name)
        }
        if entry["module"] == nil {
            var keyed: JSONObject = ["module": "keras.layers"]
            for member in entry { keyed[member.key] = member.value }
            keyed["registered_name"] = keyed["registered_name"] ?? .null
            entry = keyed
        }
        return .object(entry)
    }

    private mutating func translated(_ entry: JSONObject, config: JSONObject, name: String) -> JSONObject {
        var entry = entry
        var config = config
        var className = entry["class_name"]?.string ?? ""
        if let reason = Self.removedClasses(className, config) {
            failures.append((name, KerasRewriteFailure(reason)))
            return entry
        }
        if className == "ThresholdedReLU" {
            className = "ReLU"
            config["threshold"] = config["theta"] ?? 1.0
            config["theta"] = nil
            config["negative_slope"] = 0.0
            config["max_value"] = .null
        }
        let change = Keras3LayerChange.common.merging(Keras3LayerChange.byClass[className] ?? Keras3LayerChange())
        for dropped in change.dropped {
            guard let value = config[dropped.member] else { continue }
            if let harmless = dropped.harmless, !ConfigValues.holds(value, harmless) {
                failures.append(
                    (
                        name,
                        KerasRewriteFailure(
                            "Keras 3's \(className) has no '\(dropped.member)' (this layer sets it to "
                                + "\(JSONWriter(style: .python).string(value)))")
                    ))
            }
            config[dropped.member] = nil
        }
        for (old, new) in change.renamed {
            if let value = config[old] {
                config[old] = nil
                config[new] = value
            }
        }
        if className != "InputLayer" {
            // Keras 3 layers take no declared input shape; in a Functional model it has no effect,
            // and a Sequential's first one became an InputLayer.
            config["batch_input_shape"] = nil
            // Embedding's input_dim is its vocabulary; elsewhere it declared an input shape.
            if className != "Embedding" { config["input_dim"] = nil }
        }
        if className == "BatchNormalization", let axes = config["axis"]?.array {
            guard axes.count == 1 else {
                failures.append((name, KerasRewriteFailure("Keras 3's BatchNormalization takes one axis")))
                return entry
            }
            config["axis"] = axes[0]
        }
        if let dtype = config["dtype"] { config["dtype"] = ConfigValues.policyName(dtype) }
        if className.hasSuffix("Transpose") || className == "Deconvolution2D",
            let rates = config["dilation_rate"]?.array?.compactMap(\.int), rates.contains(where: { $0 > 1 }),
            let kernel = config["kernel_size"]?.array?.compactMap(\.int), kernel.count == rates.count
        {
            // TensorFlow's CPU kernels refuse a dilated transposed convolution, which Keras 3 asks
            // for (tf.keras goes through atrous_conv2d_transpose). The kernel spread out by the
            // rates, zeros between its taps, computes the same with dilation 1.
            let owner = owner ?? WeightOwner.layer(name, in: nil)
            let changes = owner.changes("kernel", .dilated(rates: rates))
            let spread = changes.first?.changedShape(of: kernel) ?? kernel
            config["kernel_size"] = .array(spread.map { .int($0) })
            config["dilation_rate"] = .array(rates.map { _ in .int(1) })
            weightChanges += changes
            notes.append(
                (
                    name,
                    "kernel \(kernel.map(String.init).joined(separator: "×")) with dilation "
                        + "\(rates.map(String.init).joined(separator: "×")) stored spread out to "
                        + "\(spread.map(String.init).joined(separator: "×")) with dilation 1 (TensorFlow's CPU "
                        + "kernels, which Keras 3 calls, take no dilated transposed convolution)"
                ))
        }
        for member in ["activation", "recurrent_activation"] where config[member]?.string == "hard_sigmoid" {
            // The weights feeding a layer's own hard_sigmoid times 1.2 keep Keras 2's slope 0.2.
            if let kept = ActivationSlope.kept(
                className, member: member, config: config, owner: owner ?? WeightOwner.layer(name, in: nil),
                target: .keras3)
            {
                weightChanges += kept.changes
                notes.append((name, kept.note))
                continue
            }
            failures.append(
                (
                    name,
                    KerasRewriteFailure(
                        "\(member) 'hard_sigmoid' is clip(0.2·x + 0.5) in Keras 2 and clip(x/6 + 0.5) in Keras 3, "
                            + "and \(className)'s weights do not feed it affinely")
                ))
        }
        for member in ["layer", "backward_layer", "cell"] {
            if let inner = config[member]?.object {
                wrappedOwner = owner?.wrapped(
                    ModelConfigWalker.name(of: .object(inner)), by: className, member: member,
                    hasBackwardLayer: config["backward_layer"]?.object != nil)
                config[member] = layer(inner)
            }
        }
        entry["class_name"] = .string(className)
        entry["config"] = .object(config)
        return entry
    }

    private static func removedClasses(_ className: String, _ config: JSONObject) -> String? {
        if let reason = Keras3LayerChange.removedClasses[className] { return reason }
        if className == "Lambda", config["function_type"]?.string == "function" {
            let module = config["module"]?.string.map { "\($0)." } ?? ""
            return "Keras 3 loads no Lambda naming \(module)\(config["function"]?.string ?? "a function") in safe mode"
        }
        return nil
    }

}
