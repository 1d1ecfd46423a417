import CoreOps
import JSON
import KerasModel

/// A Lambda to replace: its function as core ops and the shapes of its inputs.
public struct LambdaReplacementInput: Sendable {
    public var graph: CoreOpGraph
    /// The shapes of the inputs of its first call (batch first), nil where unknown.
    public var inputShapes: [[Int?]?]

    public init(graph: CoreOpGraph, inputShapes: [[Int?]?]) {
        self.graph = graph
        self.inputShapes = inputShapes
    }
}

/// What replaced one Lambda.
public struct LambdaReplacement: Sendable {
    public struct NewLayer: Sendable {
        public var name: String
        public var className: String
        /// The module function a `TFOpLambda` or `Lambda` names (`tf.math.sin`), if any.
        public var moduleFunction: String?
    }

    public var lambda: String
    public var layers: [NewLayer]
}

/// The model config with every Lambda replaced, or the Lambdas that could not be.
public struct KerasRewrite: Sendable {
    /// The new `model_config`.
    public var config: JSONValue
    /// The top-level layers in config order: what `layer_names` lists.
    public var topLevelLayers: [String]
    public var replacements: [LambdaReplacement]
    /// One line per Lambda that could not be replaced: its name and why.
    public var failures: [(layer: String, failure: KerasRewriteFailure)]
    /// The `keras_version` to write when the config changed flavour; nil keeps the file's.
    public var kerasVersion: String?
    /// Layers the written flavour loads but may not run everywhere, and why.
    public var notes: [(layer: String, note: String)] = []
    /// Weights the written file stores changed (a kernel spread out for another flavour).
    public var weightChanges: [WeightChange] = []

    init(
        config: JSONValue, topLevelLayers: [String], replacements: [LambdaReplacement],
        failures: [(layer: String, failure: KerasRewriteFailure)], kerasVersion: String?,
        notes: [(layer: String, note: String)] = [], weightChanges: [WeightChange] = []
    ) {
        self.config = config
        self.topLevelLayers = topLevelLayers
        self.replacements = replacements
        self.failures = failures
        self.kerasVersion = kerasVersion
        self.notes = notes
        self.weightChanges = weightChanges
    }

    /// What ``KerasFileWriter`` writes, without the report's parts: how a process that only
    /// writes the file receives a rewrite.
    public init(config: JSONValue, topLevelLayers: [String], kerasVersion: String?, weightChanges: [WeightChange]) {
        self.init(
            config: config, topLevelLayers: topLevelLayers, replacements: [], failures: [], kerasVersion: kerasVersion,
            weightChanges: weightChanges)
    }
}

/// The Keras backend: a model config whose Lambdas become built-in Keras layers.
///
/// Works on the config JSON as written, so everything it does not replace stays byte-for-byte
/// the same value (key order, ints and floats). A `Sequential` holding a replaced Lambda becomes
/// a `Functional` model, since one Lambda may become several layers that are not a chain.
public enum KerasRewriter {
    /// Rewrites `config` (the parsed `model_config` of a file in `dialect`) into `target`'s
    /// config shapes (by default the file's own).
    public static func rewrite(
        config: JSONValue, dialect: KerasDialect, target: KerasDialect? = nil,
        lambdas: [String: LambdaReplacementInput]
    ) -> KerasRewrite {
        let target = target ?? dialect
        // New layers of a Keras 2 file are called in Keras 2's list form, which Keras 3 reads too.
        var walker = ModelConfigWalker(dialect: target, lambdas: lambdas, legacyCalls: dialect == .keras2)
        guard let model = config.object else {
            return KerasRewrite(
                config: config, topLevelLayers: [], replacements: [],
                failures: [("model_config", KerasRewriteFailure("not a JSON object"))], kerasVersion: nil)
        }
        var rewritten = walker.rewriteModel(model)
        var failures = walker.failures
        var notes: [(layer: String, note: String)] = []
        var weightChanges: [WeightChange] = []
        var kerasVersion: String?
        if dialect != target {
            let translated: [(layer: String, failure: KerasRewriteFailure)]
            if target == .keras3 {
                var translation = Keras3Translation()
                rewritten = translation.model(rewritten)
                translated = translation.failures
                notes = translation.notes
                weightChanges = translation.weightChanges
            } else {
                var translation = Keras2Translation()
                rewritten = translation.model(rewritten)
                translated = translation.failures
                notes = translation.notes
                weightChanges = translation.weightChanges
            }
            // A Lambda the walker could not replace is already reported.
            let reported = Set(failures.map(\.layer))
            failures += translated.filter { !reported.contains($0.layer) }
            kerasVersion = target.writtenVersion
        }
        let layers = rewritten["config"]?["layers"]?.array ?? []
        let names = layers.compactMap { $0["name"]?.string ?? $0["config"]?["name"]?.string }
        return KerasRewrite(
            config: .object(rewritten), topLevelLayers: names, replacements: walker.replacements,
            failures: failures, kerasVersion: kerasVersion, notes: notes,
            weightChanges: weightChanges)
    }
}
