import JSON

/// The config keys of Keras's weightless layers (beyond the keys every layer has), to recognise
/// a custom class that only registers a standard layer under another name (`Custom>MyTanh`
/// whose `get_config` is Activation's).
enum KnownLayerConfigs {
    /// Keys every layer's config may hold, left out of the comparison.
    static let commonKeys: Set<String> = [
        "name", "trainable", "dtype", "dtype_policy", "batch_input_shape", "batch_shape", "input_shape",
        "input_dim", "autocast",
    ]

    /// Each class with its own keys, as tf.keras 2 and Keras 3 write them.
    static let table: [(className: String, keys: Set<String>)] = [
        ("Activation", ["activation"]),
        ("Dropout", ["rate", "noise_shape", "seed"]),
        ("Flatten", ["data_format"]),
        ("Reshape", ["target_shape"]),
        ("Permute", ["dims"]),
        ("ReLU", ["max_value", "negative_slope", "threshold"]),
        ("LeakyReLU", ["alpha"]),
        ("LeakyReLU", ["negative_slope"]),
        ("ELU", ["alpha"]),
        ("Softmax", ["axis"]),
        ("RepeatVector", ["n"]),
        ("Rescaling", ["scale", "offset"]),
        ("UpSampling2D", ["size", "data_format", "interpolation"]),
        ("Resizing", ["height", "width", "interpolation", "crop_to_aspect_ratio"]),
        (
            "Resizing",
            [
                "height", "width", "interpolation", "crop_to_aspect_ratio", "pad_to_aspect_ratio", "fill_mode",
                "fill_value", "antialias", "data_format",
            ]
        ),
        ("ZeroPadding2D", ["padding", "data_format"]),
        ("Cropping2D", ["cropping", "data_format"]),
        ("GlobalAveragePooling2D", ["data_format", "keepdims"]),
        ("GlobalMaxPooling2D", ["data_format", "keepdims"]),
        ("MaxPooling2D", ["pool_size", "padding", "strides", "data_format"]),
        ("AveragePooling2D", ["pool_size", "padding", "strides", "data_format"]),
    ]

    /// The classes whose own keys are exactly `config`'s, in table order, each once.
    static func classes(matching config: JSONObject) -> [String] {
        let keys = Set(config.keys).subtracting(commonKeys)
        guard !keys.isEmpty else { return [] }
        var names: [String] = []
        for entry in table where entry.keys == keys && !names.contains(entry.className) {
            names.append(entry.className)
        }
        return names
    }
}
