import JSON
import KerasModel

/// How a Keras flavour writes layers and calls in `model_config`.
///
/// Keras 2 (and tf.keras / tf_keras) writes a call as a list of `[layer, node, tensor, kwargs]`
/// entries and names module functions through `TFOpLambda` layers; Keras 3 writes
/// `{"args": [...], "kwargs": {...}}` with `__keras_tensor__` objects and names module functions
/// through `Lambda` layers whose function is `{"module": "keras.ops", "class_name": "function"}`.
public enum KerasDialect: String, Sendable, CaseIterable {
    case keras2
    case keras3

    /// The dialect of files written by a Keras of `flavour` (Keras 1 files are read as Keras 2).
    public init(_ flavour: KerasFlavour) {
        self = flavour == .keras3 ? .keras3 : .keras2
    }

    /// The `keras_version` a file gets when its config is translated into this dialect: the
    /// first release whose loader reads those shapes.
    public var writtenVersion: String {
        switch self {
        case .keras2: return "2.13.1"
        case .keras3: return "3.0.0"
        }
    }

    /// A tensor reference as a call's argument.
    func tensor(_ reference: RawTensor) -> JSONValue {
        switch self {
        case .keras2:
            return .array([.string(reference.layer), .int(reference.node), .int(reference.tensor)])
        case .keras3:
            if let original = reference.keras3Object { return original }
            let shape: JSONValue = reference.shape.map { .array($0.map { $0.map(JSONValue.int) ?? .null }) } ?? .null
            return [
                "class_name": "__keras_tensor__",
                "config": [
                    "shape": shape, "dtype": "float32",
                    "keras_history": .array([.string(reference.layer), .int(reference.node), .int(reference.tensor)]),
                ],
            ]
        }
    }

    /// One call of a layer on `inputs`; `legacy` forces Keras 2's list form (accepted by Keras 3
    /// too), used where shapes are unknown; `bareEntry` writes a one-tensor Keras 2 call as the
    /// entry itself, as tf.keras does for `TFOpLambda`.
    func call(
        _ inputs: [RawTensor], asList: Bool, keywords: JSONObject, tensorKeywords: [(String, RawTensor)],
        legacy: Bool = false, bareEntry: Bool = false
    ) -> JSONValue {
        var allKeywords = keywords
        for (name, reference) in tensorKeywords { allKeywords[name] = KerasDialect.keras2.tensor(reference) }
        if self == .keras2 || legacy {
            if bareEntry, !asList, inputs.count == 1, let only = inputs.first {
                // One bare entry: the tensor itself is the first argument (as tf.keras writes a
                // TFOpLambda call); a one-entry list would hand `tf.math.abs` a list.
                return .array([.string(only.layer), .int(only.node), .int(only.tensor), .object(allKeywords)])
            }
            return .array(
                inputs.map { reference in
                    .array([
                        .string(reference.layer), .int(reference.node), .int(reference.tensor), .object(allKeywords),
                    ])
                })
        }
        let tensors = inputs.map(tensor)
        let arguments: JSONValue = asList ? .array([.array(tensors)]) : .array(tensors)
        return ["args": arguments, "kwargs": .object(keywords)]
    }

    /// A layer entry of a functional model's `layers` list.
    /// Keras 3 entries name their module, so that Keras 3 reads them as its own rather than
    /// through its legacy path (which drops `axis` lists of more than one axis).
    func layerEntry(name: String, className: String, config: JSONObject, inboundNodes: [JSONValue]) -> JSONValue {
        var entry: JSONObject = self == .keras3 ? ["module": "keras.layers"] : JSONObject()
        entry["class_name"] = .string(className)
        entry["config"] = .object(config)
        if self == .keras3 { entry["registered_name"] = .null }
        entry["name"] = .string(name)
        entry["inbound_nodes"] = .array(inboundNodes)
        return .object(entry)
    }

    /// A module function in a `Lambda`'s `function` (Keras 3).
    static func keras3Function(_ name: String) -> JSONValue {
        ["module": "keras.ops", "class_name": "function", "config": .string(name), "registered_name": .null]
    }
}

/// A tensor a call reads, as the file wrote it.
struct RawTensor: Hashable, Sendable {
    var layer: String
    var node: Int
    var tensor: Int
    /// The shape, batch first, when known.
    var shape: [Int?]?
    /// Keras 3's `__keras_tensor__` object as written, reused verbatim.
    var keras3Object: JSONValue?
}
