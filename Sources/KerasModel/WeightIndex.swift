import HDF5

/// One stored weight tensor: where it is and what it holds (values are read on demand).
public struct WeightInfo: Hashable, Sendable {
    /// The name Keras recorded in `weight_names` (`dense/kernel:0`).
    public var name: String
    /// The dataset's absolute path in the file.
    public var path: String
    public var shape: [Int]
    /// `float32`, `float16`, ...
    public var dtype: String
    /// Set when the file stores the values in another layout than `shape` (an old Keras's
    /// kernel): they are read through it, and `shape` is the layout Keras 2 uses.
    public var storedOrder: StoredKernelOrder? = nil

    public var count: Int { shape.reduce(1, *) }
}

/// The weights of each layer, found through the `layer_names` and `weight_names` attributes.
public struct WeightIndex: Hashable, Sendable {
    /// Layer names in the order `layer_names` lists them.
    public var layerNames: [String]
    public var weightsByLayer: [String: [WeightInfo]]

    public init(layerNames: [String] = [], weightsByLayer: [String: [WeightInfo]] = [:]) {
        self.layerNames = layerNames
        self.weightsByLayer = weightsByLayer
    }

    public func weights(of layer: String) -> [WeightInfo] {
        weightsByLayer[layer] ?? []
    }

    /// The weights of `layer`. A top-level layer (`owner` nil) owns its group; a layer of a nested
    /// model has its weights in the group of `owner`, the top-level layer holding that model,
    /// under names whose path names the layer (`base/base_dense1/kernel:0`).
    public func weights(of layer: String, owner: String?) -> [WeightInfo] {
        guard let owner else { return weights(of: layer) }
        return weights(of: owner).filter { $0.name.split(separator: "/").dropLast().contains { $0 == layer } }
    }

    /// The number of scalars stored for `layer`.
    public func parameterCount(of layer: String) -> Int {
        weights(of: layer).reduce(0) { $0 + $1.count }
    }

    /// The index with the kernels an old Keras stored in another layout marked as such
    /// (``StoredKernelOrder``): Keras 1 `th` convolutions, kernels trained with Theano.
    func withStoredOrders(_ graph: ModelGraph, flavour: KerasFlavour, backend: String?) -> WeightIndex {
        guard flavour == .keras1 || backend == "theano" else { return self }
        var result = self
        func visit(_ graph: ModelGraph, owner: String?) {
            for layer in graph.layers {
                if let nested = layer.model {
                    visit(nested, owner: owner ?? layer.name)
                    continue
                }
                let group = owner ?? layer.name
                guard var stored = result.weightsByLayer[group] else { continue }
                var position = 0
                for index in stored.indices {
                    let belongs =
                        owner == nil
                        || stored[index].name.split(separator: "/").dropLast().contains { $0 == layer.name }
                    guard belongs else { continue }
                    defer { position += 1 }
                    guard stored[index].storedOrder == nil,
                        let order = StoredKernelOrder.of(
                            layer, position: position, storedShape: stored[index].shape, flavour: flavour,
                            backend: backend)
                    else { continue }
                    stored[index].storedOrder = order
                    stored[index].shape = order.shape
                }
                result.weightsByLayer[group] = stored
            }
        }
        visit(graph, owner: nil)
        return result
    }

    /// Reads the index under `group` (`/model_weights` of a full model file).
    static func read(from group: HDF5Group) throws -> WeightIndex {
        guard let layerNames = try stringList(named: "layer_names", in: group.attributes) else {
            return WeightIndex()
        }
        var weights: [String: [WeightInfo]] = [:]
        for layer in layerNames {
            guard group.kind(of: layer) == .group else { continue }
            let layerGroup = try group.group(layer)
            let names = try stringList(named: "weight_names", in: layerGroup.attributes) ?? []
            weights[layer] = try names.map { name in
                let dataset = try layerGroup.dataset(name)
                return WeightInfo(
                    name: name, path: dataset.path, shape: dataset.shape, dtype: dataset.elementType.description)
            }
        }
        return WeightIndex(layerNames: layerNames, weightsByLayer: weights)
    }

    /// A string-list attribute, also when Keras split it into `name0`, `name1`, ... because it
    /// outgrew HDF5's 64 KB object-header limit.
    static func stringList(named name: String, in attributes: HDF5Attributes) throws -> [String]? {
        if let attribute = try attributes.read(name) { return attribute.strings ?? [] }
        var chunks: [String] = []
        var index = 0
        while let chunk = try attributes.read("\(name)\(index)") {
            chunks += chunk.strings ?? []
            index += 1
        }
        return index == 0 ? nil : chunks
    }
}
