import JSON

/// How one Keras 2 (tf.keras) layer config changes to be loaded by Keras 3: members Keras 3
/// no longer takes and members it renamed.
struct Keras3LayerChange: Sendable {
    /// A member Keras 3 does not take, dropped when it holds `harmless` (any value when nil):
    /// a value with an effect makes the layer untranslatable.
    struct Dropped: Sendable {
        var member: String
        var harmless: JSONValue?
    }

    var dropped: [Dropped] = []
    var renamed: [String: String] = [:]

    static func drop(_ members: [String: JSONValue?]) -> Keras3LayerChange {
        Keras3LayerChange(dropped: members.map { Dropped(member: $0.key, harmless: $0.value) })
    }

    func merging(_ other: Keras3LayerChange) -> Keras3LayerChange {
        Keras3LayerChange(
            dropped: dropped + other.dropped, renamed: renamed.merging(other.renamed) { first, _ in first })
    }
}

extension Keras3LayerChange {
    /// Members every layer class may carry in tf.keras and that Keras 3's `Layer` refuses.
    static let common = drop(["dynamic": false])

    /// Random-number plumbing of tf.keras's dropout and noise layers: no effect on inference.
    static let generator = drop(["rng_type": nil, "force_generator": nil])

    /// Recurrent layers: Keras 3 reads batch-major sequences only.
    static let recurrent = drop(["time_major": false]).merging(generator)

    /// Keras 3's transposed, depthwise and separable convolutions take no `groups`; the depthwise
    /// and separable ones also no `kernel_*`, the depthwise ones no `filters` (tf.keras ignored
    /// them).
    static let transposed = drop(["groups": 1, "conv_op": nil])
    static let separable = drop([
        "groups": 1, "conv_op": nil, "kernel_initializer": nil, "kernel_regularizer": nil, "kernel_constraint": nil,
    ])
    static let depthwise = separable.merging(drop(["filters": nil]))

    /// The changes by class name (Keras 2 spelling, aliases included).
    static let byClass: [String: Keras3LayerChange] = {
        var table: [String: Keras3LayerChange] = [:]
        for name in ["LSTM", "GRU", "SimpleRNN", "RNN", "ConvLSTM1D", "ConvLSTM2D", "ConvLSTM3D"] {
            table[name] = recurrent
        }
        for name in ["LSTMCell", "GRUCell", "SimpleRNNCell"] { table[name] = generator }
        for name in ["Dropout", "AlphaDropout", "GaussianDropout", "GaussianNoise"] + spatialDropouts {
            table[name] = generator
        }
        for name in ["Conv1DTranspose", "Conv2DTranspose", "Conv3DTranspose"] + transposedAliases {
            table[name] = transposed
        }
        for name in ["DepthwiseConv1D", "DepthwiseConv2D"] { table[name] = depthwise }
        for name in ["SeparableConv1D", "SeparableConv2D"] + separableAliases { table[name] = separable }
        for name in ["AveragePooling1D", "AveragePooling2D", "AveragePooling3D", "MaxPooling1D", "MaxPooling2D"]
            + ["MaxPooling3D", "AvgPool1D", "AvgPool2D", "AvgPool3D", "MaxPool1D", "MaxPool2D", "MaxPool3D"]
        {
            table[name] = drop(["pool_function": nil])
        }
        for name in ["Conv1D", "Conv2D", "Conv3D", "Convolution1D", "Convolution2D", "Convolution3D"] {
            table[name] = drop(["conv_op": nil])
        }
        table["BatchNormalization"] = drop(["fused": nil, "adjustment": .null, "virtual_batch_size": .null])
        table["Embedding"] = drop(["input_length": nil, "sparse": false])
        table["LeakyReLU"] = Keras3LayerChange(renamed: ["alpha": "negative_slope"])
        table["Softmax"] = drop(["robust_masking": false])
        table["MultiHeadAttention"] = drop(["softmax_robust_masking": false])
        table["InputLayer"] = Keras3LayerChange(
            dropped: [Dropped(member: "type_spec", harmless: .null), Dropped(member: "input_shape", harmless: nil)],
            renamed: ["batch_input_shape": "batch_shape"])
        return table
    }()

    private static let spatialDropouts = ["SpatialDropout1D", "SpatialDropout2D", "SpatialDropout3D"]
    private static let transposedAliases = [
        "Convolution1DTranspose", "Convolution2DTranspose", "Convolution3DTranspose", "Deconvolution2D",
        "Deconvolution3D",
    ]
    private static let separableAliases = ["SeparableConvolution1D", "SeparableConvolution2D"]

    /// tf.keras classes Keras 3 does not have, and why no config stands in for them.
    static let removedClasses: [String: String] = [
        "LocallyConnected1D": "Keras 3 has no LocallyConnected1D",
        "LocallyConnected2D": "Keras 3 has no LocallyConnected2D",
        "DenseFeatures": "Keras 3 has no DenseFeatures (feature columns)",
        "RandomHeight": "Keras 3 has no RandomHeight", "RandomWidth": "Keras 3 has no RandomWidth",
        "CuDNNLSTM": "Keras 3 has no CuDNNLSTM", "CuDNNGRU": "Keras 3 has no CuDNNGRU",
        "TFOpLambda": "Keras 3 has no TFOpLambda (TensorFlow functions named in the config)",
        "SlicingOpLambda": "Keras 3 has no SlicingOpLambda (TensorFlow slicing named in the config)",
    ]
}
