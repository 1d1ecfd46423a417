import JSON

/// `hard_sigmoid` across flavours: clip(0.2·x + 0.5, 0, 1) in Keras 2 (tf.keras), clip(x/6 + 0.5,
/// 0, 1) in Keras 3. Where a layer applies it to an affine function of its own weights (a Dense
/// or convolution's output, a recurrent layer's gates), those weights times the ratio of the
/// slopes make the other flavour's `hard_sigmoid` compute the same: h₃(1.2·z) = h₂(z).
enum ActivationSlope {
    /// What the weights feeding a Keras 2 hard_sigmoid are multiplied by for Keras 3 (0.2 ÷ 1/6),
    /// and the other way.
    static let toKeras3 = 1.2
    static let toKeras2 = 5.0 / 6

    /// The weights feeding `member` (`activation` or `recurrent_activation`) of a layer of
    /// `className` affinely, and the blocks of their last axis that do (a recurrent layer's gate
    /// blocks, in Keras's order: LSTM i f c o, GRU z r h); nil where none do (an LSTM's
    /// `activation` reads its cell state).
    static func feeds(_ className: String, member: String, config: JSONObject) -> (
        weights: [String], blocks: [Int], parts: Int
    )? {
        let bias = config["use_bias"]?.bool == false ? [] : ["bias"]
        let recurrent = ["kernel", "recurrent_kernel"] + bias
        switch (className, member) {
        case ("Dense", "activation"), ("Conv1D", "activation"), ("Conv2D", "activation"), ("Conv3D", "activation"),
            ("Conv1DTranspose", "activation"), ("Conv2DTranspose", "activation"), ("Conv3DTranspose", "activation"):
            return (["kernel"] + bias, [0], 1)
        case ("SeparableConv1D", "activation"), ("SeparableConv2D", "activation"):
            return (["pointwise_kernel"] + bias, [0], 1)
        case ("DepthwiseConv1D", "activation"), ("DepthwiseConv2D", "activation"):
            return (["depthwise_kernel"] + bias, [0], 1)
        case ("SimpleRNN", "activation"), ("SimpleRNNCell", "activation"):
            return (recurrent, [0], 1)
        case ("LSTM", "recurrent_activation"), ("LSTMCell", "recurrent_activation"):
            return (recurrent, [0, 1, 3], 4)
        case ("GRU", "recurrent_activation"), ("GRUCell", "recurrent_activation"):
            return (recurrent, [0, 1], 3)
        case ("GRU", "activation"), ("GRUCell", "activation"):
            return (recurrent, [2], 3)
        default:
            return nil
        }
    }

    /// The weight changes that keep `member`'s `hard_sigmoid` computing the same in `target`
    /// for the layer `owner` owns, and the note saying so; nil where the layer cannot take them.
    static func kept(
        _ className: String, member: String, config: JSONObject, owner: WeightOwner, target: KerasDialect
    ) -> (changes: [WeightChange], note: String)? {
        guard let feeds = feeds(className, member: member, config: config) else { return nil }
        let factor = target == .keras3 ? toKeras3 : toKeras2
        let transform = WeightChange.Transform.scaled(factor: factor, blocks: feeds.blocks, parts: feeds.parts)
        let slopes =
            target == .keras3 ? "slope 0.2 in Keras 2, 1/6 in Keras 3" : "slope 1/6 in Keras 3, 0.2 in tf.keras"
        return (
            feeds.weights.flatMap { owner.changes($0, transform) },
            "\(member) 'hard_sigmoid': the weights feeding it stored times \(target == .keras3 ? "1.2" : "5/6") "
                + "(\(slopes))"
        )
    }
}
