import JSON

/// What Delambda knows about each built-in Keras layer class: how its output shape follows from
/// its inputs and config. A class missing from the table is reported as unknown.
enum LayerCatalog {
    /// Computes output shapes from input shapes and the layer's config; `nil` when unknown.
    typealias ShapeRule = @Sendable (_ inputs: [TensorShape], _ config: JSONObject) -> [TensorShape]?

    static let shapeRules: [String: ShapeRule] = {
        var rules: [String: ShapeRule] = [:]
        for name in identityLayers { rules[name] = { inputs, _ in inputs.first.map { [$0] } } }
        for name in ["Add", "Subtract", "Multiply", "Average", "Maximum", "Minimum"] {
            rules[name] = { inputs, _ in LayerShapes.broadcast(inputs).map { [$0] } }
        }
        for name in [
            "Conv1D", "Conv2D", "Conv3D", "SeparableConv1D", "SeparableConv2D", "Convolution1D",
            "Convolution2D", "AtrousConvolution2D",
        ] {
            rules[name] = { inputs, config in LayerShapes.convolution(inputs, config, channels: .filters).map { [$0] } }
        }
        rules["DepthwiseConv1D"] = { inputs, config in
            LayerShapes.convolution(inputs, config, channels: .depthMultiplier).map { [$0] }
        }
        rules["DepthwiseConv2D"] = { inputs, config in
            LayerShapes.convolution(inputs, config, channels: .depthMultiplier).map { [$0] }
        }
        for name in [
            "MaxPooling1D", "MaxPooling2D", "MaxPooling3D", "AveragePooling1D", "AveragePooling2D",
            "AveragePooling3D", "MaxPool1D", "MaxPool2D", "AvgPool2D",
        ] {
            rules[name] = { inputs, config in LayerShapes.convolution(inputs, config, channels: .same).map { [$0] } }
        }
        for name in [
            "GlobalAveragePooling1D", "GlobalAveragePooling2D", "GlobalMaxPooling1D", "GlobalMaxPooling2D",
            "GlobalAveragePooling3D", "GlobalMaxPooling3D", "GlobalAvgPool2D", "GlobalMaxPool2D",
        ] {
            rules[name] = { inputs, config in LayerShapes.globalPooling(inputs, config).map { [$0] } }
        }
        rules["InputLayer"] = { _, config in LayerShapes.declaredInput(config).map { [$0] } }
        rules["Dense"] = { inputs, config in
            LayerShapes.replacingLast(inputs, (config["units"] ?? config["output_dim"])?.int).map { [$0] }
        }
        rules["Embedding"] = { inputs, config in
            inputs.first.flatMap { shape in config["output_dim"]?.int.map { [TensorShape(shape.dimensions + [$0])] } }
        }
        rules["Flatten"] = { inputs, _ in LayerShapes.flatten(inputs).map { [$0] } }
        rules["Reshape"] = { inputs, config in LayerShapes.reshape(inputs, config).map { [$0] } }
        rules["Permute"] = { inputs, config in LayerShapes.permute(inputs, config).map { [$0] } }
        rules["RepeatVector"] = { inputs, config in
            guard let shape = inputs.first, shape.rank == 2, let n = config["n"]?.int else { return nil }
            return [TensorShape([shape.dimensions[0], n, shape.dimensions[1]])]
        }
        rules["Concatenate"] = { inputs, config in LayerShapes.concatenate(inputs, config).map { [$0] } }
        for name in ["ZeroPadding1D", "ZeroPadding2D", "Cropping1D", "Cropping2D", "UpSampling1D", "UpSampling2D"] {
            rules[name] = { inputs, config in LayerShapes.spatialResize(name, inputs, config).map { [$0] } }
        }
        rules["Conv2DTranspose"] = { inputs, config in LayerShapes.transposedConvolution(inputs, config).map { [$0] } }
        rules["Resizing"] = { inputs, config in LayerShapes.resizing(inputs, config).map { [$0] } }
        for name in ["LSTM", "GRU", "SimpleRNN", "CuDNNLSTM", "CuDNNGRU"] {
            rules[name] = { inputs, config in LayerShapes.recurrent(inputs, config, multiplier: 1).map { [$0] } }
        }
        rules["Bidirectional"] = { inputs, config in
            guard let inner = config["layer"]?["config"]?.object else { return nil }
            let multiplier = (config["merge_mode"]?.string ?? "concat") == "concat" ? 2 : 1
            return LayerShapes.recurrent(inputs, inner, multiplier: multiplier).map { [$0] }
        }
        rules["Lambda"] = { inputs, config in LayerShapes.lambda(inputs, config).map { [$0] } }
        for name in ["TFOpLambda", "SlicingOpLambda", "TimeDistributed", "Dot", "Attention", "MultiHeadAttention"] {
            rules[name] = { _, _ in nil }
        }
        return rules
    }()

    /// Layers whose output has the shape of their (first) input.
    static let identityLayers: [String] = [
        "Activation", "ReLU", "LeakyReLU", "PReLU", "ELU", "ThresholdedReLU", "Softmax", "Dropout",
        "SpatialDropout1D", "SpatialDropout2D", "SpatialDropout3D", "GaussianNoise", "GaussianDropout",
        "AlphaDropout", "BatchNormalization", "LayerNormalization", "UnitNormalization", "Rescaling",
        "Normalization", "ActivityRegularization", "Masking", "Identity",
    ]

    /// Whether `className` is a layer class Delambda knows.
    static func isKnown(_ className: String) -> Bool {
        shapeRules[className] != nil || ModelConfigReader.modelClasses.contains(className)
    }

    /// One warning per unknown layer class, naming the layers that use it.
    static func unknownClassWarnings(in graph: ModelGraph) -> [String] {
        var layersByClass: [String: [String]] = [:]
        var order: [String] = []
        for layer in graph.allLayers where !isKnown(layer.className) {
            if layersByClass[layer.className] == nil { order.append(layer.className) }
            layersByClass[layer.className, default: []].append(layer.name)
        }
        return order.map { className in
            let layers = layersByClass[className, default: []].map { "'\($0)'" }.joined(separator: ", ")
            return "unknown layer class '\(className)' (layer \(layers))"
        }
    }
}
