import Foundation
import HDF5
import JSON

/// Writes a rewritten model: a byte copy of the source `.h5` in which `model_config`, the
/// `layer_names` of `model_weights` and the groups of top-level layers are brought in line
/// with the new config. Weights, `training_config`, `optimizer_weights` and every other
/// attribute stay as they were.
///
/// libhdf5 does not shrink files, so the bytes of a replaced `model_config` stay allocated but
/// unreachable (a few kilobytes); `h5repack` compacts the file if that matters.
public enum KerasFileWriter {
    /// Writes `rewrite` applied to `source` into the new file `destination`.
    ///
    /// - Throws: ``HDF5Error`` when the copy cannot be made or changed.
    public static func write(_ rewrite: KerasRewrite, from source: String, to destination: String) throws {
        do {
            try FileManager.default.copyItem(atPath: source, toPath: destination)
        } catch {
            throw HDF5Error(
                .writeFailed, file: destination, message: "cannot copy \(source): \(error.localizedDescription)")
        }
        let file = try HDF5File.openForUpdate(destination)
        let root = try file.root
        // What is read is read before anything near it changes: a damaged heap that reads
        // report cleanly ("bad heap index") can take libhdf5 through a wild pointer once a
        // changed attribute has moved things in it. The root attributes are written last.
        let configLike = try root.attributes.read("model_config")
        let versionLike = rewrite.kerasVersion == nil ? nil : try root.attributes.read("keras_version")
        if root.kind(of: "model_weights") == .group {
            let weights = try root.group("model_weights")
            try updateWeightGroups(weights, layers: rewrite.topLevelLayers)
            try reorderNestedWeights(weights, config: rewrite.config)
            for change in rewrite.weightChanges { try apply(change, in: weights) }
        }
        let text = JSONWriter(style: .python).string(rewrite.config)
        try root.attributes.write(stringAttribute("model_config", [text], like: configLike))
        if let version = rewrite.kerasVersion {
            try root.attributes.write(stringAttribute("keras_version", [version], like: versionLike))
        }
        try file.flush()
    }

    private static func updateWeightGroups(_ weights: HDF5Group, layers: [String]) throws {
        guard let oldNames = try weights.attributes.read("layer_names") else {
            if try weights.attributes.names().contains(where: { $0.hasPrefix("layer_names") }) {
                throw HDF5Error(
                    .unsupportedType, file: weights.file.path, object: weights.path,
                    message: "layer_names split into chunks is not supported for rewriting")
            }
            return
        }
        let previous = oldNames.strings ?? []
        let emptyStyle = try previous.lazy.compactMap { name -> HDF5Attribute? in
            guard weights.kind(of: name) == .group else { return nil }
            let attribute = try weights.group(name).attributes.read("weight_names")
            return attribute?.shape == [0] ? attribute : nil
        }.first
        var removed: [String] = []
        for name in previous where !layers.contains(name) && weights.kind(of: name) == .group {
            let group = try weights.group(name)
            guard (try group.attributes.read("weight_names")?.strings ?? []).isEmpty else {
                throw HDF5Error(
                    .writeFailed, file: weights.file.path, object: group.path,
                    message: "layer '\(name)' holds weights but is no longer in the model")
            }
            removed.append(name)
        }
        for name in layers where weights.kind(of: name) == nil {
            let group = try weights.createGroup(name)
            var empty =
                emptyStyle
                ?? HDF5Attribute(name: "weight_names", shape: [0], elementType: .float(bits: 64), value: .floats([]))
            empty.name = "weight_names"
            try group.attributes.write(empty)
        }
        for name in removed { try weights.removeLink(name) }
        try weights.attributes.write(stringAttribute("layer_names", layers, like: oldNames, array: true))
    }

    /// Stores `change`'s weights changed: every weight of its group that it is for, at least one.
    private static func apply(_ change: WeightChange, in weights: HDF5Group) throws {
        guard weights.kind(of: change.group) == .group else {
            throw HDF5Error(
                .writeFailed, file: weights.file.path, object: weights.path,
                message: "no weights of layer '\(change.group)' to change")
        }
        let group = try weights.group(change.group)
        let names = (try group.attributes.read("weight_names")?.strings ?? []).filter(change.isFor(weightNamed:))
        guard !names.isEmpty else {
            throw HDF5Error(
                .writeFailed, file: weights.file.path, object: group.path,
                message: "no weight '\(change.weight)' of '\(change.scope)' to change")
        }
        for name in names {
            let dataset = try group.dataset(name)
            guard let (shape, values) = change.apply(to: try dataset.readFloats(), shape: dataset.shape) else {
                throw HDF5Error(
                    .writeFailed, file: weights.file.path, object: dataset.path,
                    message: "weight of shape \(dataset.shape) does not fit \(change.transform)")
            }
            try group.removeLink(name)
            try group.createDataset(name, shape: shape, values: values)
        }
    }

    /// Puts each nested model's `weight_names` in its (possibly new) layer order.
    private static func reorderNestedWeights(_ weights: HDF5Group, config: JSONValue) throws {
        for entry in config["config"]?["layers"]?.array ?? [] {
            let name = ModelConfigWalker.name(of: entry)
            guard ModelConfigWalker.modelClasses.contains(entry["class_name"]?.string ?? ""),
                weights.kind(of: name) == .group
            else { continue }
            let group = try weights.group(name)
            guard let attribute = try group.attributes.read("weight_names"), let names = attribute.strings,
                let ordered = NestedWeightOrder.ordered(names, model: entry), ordered != names
            else { continue }
            try group.attributes.write(stringAttribute("weight_names", ordered, like: attribute, array: true))
        }
    }

    /// A string attribute written the way `original` was: variable-length when it was (or when a
    /// fixed-length one would outgrow HDF5's 64 KB object header), fixed-length otherwise.
    private static func stringAttribute(
        _ name: String, _ strings: [String], like original: HDF5Attribute?, array: Bool = false
    ) -> HDF5Attribute {
        var variableLength = true
        if case .string(let wasVariable)? = original?.elementType { variableLength = wasVariable }
        let width = strings.map(\.utf8.count).max() ?? 0
        if width * max(1, strings.count) > 60_000 { variableLength = true }
        return HDF5Attribute(
            name: name, shape: array ? [strings.count] : (original?.shape ?? []),
            elementType: .string(variableLength: variableLength), value: .strings(strings))
    }
}
