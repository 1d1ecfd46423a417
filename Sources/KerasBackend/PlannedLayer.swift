import JSON

/// A tensor inside a Lambda being replaced: one of the Lambda's inputs, the output of a layer
/// planned before, a scalar constant, or a constant that varies along the last axis only (a
/// per-channel mean or scale: `[C]`, or `[1, ..., 1, C]` of `rank` axes), which only an
/// elementwise step with a tensor may read.
enum PlanValue: Hashable, Sendable {
    case input(Int)
    case layer(Int)
    case scalar(Double)
    case channels([Double], rank: Int)

    var isChannels: Bool {
        if case .channels = self { return true }
        return false
    }
}

/// One built-in Keras layer standing for part of a Lambda's function.
struct PlannedLayer: Sendable {
    /// The core op (or ops, fused) it computes: names inner layers and the report.
    var op: String
    var className: String
    /// The class's own config members (name, trainable and dtype are added when written).
    var config: JSONObject
    /// The tensors it is called on, in order.
    var inputs: [PlanValue]
    /// Merge layers (`Add`, `Concatenate`...) take their inputs as one list.
    var inputsAsList: Bool = false
    /// Constant keyword arguments of the call (a `TFOpLambda`'s `axis=-1`).
    var keywords: JSONObject = JSONObject()
    /// Tensor keyword arguments of the call (a `TFOpLambda`'s `y=` tensor).
    var tensorKeywords: [(name: String, value: PlanValue)] = []
    /// The module function it names (`tf.math.sin`, `keras.ops.sin`), for the report.
    var moduleFunction: String?
    /// The output shape, batch first, nil where unknown; nil when not even the rank is known.
    var shape: [Int?]?
}
