import Foundation
import JSON
import KerasBackend
import KerasModel

extension Pipeline {
    /// Writes a copy of the model at `path` to `output` in which every Lambda is replaced by
    /// built-in Keras layers (or layers naming public module functions), in the input's flavour
    /// or in `flavour`'s: a Keras 2 (tf.keras) model for Keras 3, a Keras 3 one for tf.keras.
    ///
    /// - Throws: ``PipelineError``: not rewritable (exit 1) naming each Lambda that is not, with
    ///   its source and the op or residue to blame; unusable input or output (exit 2). Nothing is
    ///   written then, and the input is never overwritten.
    public static func rewrite(
        _ path: String, output: String, flavour: KerasDialect? = nil, options: FunctionOptions = FunctionOptions(),
        rules: RuleOptions = RuleOptions()
    ) throws(PipelineError) -> RewriteReport {
        try rewrite(path, output: output, flavour: flavour, options: options, loader: RuleLibraryLoader(rules: rules))
    }

    /// `rewrite` with the rule library of `loader` (a bulk worker's, loaded once for its models).
    static func rewrite(
        _ path: String, output: String, flavour: KerasDialect?, options: FunctionOptions, loader: RuleLibraryLoader
    ) throws(PipelineError) -> RewriteReport {
        try OutputFormat.check(output, command: "rewrite", extensions: OutputFormat.rewrite)
        let input = URL(fileURLWithPath: path).standardizedFileURL
        let target = URL(fileURLWithPath: output).standardizedFileURL
        guard input.path != target.path else {
            throw PipelineError(.unusableInput, "\(output): refusing to overwrite the input")
        }
        let archiveOutput = target.pathExtension.lowercased() == "keras"
        if archiveOutput && flavour == .keras2 {
            throw PipelineError(
                .usage, "\(output): a .keras archive is Keras 3's format; name the output OUT.h5 for tf.keras",
                location: .init(file: output))
        }
        let model = try readModel(path)
        if !archiveOutput, let asset = model.archiveAssets.first {
            throw PipelineError(
                .notConvertible,
                "\(output): \(path) holds assets ('\(asset)') that an .h5 cannot keep: name the output OUT.keras",
                location: .init(file: path))
        }
        var config = model.config
        let lambdas = try LambdaGraphs(model: model, options: options, rules: loader)
        var inputs: [String: LambdaReplacementInput] = [:]
        for (name, graph) in lambdas.graphs {
            inputs[name] = LambdaReplacementInput(graph: graph, inputShapes: lambdas.inputShapes[name] ?? [])
        }
        let source = KerasDialect(model.flavour)
        let dialect = archiveOutput ? .keras3 : flavour ?? source
        // A Keras 1 config is written in Keras 2's names, which tf.keras and Keras 3 read.
        var upgradedVersion: String?
        if model.flavour == .keras1 {
            let left = Keras1Upgrade.problems(in: config)
            // Kernels that `convert` reads rearranged (Keras 1 'th') would be copied as stored
            // under a config no Keras reads: refused rather than written wrong.
            let rearranged = left.filter { problem in
                model.weights.weights(of: problem.layer).contains { $0.storedOrder != nil }
            }
            if !rearranged.isEmpty {
                throw PipelineError(
                    notConvertible: "\(path): not rewritable",
                    failures: rearranged.map {
                        LayerFailure(
                            layer: $0.layer, className: model.className(of: $0.layer),
                            reason: "\($0.reason); rewrite does not rearrange them yet (convert does)")
                    },
                    location: .init(file: path))
            }
            if left.isEmpty {
                config = Keras1Upgrade.model(config)
                upgradedVersion = KerasDialect.keras2.writtenVersion
            } else if dialect == .keras3 {
                throw PipelineError(
                    notConvertible: "\(path): not rewritable for Keras 3",
                    failures: left.map {
                        LayerFailure(layer: $0.layer, className: model.className(of: $0.layer), reason: $0.reason)
                    },
                    location: .init(file: path))
            }
        }
        var rewrite = KerasRewriter.rewrite(config: config, dialect: source, target: dialect, lambdas: inputs)
        rewrite.kerasVersion = rewrite.kerasVersion ?? upgradedVersion
        let failures =
            lambdas.failures
            + rewrite.failures.map { layer, failure in
                let origin = lambdas.sources[layer].map { "\(MessageCap.quoted($0)): " } ?? ""
                return LayerFailure(
                    layer: layer, className: model.className(of: layer),
                    reason: "\(origin)no \(dialect.title) form: \(failure)")
            }
        guard failures.isEmpty else {
            var error = PipelineError(
                notConvertible: "\(path): not rewritable", failures: failures, location: .init(file: path))
            error.warnings = lambdas.warnings
            error.blockers = lambdas.blockers
            for (layer, _) in rewrite.failures {
                let blocker = "layer class \(model.className(of: layer) ?? "?") (no \(dialect.title) form)"
                if !error.blockers.contains(blocker) { error.blockers.append(blocker) }
            }
            throw error
        }
        try AtomicFile.produce(target) { temporary in
            try WriteIsolation.write(
                rewrite, model: model, config: config, to: temporary.path, archive: archiveOutput, target: target.path)
        }
        return RewriteReport(
            output: target.path, dialect: dialect.title, replacements: rewrite.replacements, rules: lambdas.rulesUsed,
            notes: rewrite.notes.map { "layer '\($0.layer)': \($0.note)" }, warnings: lambdas.warnings)
    }

    /// Reads the written file back: it must be a model whose Lambdas all name module functions.
    /// Returns the first layer that still holds marshaled code.
    static func marshaledLayer(in path: String) throws -> String? {
        let model = try KerasModelReader.read(path)
        return model.graph.allLayers.first { layer in
            if case .marshal? = layer.function?.payload { return true }
            return false
        }?.name
    }

    static func stillMarshaled(layer: String, target: String) -> PipelineError {
        PipelineError(
            .notConvertible, "\(target): layer '\(layer)' still holds marshaled code",
            location: .init(file: target, layer: layer))
    }
}

/// What `rewrite` did.
public struct RewriteReport: Sendable {
    public var output: String
    /// `Keras 2` or `Keras 3`: the config shapes written.
    public var dialect: String
    /// Each Lambda and the layers that replaced it.
    public var replacements: [LambdaReplacement]
    public var rules: [String]
    /// Layers the written flavour loads but may not run everywhere: `layer 'x': why`.
    public var notes: [String] = []
    /// `--define` values no Lambda reads (the CLI prints them on stderr).
    public var warnings: [String] = []
}

extension Pipeline {
    /// The Keras flavour a model is written in (see ``KerasBackend/KerasDialect``): named here so
    /// that the CLI, which sees only this module, can take it as an option. (Nested, so that code
    /// that imports both modules still has one `KerasDialect`.)
    public typealias KerasDialect = KerasBackend.KerasDialect
}

extension KerasModel {
    /// The Keras class of the layer called `name`, nested models' layers included.
    func className(of name: String) -> String? {
        graph.allLayers.first { $0.name == name }?.className
    }
}

extension KerasDialect {
    /// How reports name the flavour.
    var title: String { self == .keras3 ? "Keras 3" : "Keras 2 (tf.keras)" }
}
