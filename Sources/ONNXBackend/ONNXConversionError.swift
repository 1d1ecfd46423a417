/// A layer, op or model the ONNX backend cannot express, named by layer and class.
public struct ONNXConversionError: Error, Hashable, Sendable, CustomStringConvertible {
    public var layer: String
    public var className: String
    public var message: String

    public init(layer: String, className: String, message: String) {
        self.layer = layer
        self.className = className
        self.message = message
    }

    public var description: String { layer.isEmpty ? message : "layer '\(layer)' (\(className)): \(message)" }
}
