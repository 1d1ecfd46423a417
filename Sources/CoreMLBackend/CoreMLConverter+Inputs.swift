import CoreMLSpec
import KerasModel

extension CoreMLConverter {
    /// The Keras input's declared shape with the batch dimension fixed to 1.
    func inputShape(of name: String) throws(CoreMLConversionError) -> [Int] {
        guard let layer = model.graph.layer(named: name) else {
            throw CoreMLConversionError(layer: name, className: "InputLayer", message: "no such input layer")
        }
        let declared =
            layer.config["batch_input_shape"]?.array ?? layer.config["batch_shape"]?.array
            ?? layer.config["batchInputShape"]?.array ?? []
        var shape = [1]
        for dimension in declared.dropFirst() {
            guard let size = dimension.int else {
                throw CoreMLConversionError(
                    layer: name, className: "InputLayer",
                    message: "dimension \(shape.count) is unknown (None) and no size was chosen for it")
            }
            shape.append(size)
        }
        return shape
    }

    static func feature(_ name: String, shape: [Int], flexibility: FlexibleInputShape? = nil)
        -> CoreML_Specification_FeatureDescription
    {
        var array = CoreML_Specification_ArrayFeatureType()
        array.shape = shape.map(Int64.init)
        array.dataType = .float32
        flexibility?.apply(to: &array)
        var type = CoreML_Specification_FeatureType()
        type.multiArrayType = array
        var feature = CoreML_Specification_FeatureDescription()
        feature.name = name
        feature.type = type
        return feature
    }

    /// `image` as the model's image input: the feature, its preprocessing, and the blob the
    /// Keras layers read (the image arrives as [1, C, H, W]; a transpose makes it channels-last).
    func imageInput(
        _ image: ImageInput, named name: String, shape: [Int], _ builder: inout NetworkBuilder,
        _ network: inout CoreML_Specification_NeuralNetwork
    ) throws(CoreMLConversionError) -> (CoreML_Specification_FeatureDescription, String) {
        if let problem = image.problem(shape: shape) {
            throw CoreMLConversionError(layer: image.name, className: "InputLayer", message: problem)
        }
        var feature = CoreML_Specification_FeatureDescription()
        feature.name = name
        feature.type = image.featureType(height: shape[1], width: shape[2])
        var scaler = CoreML_Specification_NeuralNetworkImageScaler()
        scaler.channelScale = image.scale
        let bias = image.bias.count == 3 ? image.bias : Array(repeating: image.bias[0], count: 3)
        (scaler.redBias, scaler.greenBias, scaler.blueBias, scaler.grayBias) = (bias[0], bias[1], bias[2], bias[0])
        var preprocessing = CoreML_Specification_NeuralNetworkPreprocessing()
        preprocessing.featureName = name
        preprocessing.scaler = scaler
        network.preprocessing.append(preprocessing)
        network.imageInputShapeMapping = .rank4ImageMapping
        builder.reserve(name, shape: [1, image.channels, shape[1], shape[2]])
        let blob = builder.transpose(name, perm: [0, 2, 3, 1], name: name + "_channels_last")
        return (feature, blob)
    }
}
