import Foundation
import HDF5
import JSON
import KerasArchive
import KerasModel

/// Writes a Keras 3 `.keras` archive from a model in Keras 3's config shapes (the rewritten `.h5`
/// the `.h5` writer made): `config.json` is its config, `model.weights.h5` holds its weights in
/// Keras 3's layout — `layers/<snake_case class>[_N]/vars/<i>` in `model.layers` order, the
/// layer's name as the `vars` group's `name` attribute, a nested model's layers under its own
/// `layers`, an RNN's variables under its `cell`, a wrapper's under its `layer`. Each asset goes
/// to `assets/` under its layer's new group path.
public enum KerasArchiveWriter {
    /// Writes `model`, whose config is `config`, as the new archive `destination`, with `assets`
    /// (from the archive the model was rewritten from).
    ///
    /// - Throws: ``HDF5Error`` or ``KerasArchiveError`` when a file cannot be read or written,
    ///   ``MisplacedAsset`` when an asset's layer is not in the written model.
    public static func write(
        _ model: KerasModel, config: JSONValue, assets: [LayerAsset] = [], to destination: String
    ) throws {
        let weightsPath = destination + ".weights.h5"
        defer { try? FileManager.default.removeItem(atPath: weightsPath) }
        let groups = try writeWeights(model, config: config, to: weightsPath)
        let members = try assets.map { asset in
            guard let group = groups[asset.layer] else { throw MisplacedAsset(asset: asset) }
            return (name: "\(KerasArchive.assetsPrefix)\(group)/\(asset.file)", data: asset.data)
        }
        var metadata = JSONObject()
        metadata["keras_version"] = .string(model.kerasVersion ?? KerasDialect.keras3.writtenVersion)
        metadata["date_saved"] = .string("2024-01-01@00:00:00")
        try KerasArchivePacker.pack(
            config: JSONWriter(style: .python).string(withModules(config)),
            metadata: JSONWriter(style: .python).string(.object(metadata)), weightsFile: weightsPath,
            assets: members, to: destination)
    }

    /// An asset whose layer the written model does not have.
    public struct MisplacedAsset: Error, CustomStringConvertible {
        public var asset: LayerAsset
        public var description: String {
            "asset '\(asset.file)' of layer '\(asset.layer)' has no place: the rewritten model has no such layer"
        }
    }

    /// `config` with `module` and `registered_name` set on every model that lacks them: Keras 3's
    /// `.keras` loader finds `Functional` and `Sequential` only through them (a config translated
    /// from tf.keras has none).
    static func withModules(_ config: JSONValue) -> JSONValue {
        guard var object = config.object else { return config }
        let className = object["class_name"]?.string ?? ""
        if ModelConfigWalker.modelClasses.contains(className) {
            if object["module"] == nil || object["module"] == .null {
                let sequential = className == "Sequential"
                object["module"] = .string(sequential ? "keras.src.models.sequential" : "keras.src.models.functional")
                object["registered_name"] = .string(sequential ? "Sequential" : "Functional")
            }
            if var inner = object["config"]?.object, let layers = inner["layers"]?.array {
                inner["layers"] = .array(layers.map(withModules))
                object["config"] = .object(inner)
            }
        }
        return .object(object)
    }

    /// Writes the weights file; it is closed when this returns. Returns each layer's group, keyed
    /// as ``KerasModel/archiveGroups``.
    private static func writeWeights(_ model: KerasModel, config: JSONValue, to path: String) throws
        -> [String: String]
    {
        let source = try model.openWeights()
        let file = try HDF5File.create(path)
        var writer = Writer(index: model.weights, source: source)
        try writer.model(config, group: try file.root, owner: nil, path: [])
        try file.flush()
        return writer.groups
    }

    private struct Writer {
        let index: WeightIndex
        let source: HDF5File
        /// Each layer's group, keyed as ``KerasModel/archiveGroups``.
        var groups: [String: String] = [:]

        /// A model's own `vars`, then its layers under `layers`.
        mutating func model(_ entry: JSONValue, group: HDF5Group, owner: String?, path: [String]) throws {
            try variables(group, name: ModelConfigWalker.name(of: entry), weights: [])
            let layers = try group.createGroup("layers")
            let sequential = entry["class_name"]?.string == "Sequential"
            var used: [String: Int] = [:]
            for layer in entry["config"]?["layers"]?.array ?? [] {
                let className = layer["class_name"]?.string ?? ""
                // A Sequential's InputLayer is in its config but not in model.layers.
                if sequential && className == "InputLayer" { continue }
                let base = ArchiveNames.snakeCase(className)
                let count = used[base, default: -1] + 1
                used[base] = count
                let child = try layers.createGroup(count == 0 ? base : "\(base)_\(count)")
                let name = ModelConfigWalker.name(of: layer)
                groups[(path + [name]).joined(separator: "/")] = String(child.path.drop { $0 == "/" })
                if ModelConfigWalker.modelClasses.contains(className) {
                    try model(layer, group: child, owner: owner ?? name, path: path + [name])
                } else {
                    let weights = owner.map { index.weights(of: name, owner: $0) } ?? index.weights(of: name)
                    try self.layer(className, name: name, group: child, weights: weights)
                }
            }
        }

        /// A layer's variables where Keras 3 keeps them: its own, or those of what it holds.
        func layer(_ className: String, name: String, group: HDF5Group, weights: [WeightInfo]) throws {
            try variables(group, name: name, weights: Self.held[className] == nil ? weights : [])
            guard let held = Self.held[className], !weights.isEmpty else { return }
            let share = weights.count / held.count
            for (position, path) in held.enumerated() {
                var inner = group
                for part in path {
                    if inner.kind(of: part) == .group {
                        inner = try inner.group(part)
                    } else {
                        inner = try inner.createGroup(part)
                        if part != path.last { try variables(inner, name: nil, weights: []) }
                    }
                }
                let slice = Array(weights[(position * share)..<min(weights.count, (position + 1) * share)])
                try variables(inner, name: nil, weights: slice)
            }
        }

        /// The `vars` group of `group`: the datasets `0`, `1`, ... copied from the source.
        func variables(_ group: HDF5Group, name: String?, weights: [WeightInfo]) throws {
            let vars = try group.createGroup("vars")
            if let name {
                try vars.attributes.write(
                    HDF5Attribute(
                        name: "name", shape: [], elementType: .string(variableLength: true), value: .strings([name])))
            }
            for (position, weight) in weights.enumerated() {
                try vars.copyObject(from: source, path: weight.path, as: String(position))
            }
        }

        /// Layers whose variables Keras 3 saves under objects they hold, the weights split evenly.
        static let held: [String: [[String]]] = [
            "LSTM": [["cell"]], "GRU": [["cell"]], "SimpleRNN": [["cell"]],
            "TimeDistributed": [["layer"]],
            "Bidirectional": [["forward_layer", "cell"], ["backward_layer", "cell"]],
        ]
    }
}
