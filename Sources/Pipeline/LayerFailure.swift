/// One layer of a model that is not convertible, and why.
public struct LayerFailure: Sendable, Equatable {
    public var layer: String
    /// The layer's Keras class, where known.
    public var className: String?
    /// One line naming the layer and why, as reports print it: `layer 'x': lambda x: ...: unsupported: f(x)`.
    public var message: String

    public init(layer: String, className: String? = nil, message: String) {
        self.layer = layer
        self.className = className
        self.message = message
    }

    /// A failure whose line is `layer 'name': reason`.
    init(layer: String, className: String? = nil, reason: String) {
        self.init(layer: layer, className: className, message: "layer '\(layer)': \(reason)")
    }
}
