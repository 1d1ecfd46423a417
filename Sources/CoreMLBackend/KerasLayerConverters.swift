import CoreMLSpec
import KerasModel

/// One Keras layer class turned into Core ML layers; returns the blob holding its output.
typealias LayerConverter = @Sendable (ConversionContext, inout NetworkBuilder) throws(CoreMLConversionError) -> String

/// The converters, by Keras class name. The network keeps each tensor in the layout Keras holds
/// it in (batch first; channels last unless a layer says `channels_first`), and only the image
/// layers that Core ML defines on [C, H, W] see transposed tensors (transposes that cancel
/// between two such layers are removed by the builder). A `channels_first` layer is converted by
/// its channels-last converter between transposes (``channelsFirst(_:_:_:)``), which cancel
/// against those of the image layers.
enum KerasLayerConverters {
    static let table: [String: LayerConverter] = [
        "Dense": dense, "Activation": activationLayer, "Dropout": passThrough, "SpatialDropout1D": passThrough,
        "SpatialDropout2D": passThrough, "GaussianNoise": passThrough, "GaussianDropout": passThrough,
        "AlphaDropout": passThrough, "ActivityRegularization": passThrough, "Flatten": flatten,
        "Reshape": reshape, "Permute": permute, "Add": merge, "Subtract": merge, "Multiply": merge,
        "Maximum": merge, "Minimum": merge, "Average": merge, "Concatenate": concatenate,
        "BatchNormalization": batchNormalization, "Conv2D": convolution, "DepthwiseConv2D": convolution,
        "MaxPooling2D": pooling, "AveragePooling2D": pooling, "GlobalAveragePooling2D": globalPooling,
        "GlobalMaxPooling2D": globalPooling, "GlobalAveragePooling1D": globalPooling,
        "GlobalMaxPooling1D": globalPooling,
        "ReLU": reluLayer, "Softmax": softmaxLayer, "LeakyReLU": leakyReLU, "ELU": eluLayer,
        "ZeroPadding2D": zeroPadding, "Cropping2D": cropping, "UpSampling2D": upsampling, "Resizing": resizing,
        "Rescaling": rescaling,
        "SeparableConv2D": separableConvolution, "Conv2DTranspose": transposedConvolution,
        "Conv1D": convolution1D, "DepthwiseConv1D": convolution1D, "SeparableConv1D": convolution1D,
        "MaxPooling1D": pooling1D, "AveragePooling1D": pooling1D, "ZeroPadding1D": zeroPadding1D,
        "Cropping1D": cropping1D, "UpSampling1D": upsampling1D,
        "Embedding": embedding, "RepeatVector": repeatVector, "LayerNormalization": layerNormalization,
        "PReLU": parametricReLU, "ThresholdedReLU": thresholdedReLU,
        "LSTM": recurrent, "GRU": recurrent, "SimpleRNN": recurrent, "Bidirectional": bidirectional,
        "UnitNormalization": unitNormalization,
        "Dot": dot,
    ]

    static func failure(_ context: ConversionContext, _ message: String) -> CoreMLConversionError {
        CoreMLConversionError(layer: context.layer.name, className: context.layer.className, message: message)
    }

    static func passThrough(_ context: ConversionContext, _ builder: inout NetworkBuilder) throws(CoreMLConversionError)
        -> String
    {
        guard let input = context.inputs.first else { throw failure(context, "no input") }
        return input
    }

    static func shape(_ builder: NetworkBuilder, _ blob: String) -> [Int] { builder.shapes[blob] ?? [] }

    static func dense(_ context: ConversionContext, _ builder: inout NetworkBuilder) throws(CoreMLConversionError)
        -> String
    {
        guard let input = context.inputs.first, let kernel = context.weights.first,
            context.weightShapes.first?.count == 2
        else { throw failure(context, "expected an input and a 2-D kernel") }
        let (inputs, outputs) = (context.weightShapes[0][0], context.weightShapes[0][1])
        var outputShape = shape(builder, input)
        if !outputShape.isEmpty { outputShape[outputShape.count - 1] = outputs }
        let hasBias = context.weights.count > 1
        let activation = context.string("activation") ?? "linear"
        let productName = activation == "linear" ? context.layer.name : context.layer.name + "_matmul"
        let product = builder.add(productName, inputs: [input], shape: outputShape) { layer in
            var params = CoreML_Specification_BatchedMatMulLayerParams()
            params.weightMatrixFirstDimension = UInt64(inputs)
            params.weightMatrixSecondDimension = UInt64(outputs)
            // Core ML stores the [in, out] matrix column by column: as [out, in].
            params.weights = WeightParams.floats(
                WeightLayout.permuted(kernel, shape: [inputs, outputs], perm: [1, 0]))
            params.hasBias_p = hasBias
            if hasBias { params.bias = WeightParams.floats(context.weights[1]) }
            layer.batchedMatmul = params
        }
        return try Activations.apply(activation, to: product, context, &builder)
    }

    static func activationLayer(_ context: ConversionContext, _ builder: inout NetworkBuilder)
        throws(CoreMLConversionError) -> String
    {
        guard let input = context.inputs.first else { throw failure(context, "no input") }
        return try Activations.apply(context.string("activation") ?? "linear", to: input, context, &builder)
    }

    /// ReLU(max_value, negative_slope, threshold): a clip, a ReLU, a leaky ReLU or a thresholded
    /// ReLU (`x if x > threshold else 0` in every Keras); other mixes are refused by name.
    static func reluLayer(_ context: ConversionContext, _ builder: inout NetworkBuilder) throws(CoreMLConversionError)
        -> String
    {
        guard let input = context.inputs.first else { throw failure(context, "no input") }
        let maxValue = context.config["max_value"]?.double
        let slope = context.config["negative_slope"]?.double ?? 0
        let threshold = context.config["threshold"]?.double ?? 0
        switch (maxValue, slope, threshold) {
        case (let maxValue?, 0, 0):
            return Activations.clip(input, min: 0, max: maxValue, name: context.layer.name, &builder)
        case (nil, 0, 0):
            return try Activations.apply("relu", to: input, context, &builder)
        case (nil, let slope, 0):
            return Activations.activation(input, name: context.layer.name, &builder) { params in
                var leaky = CoreML_Specification_ActivationLeakyReLU()
                leaky.alpha = Float(slope)
                params.leakyReLu = leaky
            }
        case (nil, 0, let threshold):
            return Activations.activation(input, name: context.layer.name, &builder) { params in
                var thresholded = CoreML_Specification_ActivationThresholdedReLU()
                thresholded.alpha = Float(threshold)
                params.thresholdedReLu = thresholded
            }
        default:
            throw failure(context, "ReLU with more than one of max_value, negative_slope and threshold")
        }
    }

    static func softmaxLayer(_ context: ConversionContext, _ builder: inout NetworkBuilder)
        throws(CoreMLConversionError) -> String
    {
        guard let input = context.inputs.first else { throw failure(context, "no input") }
        let axis = context.config["axis"]?.int ?? context.config["axis"]?.array?.first?.int ?? -1
        return Activations.softmax(input, axis: axis, name: context.layer.name, &builder)
    }

    static func leakyReLU(_ context: ConversionContext, _ builder: inout NetworkBuilder) throws(CoreMLConversionError)
        -> String
    {
        guard let input = context.inputs.first else { throw failure(context, "no input") }
        let alpha = context.config["alpha"]?.double ?? context.config["negative_slope"]?.double ?? 0.3
        return Activations.activation(input, name: context.layer.name, &builder) { params in
            var leaky = CoreML_Specification_ActivationLeakyReLU()
            leaky.alpha = Float(alpha)
            params.leakyReLu = leaky
        }
    }

    static func eluLayer(_ context: ConversionContext, _ builder: inout NetworkBuilder) throws(CoreMLConversionError)
        -> String
    {
        guard let input = context.inputs.first else { throw failure(context, "no input") }
        let alpha = context.config["alpha"]?.double ?? 1
        return Activations.activation(input, name: context.layer.name, &builder) { params in
            var elu = CoreML_Specification_ActivationELU()
            elu.alpha = Float(alpha)
            params.elu = elu
        }
    }
}
