import JSON

/// The names Keras gives a layer's variables, in the order it lists them: a `.keras` archive
/// stores them by position only (`vars/0`, `vars/1`), an `.h5` by name (`dense/kernel`), and the
/// `.h5` writer's weight changes and nested-model order go by name.
enum KerasVariableNames {
    /// The names of the `count` variables of a layer of `className` with `config`; `var<i>`
    /// where the class or the count is not one this table knows.
    static func names(className: String, config: JSONValue?, count: Int) -> [String] {
        let known = table(className, config)
        guard let known, known.count == count else { return (0..<count).map { "var\($0)" } }
        return known
    }

    /// How many of the variables `names` lists are trainable (they come first): all but
    /// normalization statistics, none when the layer is frozen.
    static func trainableCount(_ names: [String], config: JSONValue?) -> Int {
        if config?["trainable"]?.bool == false { return 0 }
        return names.filter { !statistics.contains($0) }.count
    }

    static let statistics: Set<String> = ["moving_mean", "moving_variance"]

    private static func table(_ className: String, _ config: JSONValue?) -> [String]? {
        let bias = config?["use_bias"]?.bool ?? true
        switch className {
        case "Dense", "Conv1D", "Conv2D", "Conv3D", "Conv1DTranspose", "Conv2DTranspose", "Conv3DTranspose":
            return bias ? ["kernel", "bias"] : ["kernel"]
        case "DepthwiseConv1D", "DepthwiseConv2D":
            return bias ? ["depthwise_kernel", "bias"] : ["depthwise_kernel"]
        case "SeparableConv1D", "SeparableConv2D":
            return ["depthwise_kernel", "pointwise_kernel"] + (bias ? ["bias"] : [])
        case "BatchNormalization":
            let scale = config?["scale"]?.bool ?? true
            let center = config?["center"]?.bool ?? true
            return (scale ? ["gamma"] : []) + (center ? ["beta"] : []) + ["moving_mean", "moving_variance"]
        case "LayerNormalization":
            let scale = config?["scale"]?.bool ?? true
            let center = config?["center"]?.bool ?? true
            return (scale ? ["gamma"] : []) + (center ? ["beta"] : [])
        case "Embedding": return ["embeddings"]
        case "PReLU": return ["alpha"]
        case "LSTM", "GRU", "SimpleRNN": return ["kernel", "recurrent_kernel"] + (bias ? ["bias"] : [])
        default: return nil
        }
    }
}
