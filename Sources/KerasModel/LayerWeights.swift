import HDF5

/// A layer's weights read from the file, each in the layout Keras 2 uses.
public struct LayerWeights: Sendable {
    public var values: [[Float]]
    public var shapes: [[Int]]
    /// Each weight's dataset path in the file.
    public var paths: [String]
}

/// A stored weight that could not be read.
public struct WeightReadError: Error, Sendable {
    /// The name Keras recorded (`dense/kernel:0`).
    public var weight: String
    public var reason: String
}

extension KerasModel {
    /// The weights of `layer` (of a nested model held by `owner`), read from `file` one tensor at a
    /// time. A kernel an old Keras stored in another layout is rearranged (``StoredKernelOrder``), so
    /// every backend reads the same values.
    public func readWeights(of layer: String, owner: String?, from file: HDF5File) throws(WeightReadError)
        -> LayerWeights
    {
        let stored = weights.weights(of: layer, owner: owner)
        var values: [[Float]] = []
        for weight in stored {
            do {
                let read = try file.root.dataset(weight.path).readFloats()
                values.append(weight.storedOrder?.arrange(read) ?? read)
            } catch {
                throw WeightReadError(weight: weight.name, reason: "\(error)")
            }
        }
        return LayerWeights(values: values, shapes: stored.map(\.shape), paths: stored.map(\.path))
    }
}
