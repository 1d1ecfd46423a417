import CoreMLSpec
import CoreOps

/// Accumulates the layers of a Core ML neural network: unique blob names, constants, and
/// transposes that cancel removed (a transpose of a transpose's result by the inverse
/// permutation reuses the original blob).
///
/// Each layer goes to `stream` as soon as it is added (layers are never revised afterwards), so a
/// large model's weights are not all held at once.
struct NetworkBuilder {
    let stream: LayerStream
    private var used: Set<String> = []
    /// Blobs made by a transpose: their source and permutation.
    private var transposes: [String: (source: String, perm: [Int])] = [:]
    /// The static shape of every blob (batch included).
    var shapes: [String: [Int]] = [:]

    init(stream: LayerStream) { self.stream = stream }

    /// A blob name not used yet, from `base`.
    mutating func name(_ base: String) -> String {
        var candidate = base
        var suffix = 1
        while used.contains(candidate) {
            suffix += 1
            candidate = "\(base)_\(suffix)"
        }
        used.insert(candidate)
        return candidate
    }

    mutating func reserve(_ blob: String, shape: [Int]) {
        used.insert(blob)
        shapes[blob] = shape
    }

    /// Adds a layer named `name` reading `inputs` and writing a new blob of `shape`.
    @discardableResult
    mutating func add(
        _ base: String, inputs: [String], shape: [Int],
        _ configure: (inout CoreML_Specification_NeuralNetworkLayer) -> Void
    ) -> String {
        let output = name(base)
        var layer = CoreML_Specification_NeuralNetworkLayer()
        layer.name = output
        layer.input = inputs
        layer.output = [output]
        configure(&layer)
        stream.append(layer)
        shapes[output] = shape
        return output
    }

    /// `transpose(blob, perm)`, or the blob a previous transpose started from when this undoes it.
    mutating func transpose(_ blob: String, perm: [Int], name base: String) -> String {
        if let previous = transposes[blob],
            previous.perm.indices.map({ previous.perm[perm[$0]] }) == Array(perm.indices)
        {
            return previous.source
        }
        let shape = shapes[blob] ?? []
        let result = add(base, inputs: [blob], shape: perm.map { shape.indices.contains($0) ? shape[$0] : 1 }) {
            layer in
            var params = CoreML_Specification_TransposeLayerParams()
            params.axes = perm.map(UInt64.init)
            layer.transpose = params
        }
        transposes[result] = (blob, perm)
        return result
    }

    /// A constant tensor blob.
    mutating func constant(_ values: [Double], shape: [Int], name base: String) -> String {
        add(base, inputs: [], shape: shape) { layer in
            var params = CoreML_Specification_LoadConstantNDLayerParams()
            params.shape = shape.map(UInt64.init)
            params.data = WeightParams.floats(values)
            layer.loadConstantNd = params
        }
    }
}

/// Weight blobs as Core ML stores them.
enum WeightParams {
    static func floats(_ values: [Double]) -> CoreML_Specification_WeightParams {
        var weights = CoreML_Specification_WeightParams()
        weights.floatValue = values.map(Float.init)
        return weights
    }

    static func floats(_ values: [Float]) -> CoreML_Specification_WeightParams {
        var weights = CoreML_Specification_WeightParams()
        weights.floatValue = values
        return weights
    }
}
