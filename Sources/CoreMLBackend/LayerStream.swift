import CoreMLSpec

/// Where the converter's layers go the moment they are made: collected in memory, or serialized
/// straight into the model file so that no more than one layer's weights are held at a time.
///
/// Also keeps what the model's envelope needs once every layer is known: the count and the lowest
/// specification version that holds the layers seen. The first failure of the destination is kept
/// and later layers are dropped; the converter reports it when it finishes.
final class LayerStream {
    private(set) var count = 0
    private(set) var specificationVersion = SpecificationVersion.exactArrayMapping
    private(set) var failure: CoreMLConversionError?
    private let emit: (CoreML_Specification_NeuralNetworkLayer) throws(CoreMLConversionError) -> Void
    /// Told of every layer with the Keras layer that made it, when set (the size-dependence check).
    var observe: ((CoreML_Specification_NeuralNetworkLayer, String) -> Void)?
    /// Whether weights go out in half precision (``HalfPrecisionWeights``).
    var halfPrecisionWeights = false

    init(_ emit: @escaping (CoreML_Specification_NeuralNetworkLayer) throws(CoreMLConversionError) -> Void) {
        self.emit = emit
    }

    func append(_ layer: CoreML_Specification_NeuralNetworkLayer, owner: String = "") {
        guard failure == nil else { return }
        var layer = layer
        if halfPrecisionWeights { HalfPrecisionWeights.convert(&layer) }
        count += 1
        specificationVersion = max(specificationVersion, SpecificationVersion.required(by: layer))
        observe?(layer, owner)
        do {
            try emit(layer)
        } catch {
            failure = error
        }
    }
}

/// Layers kept in memory, for a model returned whole.
final class LayerCollection {
    private(set) var layers: [CoreML_Specification_NeuralNetworkLayer] = []

    func append(_ layer: CoreML_Specification_NeuralNetworkLayer) { layers.append(layer) }
}
