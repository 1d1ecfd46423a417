import JSON

/// One layer entry as several: weightless layers first, then a last one that keeps the entry's
/// name (so its weights and the layers reading it stay as they were). Used where the other Keras
/// flavour has no config for a layer but a short chain computes the same.
///
/// Calls are written in Keras 2's list form, which both flavours read.
struct LayerSplit {
    /// What a new layer is called on.
    enum Input {
        /// The tensors the original entry was called on.
        case original
        /// The output of the new layer at this index.
        case step(Int)
    }

    struct Step {
        var className: String
        var config: JSONObject
        var inputs: [Input]
        /// Names the layer: `<entry>__<suffix>`.
        var suffix: String
    }

    /// `entry` as `steps` (each named `<entry>__<suffix>`) then `last` (named as `entry`).
    static func entries(
        _ entry: JSONObject, steps: [Step], last: (className: String, config: JSONObject, inputs: [Input]),
        names: inout Set<String>
    ) -> [JSONObject] {
        let name = ModelConfigWalker.name(of: .object(entry))
        var stepNames: [String] = []
        for step in steps { stepNames.append(LayerNames.unique("\(name)__\(step.suffix)", in: &names)) }
        let originalNodes = entry["inbound_nodes"]?.array
        func make(_ className: String, _ config: JSONObject, _ inputs: [Input], named layerName: String) -> JSONObject {
            var config = config
            config["name"] = .string(layerName)
            var made: JSONObject = ["class_name": .string(className), "config": .object(config)]
            if entry["name"] != nil { made["name"] = .string(layerName) }
            if let originalNodes {
                made["inbound_nodes"] = .array(
                    originalNodes.indices.map { call in
                        .array(
                            inputs.flatMap { input -> [JSONValue] in
                                switch input {
                                case .original: return originalNodes[call].array ?? []
                                case .step(let index): return [[.string(stepNames[index]), .int(call), 0, [:]]]
                                }
                            })
                    })
            }
            return made
        }
        return steps.indices.map { make(steps[$0].className, steps[$0].config, steps[$0].inputs, named: stepNames[$0]) }
            + [make(last.className, last.config, last.inputs, named: name)]
    }

    /// The members every layer carries (`trainable`, `dtype`) of `config`, for a new layer.
    static func common(_ config: JSONObject) -> JSONObject {
        var result = JSONObject()
        for key in ["trainable", "dtype"] { result[key] = config[key] }
        return result
    }

    /// `clip(slope·x + 0.5, 0, 1)` (a hard sigmoid of either flavour) of the original input: a
    /// `Rescaling` step, and the config of the `ReLU(max_value=1)` that follows it.
    static func hardSigmoid(_ config: JSONObject, slope: Double) -> (scale: Step, clip: JSONObject) {
        var scale = common(config)
        scale["scale"] = .double(slope)
        scale["offset"] = 0.5
        var clip = common(config)
        clip["max_value"] = 1.0
        clip["negative_slope"] = 0.0
        clip["threshold"] = 0.0
        return (Step(className: "Rescaling", config: scale, inputs: [.original], suffix: "scale"), clip)
    }

    /// `entry`'s references to the `nested` layers in `references` (a call's entries, or
    /// `input_layers`), with node numbers moved by `delta` (Keras 3 counts a nested model's calls
    /// from 0, tf.keras from 1).
    static func renumbered(_ references: JSONValue, nested: Set<String>, by delta: Int) -> JSONValue {
        guard !nested.isEmpty, let items = references.array else { return references }
        if (3...4).contains(items.count), let layer = items[0].string, let node = items[1].int {
            var items = items
            if nested.contains(layer), node + delta >= 0 { items[1] = .int(node + delta) }
            if items.count == 4, var keywords = items[3].object {
                for member in keywords where member.value.array != nil {
                    keywords[member.key] = renumbered(member.value, nested: nested, by: delta)
                }
                items[3] = .object(keywords)
            }
            return .array(items)
        }
        return .array(items.map { renumbered($0, nested: nested, by: delta) })
    }
}
