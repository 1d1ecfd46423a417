import CoreMLSpec
import CoreOps

/// Accumulates the layers of a Core ML neural network: unique blob names, constants, and
/// transposes that cancel removed (a transpose of a transpose's result by the inverse
/// permutation reuses the original blob).
///
/// Each layer goes to `stream` as soon as it is added (layers are never revised afterwards), so a
/// large model's weights are not all held at once. Transposes, constants and scale-and-shift
/// layers are the exception: they wait until a written layer or an output reads them
/// (``flush(_:)``), so the ones a later layer made redundant (the first of a cancelling
/// transpose pair, a step of a fused `x / 127.5 - 1`) are never written.
struct NetworkBuilder {
    let stream: LayerStream
    private var used: Set<String> = []
    /// Blobs made by a transpose: their source and permutation.
    private var transposes: [String: (source: String, perm: [Int])] = [:]
    /// Layers not written yet, by output blob: written when first read, dropped if never read.
    private var deferred: [String: CoreML_Specification_NeuralNetworkLayer] = [:]
    /// Blobs made by a scale-and-shift of another: `source * scale + shift`.
    var affine: [String: AffineStep] = [:]
    /// The value of every one-element constant blob.
    var scalars: [String: Double] = [:]
    /// The static shape of every blob (batch included).
    var shapes: [String: [Int]] = [:]
    /// Whether some input accepts other sizes than the ones in `shapes`: converters that have a
    /// size-independent form of their layers use it.
    var flexible = false
    /// Whether the batch can be other than 1: converters that rely on a batch of 1 refuse.
    var flexibleBatch = false
    /// The Keras layer being converted, recorded with each Core ML layer it makes.
    var owner = ""
    /// The Keras layer that made each Core ML layer, by output blob.
    private var owners: [String: String] = [:]

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

    /// Adds a layer named `name` reading `inputs` and writing a new blob of `shape`; a `deferred`
    /// one is written only once something reads it.
    @discardableResult
    mutating func add(
        _ base: String, inputs: [String], shape: [Int], deferred: Bool = false,
        _ configure: (inout CoreML_Specification_NeuralNetworkLayer) -> Void
    ) -> String {
        let output = name(base)
        var layer = CoreML_Specification_NeuralNetworkLayer()
        layer.name = output
        layer.input = inputs
        layer.output = [output]
        configure(&layer)
        shapes[output] = shape
        owners[output] = owner
        if deferred {
            self.deferred[output] = layer
        } else {
            for input in inputs { flush(input) }
            stream.append(layer, owner: owner)
        }
        return output
    }

    /// Writes the deferred layer computing `blob`, after the deferred layers it reads.
    mutating func flush(_ blob: String) {
        guard let layer = deferred.removeValue(forKey: blob) else { return }
        for input in layer.input { flush(input) }
        stream.append(layer, owner: owners[blob] ?? owner)
    }

    /// Gives the deferred layer computing `blob` the name `newName` (a model output's) when the
    /// name is free and no other deferred layer reads the blob; false, changing nothing, otherwise.
    mutating func rename(_ blob: String, to newName: String) -> Bool {
        guard var layer = deferred[blob], !used.contains(newName),
            !deferred.values.contains(where: { $0.input.contains(blob) })
        else { return false }
        deferred[blob] = nil
        used.insert(newName)
        layer.name = newName
        layer.output = [newName]
        deferred[newName] = layer
        owners[newName] = owners[blob]
        shapes[newName] = shapes[blob]
        return true
    }

    /// `transpose(blob, perm)`, or the blob a previous transpose started from when this undoes it.
    mutating func transpose(_ blob: String, perm: [Int], name base: String) -> String {
        if let previous = transposes[blob],
            previous.perm.indices.map({ previous.perm[perm[$0]] }) == Array(perm.indices)
        {
            return previous.source
        }
        let shape = shapes[blob] ?? []
        let outputShape = perm.map { shape.indices.contains($0) ? shape[$0] : 1 }
        let result = add(base, inputs: [blob], shape: outputShape, deferred: true) { layer in
            var params = CoreML_Specification_TransposeLayerParams()
            params.axes = perm.map(UInt64.init)
            layer.transpose = params
        }
        transposes[result] = (blob, perm)
        return result
    }

    /// A constant tensor blob.
    mutating func constant(_ values: [Double], shape: [Int], name base: String) -> String {
        let blob = add(base, inputs: [], shape: shape, deferred: true) { layer in
            var params = CoreML_Specification_LoadConstantNDLayerParams()
            params.shape = shape.map(UInt64.init)
            params.data = WeightParams.floats(values)
            layer.loadConstantNd = params
        }
        if values.count == 1, let value = values.first { scalars[blob] = value }
        return blob
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
