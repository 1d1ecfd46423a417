import Foundation
import HDF5

/// The weight index of a Keras 3 `.keras` archive's `model.weights.h5`, in the form the `.h5`
/// reader gives (``WeightIndex``), so that every later stage reads both alike.
///
/// Keras 3 stores each layer's variables as `layers/<group>/vars/<i>` (trainable first, in the
/// order the layer made them), `<group>` being the layer's class in snake case, numbered `_1`,
/// `_2`, ... among the model's layers of that class in `model.layers` order; the `vars` group
/// carries the layer's real name as its `name` attribute where the Keras version wrote one. A
/// nested model's layers sit under its own group's `layers`. A layer of a nested model gets the
/// weight names `owner/inner/<i>`, which ``WeightIndex/weights(of:owner:)`` finds it by.
///
/// tf.keras 2.13 names that group `_layer_checkpoint_dependencies`, after the model attribute it
/// saved: a mapping that lists each layer with weights twice (`layer_with_weights-k`, then
/// `layer-i`). The second listing, already saved, is skipped but still takes a number, so a layer
/// with weights uses up two numbers of its class (`dense`, `dense_2`, ...).
enum ArchiveWeightIndex {
    /// The weight index, and the group of each layer (by ``KerasModel/archiveGroups``'s keys).
    static func read(_ root: HDF5Group, graph: ModelGraph) throws -> (WeightIndex, groups: [String: String]) {
        var index = WeightIndex(layerNames: graph.layers.map(\.name))
        var paths: [String: String] = [:]
        guard let container = try layersGroup(in: root) else { return (index, paths) }
        let groups = try layerGroups(container, graph: graph)
        for layer in graph.layers {
            guard let group = groups[layer.name] else { continue }
            var weights: [WeightInfo] = []
            try collect(layer, group: group, prefix: [], into: &weights, paths: &paths)
            index.weightsByLayer[layer.name] = weights
        }
        return (index, paths)
    }

    /// The variables of `layer` and, for a nested model, of its layers, in order.
    private static func collect(
        _ layer: Layer, group: HDF5Group, prefix: [String], into weights: inout [WeightInfo],
        paths: inout [String: String]
    ) throws {
        let path = prefix + [layer.name]
        paths[path.joined(separator: "/")] = String(group.path.drop { $0 == "/" })
        try collectVariables(
            group, name: path, skipping: layer.model == nil ? [] : Set(containerNames), into: &weights)
        guard let nested = layer.model, let container = try layersGroup(in: group) else { return }
        let groups = try layerGroups(container, graph: nested)
        for inner in nested.layers {
            guard let innerGroup = groups[inner.name] else { continue }
            try collect(inner, group: innerGroup, prefix: path, into: &weights, paths: &paths)
        }
    }

    /// A layer's own `vars`, then those of the objects it holds (an RNN's `cell`, a wrapper's
    /// `layer`, a `Bidirectional`'s two layers) in the order Keras lists their weights.
    private static func collectVariables(
        _ group: HDF5Group, name: [String], skipping: Set<String>, into weights: inout [WeightInfo]
    ) throws {
        if group.kind(of: "vars") == .group {
            let vars = try group.group("vars")
            let numbered = try vars.childNames().compactMap { name in Int(name).map { ($0, name) } }.sorted {
                $0.0 < $1.0
            }
            for (position, child) in numbered where vars.kind(of: child) == .dataset {
                let dataset = try vars.dataset(child)
                weights.append(
                    WeightInfo(
                        name: (name + ["var\(position)"]).joined(separator: "/"), path: dataset.path,
                        shape: dataset.shape, dtype: dataset.elementType.description))
            }
        }
        let children = try group.childNames().filter {
            $0 != "vars" && !skipping.contains($0) && group.kind(of: $0) == .group
        }
        for child in children.sorted(by: heldOrder) {
            try collectVariables(try group.group(child), name: name, skipping: [], into: &weights)
        }
    }

    /// Keras saves held objects in attribute-name order but lists a `Bidirectional`'s weights
    /// forward layer first.
    private static func heldOrder(_ first: String, _ second: String) -> Bool {
        let rank = ["forward_layer": 0, "backward_layer": 1]
        if let a = rank[first], let b = rank[second] { return a < b }
        return first < second
    }

    /// What Keras 3 and tf.keras 2.15 (`layers`) and tf.keras 2.13 call the group of a model's layers.
    private static let containerNames = ["layers", checkpointDependencies]
    private static let checkpointDependencies = "_layer_checkpoint_dependencies"

    /// The group holding the layers of the model saved in `group`, if any.
    private static func layersGroup(in group: HDF5Group) throws -> HDF5Group? {
        guard let name = containerNames.first(where: { group.kind(of: $0) == .group }) else { return nil }
        return try group.group(name)
    }

    /// The group of each layer of `graph` under `layers`: by the `name` attribute of its `vars`
    /// where written, else by its class's snake-case name and number in layer order.
    private static func layerGroups(_ layers: HDF5Group, graph: ModelGraph) throws -> [String: HDF5Group] {
        let listsWeightedTwice = layers.path.split(separator: "/").last.map(String.init) == checkpointDependencies
        var byName: [String: HDF5Group] = [:]
        var named: Set<String> = []
        for child in try layers.childNames() where layers.kind(of: child) == .group {
            let group = try layers.group(child)
            guard group.kind(of: "vars") == .group,
                let name = try group.group("vars").attributes.read("name")?.string
            else { continue }
            byName[name] = group
            named.insert(child)
        }
        var used: [String: Int] = [:]
        for layer in graph.layers where !layer.isSynthesized {
            let base = ArchiveNames.snakeCase(layer.className)
            let count = used[base, default: 0]
            let child = count == 0 ? base : "\(base)_\(count)"
            used[base] = count + 1
            guard byName[layer.name] == nil, !named.contains(child), layers.kind(of: child) == .group else { continue }
            let group = try layers.group(child)
            byName[layer.name] = group
            if listsWeightedTwice, try holdsDatasets(group) { used[base] = count + 2 }
        }
        return byName
    }

    /// Whether any dataset lies under `group`: whether the layer saved there has weights.
    private static func holdsDatasets(_ group: HDF5Group, depth: Int = 0) throws -> Bool {
        // Keras nests a few levels (model, layers, layer, cell, vars); a deeper file is not Keras's.
        guard depth < 32 else { return false }
        for child in try group.childNames() {
            switch group.kind(of: child) {
            case .dataset: return true
            case .group: if try holdsDatasets(try group.group(child), depth: depth + 1) { return true }
            default: continue
            }
        }
        return false
    }
}
