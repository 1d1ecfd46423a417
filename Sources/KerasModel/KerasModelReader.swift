import HDF5
import JSON
import KerasArchive

/// Reads a Keras model saved as `.h5` (`model.save("m.h5")`) or as a Keras 3 `.keras` archive
/// (told apart by their first bytes, not their names) without running any of it.
public enum KerasModelReader {
    /// Reads the model at `path`: config, versions and weight index (weights stay on disk).
    ///
    /// - Throws: ``KerasModelError``: `.unreadableFile` (missing, a directory, not HDF5,
    ///   truncated), `.notAModel` (no `model_config`, e.g. a weights-only file),
    ///   `.malformedConfig` (bad JSON, with its position), `.unexpectedConfig` (JSON not shaped
    ///   like a Keras model; the layer named where known), `.badPayload` (undecodable function text),
    ///   `.unexpectedWeights` (a layer's stored weights disagree with its config: ``WeightCheck``).
    public static func read(_ path: String) throws(KerasModelError) -> KerasModel {
        if KerasArchive.isArchive(path) { return try readArchive(path) }
        do {
            let file = try HDF5File.open(path)
            let root = try file.root
            guard let configText = try root.attributes.read("model_config")?.string else {
                throw notAModel(path, root: root)
            }
            let version = try rootString("keras_version", root)
            let config = try parse(configText, file: path)
            let graph = try self.graph(config: config, file: path, kerasVersion: version)
            let weightsGroup = root.kind(of: "model_weights") == .group ? try root.group("model_weights") : nil
            let backend = try rootString("backend", root)
            let weights = (try weightsGroup.map(WeightIndex.read) ?? WeightIndex())
                .withStoredOrders(graph, flavour: KerasFlavour(version: version), backend: backend)
            if weightsGroup != nil, let problem = WeightCheck.firstProblem(in: graph, weights: weights, file: path) {
                throw problem
            }
            return KerasModel(
                file: path, kerasVersion: version,
                backend: backend, graph: graph, weights: weights,
                hasTrainingConfig: root.attributes.contains("training_config"),
                warnings: LayerCatalog.unknownClassWarnings(in: graph), config: config)
        } catch let error as KerasModelError {
            throw error
        } catch let error as HDF5Error {
            var message = error.message
            if let cause = error.libraryMessages.first, !message.contains(cause) { message += " (HDF5: \(cause))" }
            throw KerasModelError(
                .unreadableFile, file: path, position: error.object.isEmpty ? nil : error.object, message: message)
        } catch {
            throw KerasModelError(.unreadableFile, file: path, message: "\(error)")
        }
    }

    /// The layer graph described by `model_config` text (or `source`, a `.keras`'s `config.json`);
    /// `file` only names it in errors. A
    /// Keras 1 config (`kerasVersion` 1.x) is read in Keras 2's names (``Keras1Upgrade``).
    ///
    /// - Throws: ``KerasModelError`` `.malformedConfig` with the JSON position, `.unexpectedConfig`
    ///   (a layer graph with a cycle among them) or `.badPayload` naming the layer.
    public static func graph(
        configJSON text: String, file: String, kerasVersion: String? = nil, source: String = "model_config"
    ) throws(KerasModelError) -> ModelGraph {
        try graph(config: try parse(text, file: file, source: source), file: file, kerasVersion: kerasVersion)
    }

    /// `model_config` text (or `source`'s) as JSON.
    ///
    /// - Throws: ``KerasModelError`` `.malformedConfig` with the JSON position.
    static func parse(_ text: String, file: String, source: String = "model_config") throws(KerasModelError)
        -> JSONValue
    {
        do {
            return try JSONParser.parse(text)
        } catch {
            throw KerasModelError(
                .malformedConfig, file: file, position: "\(source) line \(error.line), column \(error.column)",
                message: "\(source) is not valid JSON: \(error.message)")
        }
    }

    /// The layer graph of a parsed `model_config`, checked as ``graph(configJSON:file:kerasVersion:)`` says.
    public static func graph(
        config json: JSONValue, file: String, kerasVersion: String? = nil
    ) throws(KerasModelError) -> ModelGraph {
        let graph: ModelGraph
        do {
            graph = try ModelConfigReader.graph(
                KerasFlavour(version: kerasVersion) == .keras1 ? Keras1Upgrade.model(json) : json)
        } catch {
            throw KerasModelError(error.code, file: file, layer: error.layer, message: error.message)
        }
        if let name = graph.firstDuplicateLayerName() {
            throw KerasModelError(
                .unexpectedConfig, file: file, layer: name,
                message: "two layers are named '\(name)': names must be unique")
        }
        if let (layer, key, value) = graph.firstOutOfRangeInteger() {
            throw KerasModelError(
                .unexpectedConfig, file: file, layer: layer,
                message: "config value \(value) for '\(key)' is out of range (beyond ±2^31)")
        }
        if let (layer, key, value) = graph.firstInvalidWindow() {
            throw KerasModelError(
                .unexpectedConfig, file: file, layer: layer,
                message: "'\(key)' is \(value.count > 60 ? value.prefix(60) + "..." : value): it must be positive "
                    + "integers")
        }
        // Every later walk of the graph may then assume it ends.
        if let cycle = graph.firstCycle() {
            throw KerasModelError(
                .unexpectedConfig, file: file, layer: cycle[0],
                message: "the layer graph has a cycle (\(cycle.joined(separator: " -> "))): a model cannot feed "
                    + "a layer its own output")
        }
        return graph
    }

    private static func rootString(_ name: String, _ root: HDF5Group) throws -> String? {
        try root.attributes.read(name)?.string
    }

    private static func notAModel(_ path: String, root: HDF5Group) -> KerasModelError {
        let attributes = (try? root.attributes.names()) ?? []
        let children = (try? root.childNames()) ?? []
        let keras3Weights = children.contains("layers") || children.contains("vars")
        if keras3Weights || attributes.contains(where: { $0.hasPrefix("layer_names") }) {
            return KerasModelError(
                .notAModel, file: path,
                message: "a weights-only file (save_weights): it has layer weights but no model_config, "
                    + "so there is no model to read; save the whole model with model.save()")
        }
        return KerasModelError(.notAModel, file: path, message: "no model_config attribute: not a saved Keras model")
    }
}
