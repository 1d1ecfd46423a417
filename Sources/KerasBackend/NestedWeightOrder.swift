import JSON

/// The `weight_names` of a nested model's group in the order Keras loads them.
///
/// Keras saves a nested model as one layer whose weights are its trainable weights, layer by
/// layer in its own layer order, then its non-trainable ones the same way; it loads them back by
/// position. Replacing a Lambda inside a nested functional model by a chain can change that
/// layer order, so the names are put in the new order (the datasets stay where they are).
enum NestedWeightOrder {
    /// Weight names that are not trainable whatever the layer (BatchNormalization's statistics).
    static let statistics: Set<String> = ["moving_mean", "moving_variance", "running_mean", "running_std"]

    /// `names` for the nested model `model` (its config entry, layers in the new order); nil
    /// when a weight's layer cannot be told from its name.
    static func ordered(_ names: [String], model: JSONValue) -> [String]? {
        let layers = model["config"]?["layers"]?.array ?? []
        var position: [String: Int] = [:]
        var frozen: Set<Int> = []
        for (index, layer) in layers.enumerated() {
            for name in allNames(layer) where position[name] == nil { position[name] = index }
            if layer["config"]?["trainable"]?.bool == false { frozen.insert(index) }
        }
        var keyed: [(trainable: Bool, layer: Int, original: Int, name: String)] = []
        for (original, name) in names.enumerated() {
            let parts = name.split(separator: "/").map(String.init)
            guard let owner = parts.lazy.compactMap({ position[$0] }).first else { return nil }
            let last = parts.last.map { String($0.split(separator: ":").first ?? "") } ?? ""
            let trainable = !frozen.contains(owner) && !statistics.contains(last)
            keyed.append((trainable, owner, original, name))
        }
        keyed.sort { first, second in
            if first.trainable != second.trainable { return first.trainable }
            if first.layer != second.layer { return first.layer < second.layer }
            return first.original < second.original
        }
        return keyed.map(\.name)
    }

    /// The name of `layer` and of every layer nested in it.
    private static func allNames(_ layer: JSONValue) -> [String] {
        var names = [ModelConfigWalker.name(of: layer)]
        for inner in layer["config"]?["layers"]?.array ?? [] { names += allNames(inner) }
        for member in ["layer", "backward_layer"] {
            if let inner = layer["config"]?[member] { names += allNames(inner) }
        }
        return names
    }
}
