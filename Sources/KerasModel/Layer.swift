import JSON

/// One layer of a Keras model, as its config describes it.
public struct Layer: Hashable, Sendable {
    public var name: String
    /// `Dense`, `Lambda`, `TFOpLambda`, `Sequential`, ...
    public var className: String
    /// The layer's `config` object, as written.
    public var config: JSONObject
    /// Each call of the layer; shared layers have several, input layers none.
    public var inboundNodes: [InboundNode]
    /// The inner graph when the layer is itself a model.
    public var model: ModelGraph?
    /// The function of a Lambda-like layer.
    public var function: LambdaFunction?
    /// True for an `InputLayer` Delambda made up for a `Sequential` that declared its input shape
    /// on the first layer instead.
    public var isSynthesized: Bool

    public init(
        name: String, className: String, config: JSONObject, inboundNodes: [InboundNode] = [],
        model: ModelGraph? = nil, function: LambdaFunction? = nil, isSynthesized: Bool = false
    ) {
        self.name = name
        self.className = className
        self.config = config
        self.inboundNodes = inboundNodes
        self.model = model
        self.function = function
        self.isSynthesized = isSynthesized
    }

    /// Whether the layer holds a Python function (Lambda) or a TensorFlow op (TFOpLambda).
    public var isLambdaLike: Bool { function != nil }

    /// The names of the layers feeding any call, in order, without repeats.
    public var inboundLayerNames: [String] {
        var seen: [String] = []
        for reference in inboundNodes.flatMap(\.tensors) where !seen.contains(reference.layer) {
            seen.append(reference.layer)
        }
        return seen
    }

    /// The tensors each call reads, in order.
    public var inboundTensors: [[TensorReference]] {
        inboundNodes.map(\.tensors)
    }
}

/// A Keras model's layer graph: a `Sequential` or a functional model (`Functional`, `Model`).
public struct ModelGraph: Hashable, Sendable {
    public var name: String
    /// `Sequential`, `Functional` or `Model`, as written.
    public var className: String
    public var layers: [Layer]
    public var inputs: [TensorReference]
    public var outputs: [TensorReference]

    public init(name: String, className: String, layers: [Layer], inputs: [TensorReference], outputs: [TensorReference])
    {
        self.name = name
        self.className = className
        self.layers = layers
        self.inputs = inputs
        self.outputs = outputs
    }

    /// The layer called `name`.
    public func layer(named name: String) -> Layer? {
        layers.first { $0.name == name }
    }

    /// Every layer of this graph and of the models nested in it, depth first.
    public var allLayers: [Layer] {
        layers.flatMap { [$0] + ($0.model?.allLayers ?? []) }
    }
}
