import CoreMLSpec
import CoreOps
import KerasModel

/// One Core ML layer as converted: the Keras layer that made it and a hash of its bytes. Two
/// conversions of a model at different input sizes that give the same digests wrote the same
/// network, which then holds for every size: how flexible shapes are checked.
public struct LayerDigest: Sendable, Hashable {
    public var kerasLayer: String
    public var name: String
    public var hash: Int

    public init(kerasLayer: String, name: String, hash: Int) {
        self.kerasLayer = kerasLayer
        self.name = name
        self.hash = hash
    }
}

extension CoreMLConverter {
    /// The digests of the layers `model` converts to with `options`, in order (nothing is kept
    /// but the digests, so a large model costs no memory).
    public static func layerDigests(
        _ model: KerasModel, lambdas: [String: CoreOpGraph], options: CoreMLConversionOptions
    ) throws(CoreMLConversionError) -> [LayerDigest] {
        let digests = DigestCollection()
        let stream = LayerStream { _ in }
        stream.observe = { layer, owner in digests.append(layer, owner: owner) }
        _ = try converter(model, lambdas: lambdas).build(options, stream: stream)
        if let failure = stream.failure { throw failure }
        return digests.items
    }
}

/// Digests gathered as layers stream by.
private final class DigestCollection {
    private(set) var items: [LayerDigest] = []

    func append(_ layer: CoreML_Specification_NeuralNetworkLayer, owner: String) {
        var hasher = Hasher()
        hasher.combine((try? layer.serializedBytes() as [UInt8]) ?? [])
        items.append(LayerDigest(kerasLayer: owner, name: layer.name, hash: hasher.finalize()))
    }
}
