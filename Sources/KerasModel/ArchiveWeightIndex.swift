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
enum ArchiveWeightIndex {
    static func read(_ root: HDF5Group, graph: ModelGraph) throws -> WeightIndex {
        var index = WeightIndex(layerNames: graph.layers.map(\.name))
        guard root.kind(of: "layers") == .group else { return index }
        let groups = try layerGroups(try root.group("layers"), graph: graph)
        for layer in graph.layers {
            guard let group = groups[layer.name] else { continue }
            var weights: [WeightInfo] = []
            try collect(layer, group: group, prefix: [], into: &weights)
            index.weightsByLayer[layer.name] = weights
        }
        return index
    }

    /// The variables of `layer` and, for a nested model, of its layers, in order.
    private static func collect(_ layer: Layer, group: HDF5Group, prefix: [String], into weights: inout [WeightInfo])
        throws
    {
        let path = prefix + [layer.name]
        if group.kind(of: "vars") == .group {
            let vars = try group.group("vars")
            let numbered = try vars.childNames().compactMap { name in Int(name).map { ($0, name) } }.sorted {
                $0.0 < $1.0
            }
            for (position, name) in numbered {
                let dataset = try vars.dataset(name)
                weights.append(
                    WeightInfo(
                        name: (path + [String(position)]).joined(separator: "/"), path: dataset.path,
                        shape: dataset.shape, dtype: dataset.elementType.description))
            }
        }
        guard let nested = layer.model, group.kind(of: "layers") == .group else { return }
        let groups = try layerGroups(try group.group("layers"), graph: nested)
        for inner in nested.layers {
            guard let innerGroup = groups[inner.name] else { continue }
            try collect(inner, group: innerGroup, prefix: path, into: &weights)
        }
    }

    /// The group of each layer of `graph` under `layers`: by the `name` attribute of its `vars`
    /// where written, else by its class's snake-case name and number in layer order.
    private static func layerGroups(_ layers: HDF5Group, graph: ModelGraph) throws -> [String: HDF5Group] {
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
            let base = snakeCase(layer.className)
            let count = used[base, default: -1] + 1
            used[base] = count
            let child = count == 0 ? base : "\(base)_\(count)"
            guard byName[layer.name] == nil, !named.contains(child), layers.kind(of: child) == .group else { continue }
            byName[layer.name] = try layers.group(child)
        }
        return byName
    }

    /// Keras's snake case of a class name (`naming.to_snake_case`): `Conv2D` → `conv2d`,
    /// `BatchNormalization` → `batch_normalization`, `ReLU` → `re_lu`.
    static func snakeCase(_ name: String) -> String {
        var text = name.filter { $0.isASCII && ($0.isLetter || $0.isNumber) || $0 == "_" }
        for (pattern, template) in [("(.)([A-Z][a-z]+)", "$1_$2"), ("([a-z])([A-Z])", "$1_$2")] {
            guard let expression = try? NSRegularExpression(pattern: pattern) else { continue }
            text = expression.stringByReplacingMatches(
                in: text, range: NSRange(text.startIndex..., in: text), withTemplate: template)
        }
        return text.lowercased()
    }
}
