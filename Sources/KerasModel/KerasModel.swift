import Foundation
import HDF5
import JSON

/// A Keras model read from an `.h5` file or a `.keras` archive: its graph, versions and weight
/// index.
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
    /// The `model.weights.h5` image of a `.keras` archive, held in memory (the archive is never
    /// unpacked to disk); nil for an `.h5`, whose weights stay in ``file``.
    public var archiveWeights: Data?
    /// For an archive, each layer's group in the weights image (`layers/dense_1`), keyed by the
    /// layer's name, a nested model's layers by `model/layer`: where the layer's assets sit under
    /// `assets/` too.
    public var archiveGroups: [String: String] = [:]
    /// For an archive, the members under `assets/` (files only).
    public var archiveAssets: [String] = []

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

    /// Whether the model was read from a `.keras` archive.
    public var isArchive: Bool { archiveWeights != nil }

    /// The HDF5 file holding the weight datasets ``WeightInfo/path`` names: ``file`` itself, or
    /// the archive's weights image opened from memory.
    ///
    /// - Throws: ``HDF5Error`` when it cannot be opened again.
    public func openWeights() throws -> HDF5File {
        if let archiveWeights {
            return try HDF5File.open(image: archiveWeights, name: KerasModelReader.weightsName(file))
        }
        return try HDF5File.open(file)
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
