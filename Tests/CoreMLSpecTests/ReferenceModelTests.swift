import CoreMLSpec
import Foundation
import Testing

/// Files written by coremltools' NeuralNetworkBuilder, read with our generated types.
@Suite struct ReferenceModelTests {
    struct LayerRow: Sendable, CustomStringConvertible {
        var name: String
        var kind: String
        var weights: Int
        var description: String { "\(name):\(kind)" }
    }

    @Test func classicModelLayers() throws {
        let model = try CoreMLFixtures.model("reference_classic.mlmodel")
        #expect(model.specificationVersion == 1)
        let expected = [
            LayerRow(name: "conv", kind: "convolution", weights: 2 * 3 * 3 * 3 + 2),
            LayerRow(name: "bn", kind: "batchnorm", weights: 4 * 2),
            LayerRow(name: "leaky", kind: "activation", weights: 0),
            LayerRow(name: "pool", kind: "pooling", weights: 0),
            LayerRow(name: "flatten", kind: "flatten", weights: 0),
            LayerRow(name: "dense", kind: "innerProduct", weights: 3 * 32 + 3),
            LayerRow(name: "softmax", kind: "softmax", weights: 0),
        ]
        let layers = model.neuralNetwork.layers
        #expect(layers.map(\.name) == expected.map(\.name))
        #expect(layers.map(\.kind) == expected.map(\.kind))
        #expect(layers.map(\.weightCount) == expected.map(\.weights))
    }

    @Test func classicModelParameters() throws {
        let layers = try CoreMLFixtures.model("reference_classic.mlmodel").neuralNetwork.layers
        let conv = layers[0].convolution
        #expect(conv.outputChannels == 2)
        #expect(conv.kernelChannels == 3)
        #expect(conv.kernelSize == [3, 3])
        #expect(conv.stride == [1, 1])
        #expect(conv.convolutionPaddingType == .same(.init()))
        #expect(layers[1].batchnorm.epsilon == 1e-3)
        #expect(layers[2].activation.leakyReLu.alpha == Float(0.1))
        #expect(layers[3].pooling.type == .max)
        #expect(layers[3].pooling.kernelSize == [2, 2])
        #expect(layers[5].innerProduct.inputChannels == 32)
        #expect(layers[5].innerProduct.hasBias_p)
    }

    @Test func classicModelImageInputAndPreprocessing() throws {
        let model = try CoreMLFixtures.model("reference_classic.mlmodel")
        let input = try #require(model.description_p.input.first)
        #expect(input.name == "image")
        guard case .imageType(let image) = input.type.type else {
            Issue.record("image input has type \(String(describing: input.type.type))")
            return
        }
        #expect(image.width == 8)
        #expect(image.height == 8)
        #expect(image.colorSpace == .rgb)

        let output = try #require(model.description_p.output.first)
        #expect(output.type.multiArrayType.shape == [3])
        #expect(output.type.multiArrayType.dataType == .float32)

        let preprocessing = try #require(model.neuralNetwork.preprocessing.first)
        #expect(preprocessing.featureName == "image")
        #expect(abs(preprocessing.scaler.channelScale - 2 / 255) < 1e-7)
        #expect(preprocessing.scaler.redBias == -1)
        #expect(preprocessing.scaler.greenBias == -1)
        #expect(preprocessing.scaler.blueBias == -1)
        #expect(model.description_p.metadata.shortDescription == "CoreMLSpecTests reference: rank-5 layers")
    }

    @Test func ndModelLayers() throws {
        let model = try CoreMLFixtures.model("reference_nd.mlmodel")
        #expect(model.specificationVersion == 4)
        #expect(model.neuralNetwork.arrayInputShapeMapping == .exactArrayMapping)
        let layers = model.neuralNetwork.layers
        #expect(layers.map(\.name) == ["sum", "dense", "relu", "slice"])
        #expect(layers.map(\.kind) == ["add", "innerProduct", "activation", "sliceStatic"])
        #expect(layers.map(\.weightCount) == [0, 16, 0, 0])
        #expect(layers[3].sliceStatic.beginIds == [1])
        #expect(layers[3].sliceStatic.endIds == [3])
        #expect(model.description_p.metadata.userDefined == ["made_by": "NeuralNetworkBuilder"])
    }

    /// Nothing in coremltools' files is outside our subset of the specification.
    @Test(arguments: ["reference_classic.mlmodel", "reference_nd.mlmodel"])
    func referenceHasNoUnknownFields(file: String) throws {
        let model = try CoreMLFixtures.model(file)
        #expect(model.unknownFields.data.isEmpty)
        #expect(model.description_p.unknownFields.data.isEmpty)
        #expect(model.neuralNetwork.unknownFields.data.isEmpty)
        for layer in model.neuralNetwork.layers {
            #expect(layer.unknownFields.data.isEmpty, "layer \(layer.name)")
        }
    }
}
