import JSON

/// A Keras model read from an `.h5` file: its graph, versions and weight index.
public struct KerasModel: Sendable {
    /// The path it was read from.
    public var file: String
    public var kerasVersion: String?
    public var backend: String?
    public var graph: ModelGraph
    /// The weight tensors of each top-level layer (names, shapes, dtypes), not their values.
    public var weights: WeightIndex
    /// Whether the file also stores a `training_config`.
    public var hasTrainingConfig: Bool
    /// Problems worth telling the user that do not stop reading (unknown layer classes, say).
    public var warnings: [String]
    /// `model_config` as stored (before any Keras 1 upgrade), parsed once for the tools that
    /// rewrite it; `.null` for a model not read from a file.
    public var config: JSONValue

    public init(
        file: String, kerasVersion: String?, backend: String?, graph: ModelGraph, weights: WeightIndex,
        hasTrainingConfig: Bool, warnings: [String], config: JSONValue = .null
    ) {
        self.file = file
        self.kerasVersion = kerasVersion
        self.backend = backend
        self.graph = graph
        self.weights = weights
        self.hasTrainingConfig = hasTrainingConfig
        self.warnings = warnings
        self.config = config
    }

    /// Which family of Keras wrote the file, from `keras_version`.
    public var flavour: KerasFlavour { KerasFlavour(version: kerasVersion) }
}

/// The families of Keras whose files differ in shape.
public enum KerasFlavour: String, Sendable {
    /// Keras 1.x: `Model` configs, `raw_unicode_escape` payloads.
    case keras1
    /// Keras 2.x, tf.keras and tf_keras.
    case keras2
    /// Keras 3: `__lambda__` payloads, `__keras_tensor__` nodes.
    case keras3
    case unknown

    public init(version: String?) {
        switch version?.split(separator: ".").first {
        case "1": self = .keras1
        case "2": self = .keras2
        case "3": self = .keras3
        default: self = .unknown
        }
    }
}
