/// Why a file could not be read as a Keras model.
public struct KerasModelError: Error, Equatable, Sendable, CustomStringConvertible {
    public enum Code: String, Sendable {
        /// The HDF5 layer failed (not HDF5, truncated, unreadable).
        case unreadableFile
        /// An HDF5 file, but no `model_config` (a weights-only file, for instance).
        case notAModel
        /// `model_config` is not valid JSON.
        case malformedConfig
        /// Valid JSON, but not shaped like a Keras model config.
        case unexpectedConfig
        /// A Lambda's function payload cannot be decoded.
        case badPayload
        /// A layer's stored weights disagree with its config (missing, extra, or another shape).
        case unexpectedWeights
    }

    public var code: Code
    public var file: String
    /// The layer concerned, if any.
    public var layer: String?
    /// Where in the config or payload (`model_config line 1, column 200`, `byte 12`), if known.
    public var position: String?
    public var message: String

    public init(_ code: Code, file: String, layer: String? = nil, position: String? = nil, message: String) {
        self.code = code
        self.file = file
        self.layer = layer
        self.position = position
        self.message = message
    }

    public var description: String {
        var text = file
        if let layer { text += ": layer '\(layer)'" }
        if let position { text += " (\(position))" }
        return text + ": " + message
    }
}
