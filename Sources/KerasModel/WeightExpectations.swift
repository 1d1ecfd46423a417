import JSON

/// The weights a built-in layer must store, in Keras's order, with their shapes as the layer's
/// config (and its input, where known) fixes them.
///
/// A stored weight that disagrees is refused when the model is read: a kernel stored as (6, 1)
/// for a Dense of 6 units reading 1 feature would otherwise convert, silently wrong, and a
/// dataset declaring 2^34 elements would be allocated before anything noticed. A dimension that
/// depends on an unknown input is `nil` and not checked; classes missing from the table are not
/// checked at all.
enum WeightExpectations {
    /// Expected shapes from the layer's config and its input shape (nil when unknown).
    typealias Rule = @Sendable (_ config: JSONObject, _ input: TensorShape?) -> [[Int?]]?

    static let rules: [String: Rule] = {
        var rules: [String: Rule] = [
            "Dense": dense, "Embedding": embedding, "BatchNormalization": batchNormalization,
            "LayerNormalization": layerNormalization, "PReLU": parametricReLU,
            "LSTM": { recurrent($0, $1, gates: 4) }, "GRU": gru, "SimpleRNN": { recurrent($0, $1, gates: 1) },
        ]
        for (name, rank) in [("Conv1D", 1), ("Conv2D", 2), ("Conv3D", 3)] {
            rules[name] = { convolution($0, $1, spatial: rank) }
        }
        for (name, rank) in [("DepthwiseConv1D", 1), ("DepthwiseConv2D", 2)] {
            rules[name] = { depthwise($0, $1, spatial: rank) }
        }
        for (name, rank) in [("SeparableConv1D", 1), ("SeparableConv2D", 2)] {
            rules[name] = { separable($0, $1, spatial: rank) }
        }
        for (name, rank) in [("Conv1DTranspose", 1), ("Conv2DTranspose", 2), ("Conv3DTranspose", 3)] {
            rules[name] = { transposed($0, $1, spatial: rank) }
        }
        return rules
    }()

    /// The expected shapes of `layer`'s weights, or nil when Delambda does not know them.
    static func shapes(of layer: Layer, input: TensorShape?) -> [[Int?]]? {
        rules[layer.className]?(layer.config, input)
    }

    // MARK: - Rules

    private static func dense(_ config: JSONObject, _ input: TensorShape?) -> [[Int?]]? {
        guard let units = Dimension.size(config["units"]) else { return nil }
        return withBias([[channel(input, config), units]], units, config)
    }

    private static func embedding(_ config: JSONObject, _ input: TensorShape?) -> [[Int?]]? {
        guard let rows = Dimension.size(config["input_dim"]), let columns = Dimension.size(config["output_dim"]) else {
            return nil
        }
        return [[rows, columns]]
    }

    private static func batchNormalization(_ config: JSONObject, _ input: TensorShape?) -> [[Int?]]? {
        guard let axis = singleAxis(config["axis"], default: -1) else { return nil }
        let size = dimension(input, axis)
        let count = (flag(config, "scale") ? 1 : 0) + (flag(config, "center") ? 1 : 0) + 2
        return Array(repeating: [size], count: count)
    }

    private static func layerNormalization(_ config: JSONObject, _ input: TensorShape?) -> [[Int?]]? {
        guard let input else { return nil }
        let axes = config["axis"]?.array?.compactMap(\.int) ?? config["axis"]?.int.map { [$0] } ?? [-1]
        // Gamma and beta have one dimension per normalized axis, in the order the config lists them.
        let shape = axes.map { dimension(input, $0) }
        let count = (flag(config, "scale") ? 1 : 0) + (flag(config, "center") ? 1 : 0)
        return Array(repeating: shape, count: count)
    }

    private static func parametricReLU(_ config: JSONObject, _ input: TensorShape?) -> [[Int?]]? {
        guard let input, input.rank >= 2 else { return nil }
        var shape = Array(input.dimensions.dropFirst())
        for axis in config["shared_axes"]?.array?.compactMap(\.int) ?? [] where axis >= 1 && axis <= shape.count {
            shape[axis - 1] = 1
        }
        return [shape]
    }

    private static func recurrent(_ config: JSONObject, _ input: TensorShape?, gates: Int) -> [[Int?]]? {
        guard let units = Dimension.size(config["units"]) else { return nil }
        let width = gates * units
        return withBias([[channel(input, config), width], [units, width]], width, config)
    }

    private static func gru(_ config: JSONObject, _ input: TensorShape?) -> [[Int?]]? {
        guard let units = Dimension.size(config["units"]), var shapes = recurrent(config, input, gates: 3) else {
            return nil
        }
        // reset_after (the default since tf.keras, which always writes it; Keras before 2.1.3 had
        // no such key and no such bias) keeps the input and recurrent biases apart.
        if shapes.count == 3, config["reset_after"]?.bool ?? false { shapes[2] = [2, 3 * units] }
        return shapes
    }

    private static func convolution(_ config: JSONObject, _ input: TensorShape?, spatial: Int) -> [[Int?]]? {
        guard let filters = Dimension.size(config["filters"]), let kernel = kernelSize(config, spatial) else {
            return nil
        }
        let groups = Dimension.size(config["groups"]) ?? 1
        let inputs = channel(input, config).map { groups > 0 ? $0 / groups : $0 }
        return withBias([kernel + [inputs, filters]], filters, config)
    }

    private static func depthwise(_ config: JSONObject, _ input: TensorShape?, spatial: Int) -> [[Int?]]? {
        guard let kernel = kernelSize(config, spatial) else { return nil }
        let multiplier = Dimension.size(config["depth_multiplier"]) ?? 1
        let inputs = channel(input, config)
        return withBias([kernel + [inputs, multiplier]], Dimension.product([inputs, multiplier]), config)
    }

    private static func separable(_ config: JSONObject, _ input: TensorShape?, spatial: Int) -> [[Int?]]? {
        guard let filters = Dimension.size(config["filters"]), let kernel = kernelSize(config, spatial) else {
            return nil
        }
        let multiplier = Dimension.size(config["depth_multiplier"]) ?? 1
        let inputs = channel(input, config)
        let pointwise = Array(repeating: 1, count: spatial) + [Dimension.product([inputs, multiplier]), filters]
        return withBias([kernel + [inputs, multiplier], pointwise], filters, config)
    }

    private static func transposed(_ config: JSONObject, _ input: TensorShape?, spatial: Int) -> [[Int?]]? {
        guard let filters = Dimension.size(config["filters"]), let kernel = kernelSize(config, spatial) else {
            return nil
        }
        return withBias([kernel + [filters, channel(input, config)]], filters, config)
    }

    // MARK: - Config reading

    /// `shapes` followed by a bias of `size` elements when the layer uses one.
    private static func withBias(_ shapes: [[Int?]], _ size: Int?, _ config: JSONObject) -> [[Int?]] {
        flag(config, "use_bias") ? shapes + [[size]] : shapes
    }

    /// A boolean config key that Keras defaults to true.
    private static func flag(_ config: JSONObject, _ key: String) -> Bool {
        config[key]?.bool ?? true
    }

    private static func kernelSize(_ config: JSONObject, _ spatial: Int) -> [Int?]? {
        LayerShapes.integers(config["kernel_size"], count: spatial, default: nil)?.map(Optional.some)
    }

    /// The input's channel count: its last axis, or axis 1 for `channels_first`.
    private static func channel(_ input: TensorShape?, _ config: JSONObject) -> Int? {
        dimension(input, config["data_format"]?.string == "channels_first" ? 1 : -1)
    }

    private static func dimension(_ input: TensorShape?, _ axis: Int) -> Int? {
        guard let input else { return nil }
        let index = axis < 0 ? input.rank + axis : axis
        return input.dimensions.indices.contains(index) ? input.dimensions[index] : nil
    }

    /// One int axis (a one-item list counts); nil for several axes, which this table does not check.
    private static func singleAxis(_ value: JSONValue?, default fallback: Int) -> Int? {
        guard let value, !value.isNull else { return fallback }
        if let axis = value.int { return axis }
        guard let items = value.array, items.count == 1 else { return nil }
        return items[0].int
    }
}
