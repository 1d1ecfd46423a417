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
/// - calls of nested models are renumbered from 0.
///
/// What cannot be translated (a layer class Keras 3 lacks, a member with an effect Keras 3 has
/// no way to express, a `hard_sigmoid` whose slope differs between the flavours) is reported
/// per layer.
struct Keras3Translation {
    private(set) var failures: [(layer: String, failure: KerasRewriteFailure)] = []

    static let modelClasses: Set<String> = ["Sequential", "Functional", "Model"]

    /// `model` is `{"class_name": ..., "config": {...}}` (plus `name`/`inbound_nodes` when nested).
    mutating func model(_ model: JSONObject) -> JSONObject {
        var model = model
        if model["class_name"]?.string == "Model" { model["class_name"] = "Functional" }
        if let list = model["config"]?.array {
            // Keras 1 and 2.0 wrote a Sequential's config as the bare list of its layers.
            model["config"] = ["layers": .array(list)]
        }
        guard var config = model["config"]?.object, let layers = config["layers"]?.array else { return model }
        if let dtype = config["dtype"] { config["dtype"] = Self.dtype(dtype) }
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
                        object["inbound_nodes"] = Self.renumbered(nodes, nested: nested)
                    }
                    return self.layers(object, names: &names)
                })
            let sequential = Set(
                layers.filter { $0["class_name"]?.string == "Sequential" }.map(ModelConfigWalker.name))
            // Keras 3 counts a nested Functional's calls in `input_layers`/`output_layers` from 1
            // itself, a nested Sequential's from 0.
            for key in ["input_layers", "output_layers"] {
                if let references = config[key] { config[key] = Self.renumbered(references, nested: sequential) }
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
                        "batch_shape": shape, "dtype": config["dtype"].map(Self.dtype) ?? "float32",
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
        if className == "Activation", config["activation"]?.string == "hard_sigmoid" {
            // Keras 2's hard_sigmoid, clip(0.2·x + 0.5, 0, 1), as Rescaling then ReLU(max_value=1).
            var relu = config
            relu["activation"] = nil
            relu["max_value"] = 1.0
            relu["negative_slope"] = 0.0
            relu["threshold"] = 0.0
            var scale = config
            scale["activation"] = nil
            scale["scale"] = 0.2
            scale["offset"] = 0.5
            return split(entry, before: ("Rescaling", scale, "scale"), then: ("ReLU", relu), names: &names)
        }
        if ["SeparableConv1D", "DepthwiseConv1D", "SeparableConvolution1D"].contains(className),
            config["padding"]?.string == "causal", config["data_format"]?.string ?? "channels_last" == "channels_last",
            let kernel = config["kernel_size"]?[0]?.int
        {
            // Keras 3 pads only Conv1D causally: the same left padding, then a valid convolution.
            let dilation = config["dilation_rate"]?[0]?.int ?? 1
            var pad = JSONObject()
            for key in ["trainable", "dtype"] { pad[key] = config[key] }
            pad["padding"] = [.int(dilation * (kernel - 1)), 0]
            config["padding"] = "valid"
            return split(entry, before: ("ZeroPadding1D", pad, "causal_pad"), then: (className, config), names: &names)
        }
        return [layer(entry)]
    }

    /// `entry` as two layers: a new weightless one (named `<entry>__<suffix>`) called as `entry`
    /// was, then `entry` (same name, so its weights and readers stay) called on it.
    private mutating func split(
        _ entry: JSONObject, before first: (className: String, config: JSONObject, suffix: String),
        then second: (className: String, config: JSONObject), names: inout Set<String>
    ) -> [JSONValue] {
        let name = ModelConfigWalker.name(of: .object(entry))
        var newName = "\(name)__\(first.suffix)"
        var number = 2
        while names.contains(newName) {
            newName = "\(name)__\(first.suffix)_\(number)"
            number += 1
        }
        names.insert(newName)
        var firstConfig = first.config
        firstConfig["name"] = .string(newName)
        var before: JSONObject = ["class_name": .string(first.className), "config": .object(firstConfig)]
        var after: JSONObject = ["class_name": .string(second.className), "config": .object(second.config)]
        if entry["name"] != nil {
            before["name"] = .string(newName)
            after["name"] = .string(name)
        }
        if let nodes = entry["inbound_nodes"]?.array {
            before["inbound_nodes"] = .array(nodes)
            after["inbound_nodes"] = .array(
                nodes.indices.map { call in [[.string(newName), .int(call), 0, .object(JSONObject())]] })
        }
        return [layer(before), layer(after)]
    }

    /// One layer entry (a model, a wrapper, or a plain layer).
    private mutating func layer(_ entry: JSONObject) -> JSONValue {
        let className = entry["class_name"]?.string ?? ""
        if Self.modelClasses.contains(className) { return .object(model(entry)) }
        let name = ModelConfigWalker.name(of: .object(entry))
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
            if let harmless = dropped.harmless, !Self.same(value, harmless) {
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
        }
        if className == "BatchNormalization", let axes = config["axis"]?.array {
            guard axes.count == 1 else {
                failures.append((name, KerasRewriteFailure("Keras 3's BatchNormalization takes one axis")))
                return entry
            }
            config["axis"] = axes[0]
        }
        if let dtype = config["dtype"] { config["dtype"] = Self.dtype(dtype) }
        for member in ["activation", "recurrent_activation"] where config[member]?.string == "hard_sigmoid" {
            failures.append(
                (
                    name,
                    KerasRewriteFailure(
                        "\(member) 'hard_sigmoid' is clip(0.2·x + 0.5) in Keras 2 and clip(x/6 + 0.5) in Keras 3")
                ))
        }
        for member in ["layer", "backward_layer", "cell"] {
            if let inner = config[member]?.object {
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

    /// A tf.keras mixed-precision `Policy` object as the policy name Keras 3 reads.
    private static func dtype(_ value: JSONValue) -> JSONValue {
        if value["class_name"]?.string == "Policy", let name = value["config"]?["name"] { return name }
        return value
    }

    private static func same(_ value: JSONValue, _ expected: JSONValue) -> Bool {
        switch (value, expected) {
        case (.int(let number), .int(let other)): return number == other
        case (.double(let number), .int(let other)): return number == Double(other)
        default: return value == expected
        }
    }

    /// `references` (a call's entries, or `input_layers`) with the node numbers of calls of the
    /// `nested` layers lowered by one, as Keras 3 counts them.
    static func renumbered(_ references: JSONValue, nested: Set<String>) -> JSONValue {
        guard !nested.isEmpty, let items = references.array else { return references }
        if (3...4).contains(items.count), let layer = items[0].string, let node = items[1].int {
            var items = items
            if nested.contains(layer), node > 0 { items[1] = .int(node - 1) }
            if items.count == 4 { items[3] = renumberedKeywords(items[3], nested: nested) }
            return .array(items)
        }
        return .array(items.map { renumbered($0, nested: nested) })
    }

    private static func renumberedKeywords(_ keywords: JSONValue, nested: Set<String>) -> JSONValue {
        guard var object = keywords.object else { return keywords }
        for member in object {
            if member.value.array != nil { object[member.key] = renumbered(member.value, nested: nested) }
        }
        return .object(object)
    }
}
