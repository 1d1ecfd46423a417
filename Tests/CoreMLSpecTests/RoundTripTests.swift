import CoreMLSpec
import Foundation
import SwiftProtobuf
import Testing

@Suite struct RoundTripTests {
    @Test func twinSurvivesSerialization() throws {
        let model = TwinModel.make()
        let bytes = try model.serializedData()
        let decoded = try CoreML_Specification_Model(serializedBytes: bytes)

        #expect(decoded == model)
        #expect(decoded.unknownFields.data.isEmpty)
        #expect(decoded.neuralNetwork.layers.map(\.kind) == ["add", "innerProduct", "activation", "sliceStatic"])
    }

    /// Empty parameter messages (`add {}`, `ReLU {}`) carry the layer kind: they must be written.
    @Test func emptyParameterMessagesKeepTheirCase() throws {
        let layers = try CoreML_Specification_Model(serializedBytes: TwinModel.make().serializedData())
            .neuralNetwork.layers
        #expect(layers[0].add == CoreML_Specification_AddLayerParams())
        guard case .activation(let activation) = layers[2].layer else {
            Issue.record("relu is \(layers[2].kind), not activation")
            return
        }
        #expect(activation.nonlinearityType == .reLu(.init()))
    }

    @Test(arguments: [
        (CoreML_Specification_NeuralNetworkLayer.OneOf_Layer.concatNd(.init()), "concatNd"),
        (.reduceMean(.init()), "reduceMean"),
        (.transpose(.init()), "transpose"),
        (.expandDims(.init()), "expandDims"),
        (.clip(.init()), "clip"),
        (.loadConstantNd(.init()), "loadConstantNd"),
        (.clampedReLu(.init()), "clampedReLu"),
    ])
    func layerKindsRoundTrip(kind: CoreML_Specification_NeuralNetworkLayer.OneOf_Layer, name: String) throws {
        var layer = CoreML_Specification_NeuralNetworkLayer()
        layer.name = name
        layer.layer = kind
        let decoded = try CoreML_Specification_NeuralNetworkLayer(serializedBytes: layer.serializedData())
        #expect(decoded.kind == name)
        #expect(decoded == layer)
    }

    /// Apple's field numbers, written by hand: innerProduct is layer field 140, its `hasBias` field 10.
    @Test func wireBytesUseApplesFieldNumbers() throws {
        var params = CoreML_Specification_InnerProductLayerParams()
        params.hasBias_p = true
        var layer = CoreML_Specification_NeuralNetworkLayer()
        layer.innerProduct = params
        // Field 140, length-delimited: tag (140 << 3 | 2) = 1122 = varint e2 08; then length 2, then
        // field 10 varint (tag 80 = 0x50) value 1.
        #expect([UInt8](try layer.serializedData()) == [0xE2, 0x08, 0x02, 0x50, 0x01])
    }
}
