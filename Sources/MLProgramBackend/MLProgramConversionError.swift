/// Why a model cannot be written as an ML Program: the layer (and its class) and what is wrong.
public struct MLProgramConversionError: Error, Equatable, CustomStringConvertible {
    public var layer: String
    public var className: String
    public var message: String

    public init(layer: String, className: String, message: String) {
        self.layer = layer
        self.className = className
        self.message = message
    }

    public var description: String {
        layer.isEmpty ? message : "layer '\(layer)' (\(className)): \(message)"
    }
}
