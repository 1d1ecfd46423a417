import Foundation
import HDF5
import JSON
import KerasModel

/// Writes a model read from a `.keras` archive as the `.h5` Keras writes (`model_config`,
/// `model_weights` with `layer_names` and each layer's `weight_names`), so that the `.h5`
/// rewriter (``KerasFileWriter``) can then work on it as on any other: the datasets are copied
/// from the archive's weights image unchanged, named as Keras names them
/// (``KerasVariableNames``), a nested model's trainable weights before its statistics.
public enum LegacyFileBuilder {
    /// Writes `model` (from a `.keras`), whose config is `config`, to the new file `destination`.
    ///
    /// - Throws: ``HDF5Error`` when a file cannot be made, read or written.
    public static func write(_ model: KerasModel, config: JSONValue, to destination: String) throws {
        let source = try model.openWeights()
        let file = try HDF5File.create(destination)
        let root = try file.root
        let version = model.kerasVersion ?? KerasDialect.keras3.writtenVersion
        try root.attributes.write(text("model_config", JSONWriter(style: .python).string(config)))
        try root.attributes.write(text("keras_version", version))
        try root.attributes.write(text("backend", model.backend ?? "tensorflow"))
        let weights = try root.createGroup("model_weights")
        let layers = config["config"]?["layers"]?.array ?? []
        let names = layers.map(ModelConfigWalker.name(of:))
        try weights.attributes.write(list("layer_names", names))
        try weights.attributes.write(text("keras_version", version))
        try weights.attributes.write(text("backend", model.backend ?? "tensorflow"))
        for entry in layers {
            let name = ModelConfigWalker.name(of: entry)
            let group = try weights.createGroup(name)
            var stored: [(name: String, info: WeightInfo)] = []
            if ModelConfigWalker.modelClasses.contains(entry["class_name"]?.string ?? "") {
                stored = nestedWeights(entry, owner: name, index: model.weights)
            } else {
                let infos = model.weights.weights(of: name)
                let variables = KerasVariableNames.names(
                    className: entry["class_name"]?.string ?? "", config: entry["config"], count: infos.count)
                stored = zip(variables, infos).map { ("\(name)/\($0)", $1) }
            }
            for (weightName, info) in stored {
                try copy(info, from: source, into: group, as: weightName)
            }
            try group.attributes.write(list("weight_names", stored.map(\.name)))
        }
        try file.flush()
    }

    /// A nested model's weights as Keras lists them: every layer's trainable ones in layer order,
    /// then every layer's others.
    private static func nestedWeights(_ model: JSONValue, owner: String, index: WeightIndex)
        -> [(name: String, info: WeightInfo)]
    {
        var trainable: [(String, WeightInfo)] = []
        var others: [(String, WeightInfo)] = []
        func visit(_ model: JSONValue, prefix: String) {
            for entry in model["config"]?["layers"]?.array ?? [] {
                let name = ModelConfigWalker.name(of: entry)
                let className = entry["class_name"]?.string ?? ""
                if ModelConfigWalker.modelClasses.contains(className) {
                    visit(entry, prefix: "\(prefix)\(name)/")
                    continue
                }
                let infos = index.weights(of: name, owner: owner)
                let variables = KerasVariableNames.names(
                    className: className, config: entry["config"], count: infos.count)
                let split = KerasVariableNames.trainableCount(variables, config: entry["config"])
                for (position, pair) in zip(variables, infos).enumerated() {
                    let named = ("\(prefix)\(name)/\(pair.0)", pair.1)
                    if position < split { trainable.append(named) } else { others.append(named) }
                }
            }
        }
        visit(model, prefix: "")
        return trainable + others
    }

    /// Copies a dataset to `name` under `group`, making the groups its path passes through.
    private static func copy(_ info: WeightInfo, from source: HDF5File, into group: HDF5Group, as name: String) throws {
        var parent = group
        let parts = name.split(separator: "/").map(String.init)
        for part in parts.dropLast() {
            parent = parent.kind(of: part) == .group ? try parent.group(part) : try parent.createGroup(part)
        }
        try parent.copyObject(from: source, path: info.path, as: parts.last ?? name)
    }

    private static func text(_ name: String, _ value: String) -> HDF5Attribute {
        HDF5Attribute(name: name, shape: [], elementType: .string(variableLength: true), value: .strings([value]))
    }

    private static func list(_ name: String, _ values: [String]) -> HDF5Attribute {
        HDF5Attribute(
            name: name, shape: [values.count], elementType: .string(variableLength: true), value: .strings(values))
    }
}
