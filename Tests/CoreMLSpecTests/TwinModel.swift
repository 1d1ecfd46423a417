import CoreMLSpec

/// The Swift-built twin of `Fixtures/coreml/reference_nd.mlmodel`: y = relu(dense(a + b))[1:3],
/// specification version 4 with exact array shapes. Must stay equal to what the Python script builds.
enum TwinModel {
    static let denseWeights: [Float] = (0..<12).map { (Float($0) - 6) / 4 }
    static let denseBias: [Float] = [0.5, -0.5, 1, -1]

    static func make() -> CoreML_Specification_Model {
        var model = CoreML_Specification_Model()
        model.specificationVersion = 4
        model.description_p.input = [vector("a", count: 3), vector("b", count: 3)]
        model.description_p.output = [vector("y", count: 2)]
        model.description_p.metadata.shortDescription =
            "CoreMLSpecTests reference: add, innerProduct, ReLU, sliceStatic"
        model.description_p.metadata.author = "delambda"
        model.description_p.metadata.userDefined = ["made_by": "NeuralNetworkBuilder"]

        var network = CoreML_Specification_NeuralNetwork()
        network.arrayInputShapeMapping = .exactArrayMapping
        network.imageInputShapeMapping = .rank4ImageMapping
        network.layers = [
            layer("sum", inputs: ["a", "b"], output: "sum_out", .add(.init())),
            layer("dense", inputs: ["sum_out"], output: "dense_out", .innerProduct(dense())),
            layer("relu", inputs: ["dense_out"], output: "relu_out", .activation(relu())),
            layer("slice", inputs: ["relu_out"], output: "y", .sliceStatic(slice())),
        ]
        model.neuralNetwork = network
        return model
    }

    private static func vector(_ name: String, count: Int64) -> CoreML_Specification_FeatureDescription {
        var array = CoreML_Specification_ArrayFeatureType()
        array.shape = [count]
        array.dataType = .float32
        var feature = CoreML_Specification_FeatureDescription()
        feature.name = name
        feature.type.multiArrayType = array
        return feature
    }

    private static func layer(
        _ name: String, inputs: [String], output: String, _ kind: CoreML_Specification_NeuralNetworkLayer.OneOf_Layer
    ) -> CoreML_Specification_NeuralNetworkLayer {
        var layer = CoreML_Specification_NeuralNetworkLayer()
        layer.name = name
        layer.input = inputs
        layer.output = [output]
        layer.layer = kind
        return layer
    }

    private static func dense() -> CoreML_Specification_InnerProductLayerParams {
        var params = CoreML_Specification_InnerProductLayerParams()
        params.inputChannels = 3
        params.outputChannels = 4
        params.hasBias_p = true
        params.weights.floatValue = denseWeights
        params.bias.floatValue = denseBias
        return params
    }

    private static func relu() -> CoreML_Specification_ActivationParams {
        var params = CoreML_Specification_ActivationParams()
        params.reLu = .init()
        return params
    }

    private static func slice() -> CoreML_Specification_SliceStaticLayerParams {
        var params = CoreML_Specification_SliceStaticLayerParams()
        params.beginIds = [1]
        params.beginMasks = [false]
        params.endIds = [3]
        params.endMasks = [false]
        params.strides = [1]
        return params
    }
}
