import JSON

/// Keras 1 layer configs in Keras 2's names, as Keras 2's own legacy interfaces read them:
/// `Convolution2D(nb_filter, nb_row, nb_col, border_mode, subsample, dim_ordering)` is
/// `Conv2D(filters, kernel_size, padding, strides, data_format)`, `Dense(output_dim, init)` is
/// `Dense(units, kernel_initializer)`, `Dropout(p)` is `Dropout(rate)`...
///
/// Only names change: Keras 1 weights are stored as Keras 2 stores them for most layers upgraded
/// here (kernels of `dim_ordering='tf'` convolutions, Dense matrices, BatchNormalization's four
/// vectors); the kernels of `th` convolutions, upgraded to `data_format='channels_first'`, are
/// rearranged when read (``StoredKernelOrder``). Layers whose Keras 1 weights differ (recurrent
/// layers keep one array per gate, `Merge` has no single Keras 2 class) keep their Keras 1 config.
/// ``problems(in:)`` names those and every `th` layer, which `rewrite` keeps in Keras 1 form.
public enum Keras1Upgrade {
    /// Keras 1 class names that Keras 2 renamed.
    static let classNames: [String: String] = [
        "Convolution1D": "Conv1D", "Convolution2D": "Conv2D", "Convolution3D": "Conv3D",
        "AtrousConvolution1D": "Conv1D", "AtrousConvolution2D": "Conv2D", "SeparableConvolution2D": "SeparableConv2D",
        "Deconvolution2D": "Conv2DTranspose",
    ]

    /// Members renamed in every class that has them.
    static let members: [String: String] = [
        "init": "kernel_initializer", "W_regularizer": "kernel_regularizer", "b_regularizer": "bias_regularizer",
        "W_constraint": "kernel_constraint", "b_constraint": "bias_constraint", "bias": "use_bias",
        "border_mode": "padding", "subsample": "strides", "subsample_length": "strides", "nb_filter": "filters",
        "atrous_rate": "dilation_rate", "beta_init": "beta_initializer", "gamma_init": "gamma_initializer",
        "input_dtype": "dtype", "pool_length": "pool_size", "stride": "strides", "sigma": "stddev",
        "depthwise_init": "depthwise_initializer", "pointwise_init": "pointwise_initializer",
    ]

    /// Classes whose Keras 1 weights are not stored as Keras 2 stores them.
    static let differentWeights: Set<String> = [
        "LSTM", "GRU", "SimpleRNN", "ConvLSTM2D", "Merge", "TimeDistributedDense", "Highway", "MaxoutDense",
    ]

    /// `dim_ordering='th'` classes whose kernels the reader does not rearrange
    /// (``StoredKernelOrder`` handles Convolution2D, AtrousConvolution2D and Deconvolution2D;
    /// weightless layers need nothing): they keep their Keras 1 config.
    static let unarrangedChannelsFirst: Set<String> = [
        "SeparableConvolution2D", "Convolution3D", "Deconvolution3D", "LocallyConnected2D", "LocallyConnected1D",
    ]

    /// A Keras 1 `model_config` with every layer config in Keras 2's names (nested models and
    /// wrappers included). A Sequential's bare list of layers stays a list.
    public static func model(_ config: JSONValue) -> JSONValue {
        guard var model = config.object else { return config }
        if let list = model["config"]?.array {
            model["config"] = .array(list.map(entry))
        } else if var inner = model["config"]?.object, let layers = inner["layers"]?.array {
            inner["layers"] = .array(layers.map(entry))
            model["config"] = .object(inner)
        }
        return .object(model)
    }

    /// The layers this upgrade leaves in Keras 1 form, and why.
    public static func problems(in config: JSONValue) -> [(layer: String, reason: String)] {
        var found: [(String, String)] = []
        func visit(_ value: JSONValue) {
            if let className = value["class_name"]?.string, let layerConfig = value["config"]?.object {
                let name = layerConfig["name"]?.string ?? value["name"]?.string ?? className
                if differentWeights.contains(className) {
                    found.append((name, "Keras 1's \(className) stores its weights unlike Keras 2"))
                } else if layerConfig["dim_ordering"]?.string == "th" {
                    found.append((name, "Keras 1's dim_ordering 'th' stores kernels in another axis order"))
                }
            }
            for member in value.object ?? JSONObject() { visit(member.value) }
            value.array?.forEach(visit)
        }
        visit(config)
        return found
    }

    static func entry(_ value: JSONValue) -> JSONValue {
        guard var entry = value.object, let className = entry["class_name"]?.string else { return value }
        if ["Sequential", "Model", "Functional"].contains(className) { return model(value) }
        guard var config = entry["config"]?.object, !differentWeights.contains(className),
            config["dim_ordering"]?.string != "th" || !unarrangedChannelsFirst.contains(className)
        else { return value }
        if let renamed = classNames[className] { entry["class_name"] = .string(renamed) }
        // Embedding's matrix was its `W`.
        let renames =
            className == "Embedding"
            ? members.merging([
                "init": "embeddings_initializer", "W_regularizer": "embeddings_regularizer",
                "W_constraint": "embeddings_constraint",
            ]) { _, embedding in embedding } : members
        var upgraded = JSONObject()
        for member in config {
            upgraded[renames[member.key] ?? member.key] = member.value
        }
        if className == "BatchNormalization", upgraded["mode"]?.int == 0 { upgraded["mode"] = nil }
        if className == "Embedding", upgraded["dropout"]?.double == 0 { upgraded["dropout"] = nil }
        config = upgraded
        if className == "Dense", let units = config["output_dim"] {
            config["output_dim"] = nil
            config["units"] = units
        }
        if ["Dropout", "SpatialDropout1D", "SpatialDropout2D", "SpatialDropout3D"].contains(className),
            let rate = config["p"]
        {
            config["p"] = nil
            config["rate"] = rate
        }
        if let ordering = config["dim_ordering"]?.string {
            config["dim_ordering"] = nil
            config["data_format"] = ordering == "th" ? "channels_first" : "channels_last"
        }
        if let rows = config["nb_row"], let columns = config["nb_col"] {
            config["nb_row"] = nil
            config["nb_col"] = nil
            config["kernel_size"] = [rows, columns]
        }
        if let length = config["filter_length"] {
            config["filter_length"] = nil
            config["kernel_size"] = [length]
        }
        for member in ["strides", "pool_size", "dilation_rate"] {
            if let number = config[member]?.int, className.hasSuffix("1D") { config[member] = [.int(number)] }
        }
        if className == "Deconvolution2D" { config["output_shape"] = nil }
        if let inner = config["layer"] { config["layer"] = Self.entry(inner) }
        entry["config"] = .object(config)
        return .object(entry)
    }
}
