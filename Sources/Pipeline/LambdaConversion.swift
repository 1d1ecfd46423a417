import CoreOps
import KerasModel

/// Recovers, rewrites and lowers every Lambda-like layer of a model into core-op graphs,
/// recording each Lambda's outcome and the time of each stage. `inspect`, `explain`, `convert`
/// and `rewrite` all go through it, so that they agree on every Lambda and every shape.
struct LambdaConversion {
    let recoverer: LambdaRecoverer
    let rewriter: LambdaRewriter
    /// The backend whose refusals make a rewritten Lambda unsupported (Core ML for `inspect`,
    /// `explain` and `convert`; nil for `rewrite`, whose backend reports its own).
    var backend: BackendCheck?

    /// What the Lambdas became: the core-op graph of every Lambda that became core ops only, and
    /// the shapes of its inputs (batch first, nil where unknown), by layer name.
    struct Converted {
        var graphs: [String: CoreOpGraph] = [:]
        var inputShapes: [String: [[Int?]?]] = [:]
        /// Every Lambda-like layer's outcome in full, by layer name.
        var outcomes: [String: LambdaOutcome] = [:]
        /// The output shape of every Lambda whose graph gives one: the shapes the layers after it see.
        var outputShapes: [String: TensorShape] = [:]
    }

    /// Every Lambda's graph; the others are in `record.lambdas` with a `message` naming the layer,
    /// why, and what to do about it. A rewritten Lambda's output shape is known from its graph, so
    /// the layers after it get shapes too.
    func convert(_ model: KerasModel, record: inout ModelRecord) -> Converted {
        var converted = Converted()
        var shapesByGraph: [String: ShapeInference] = [:]
        for (layer, graph) in model.graph.allLayersWithGraphs where layer.function != nil {
            guard let recovered = record.time("recover", { recoverer.recover(layer) }) else { continue }
            let shapes =
                shapesByGraph[graph.name] ?? ShapeInference(graph: graph, knownOutputs: converted.outputShapes)
            shapesByGraph[graph.name] = shapes
            var outcome = LambdaOutcome(
                recovered: recovered, inputShapes: shapes.inputShapes(of: layer).map { $0?.dimensions })
            var lambda = ModelRecord.Lambda(
                layer: layer.name, className: layer.className, status: .unrecovered,
                source: recovered.function?.source.replacingOccurrences(of: "\n", with: "; "),
                pythonVersion: recovered.pythonVersion)
            if let graphBuilt = convert(layer, model: model, &outcome, &lambda, record: &record) {
                converted.graphs[layer.name] = graphBuilt
                converted.inputShapes[layer.name] = outcome.inputShapes
            }
            // A graph the backend refuses still gives the shapes after it, for inspect and explain.
            if outcome.graph != nil {
                if let output = outcome.outputShape {
                    converted.outputShapes[layer.name] = TensorShape(output)
                    // Its own graph reads it; a nested model's Lambda is read by the models
                    // around it too (whose inference runs the nested one), a top-level one by no other.
                    if graph.name == model.graph.name {
                        shapesByGraph[graph.name] = nil
                    } else {
                        shapesByGraph.removeAll()
                    }
                }
            }
            outcome.status = lambda.status
            outcome.message = lambda.message
            converted.outcomes[layer.name] = outcome
            record.lambdas.append(lambda)
        }
        return converted
    }

    /// One Lambda from its recovered function to its graph (nil when it does not get one, with
    /// `lambda` saying why).
    private func convert(
        _ layer: Layer, model: KerasModel, _ outcome: inout LambdaOutcome, _ lambda: inout ModelRecord.Lambda,
        record: inout ModelRecord
    ) -> CoreOpGraph? {
        let recovered = outcome.recovered
        if let failure = recovered.failure {
            lambda.message = failure.message + RefusalAdvice.unrecovered(recovered, file: model.file)
            outcome.blockers = [RefusalAdvice.blocker(unrecovered: recovered)]
            return nil
        }
        let inputShapes = outcome.inputShapes
        let rewritten = record.time("rewrite") { () -> (RewriteSummary, CoreOpGraphBuilder)? in
            guard let (result, inputs) = rewriter.rewriteWithInputs(recovered, inputShapes: inputShapes) else {
                return nil
            }
            return (RewriteSummary(result), CoreOpGraphBuilder(result: result, inputs: inputs))
        }
        guard let (summary, builder) = rewritten else {
            lambda.message = "layer '\(layer.name)': not bound to its inputs"
            outcome.blockers = ["function not bound to its inputs"]
            return nil
        }
        outcome.rewrite = summary
        lambda.rules = summary.rules
        let source = MessageCap.quoted(lambda.source ?? "?")
        guard summary.status == .rewritable else {
            lambda.status = .unsupported
            lambda.residue = summary.residueText
            let missing = recovered.binding?.missingGlobals ?? []
            lambda.message =
                "layer '\(layer.name)': \(source): unsupported: \(summary.residueText)"
                + RefusalAdvice.residue(summary, missingGlobals: missing, file: model.file, layer: layer.name)
            outcome.blockers = RefusalAdvice.blockers(summary, missingGlobals: missing)
            return nil
        }
        record.rules += summary.rules.filter { !record.rules.contains($0) }
        let built: CoreOpGraph
        do {
            built = try record.time("lower") { () throws(CoreOpGraphBuilder.Failure) in try builder.build() }
        } catch {
            lambda.status = .failed
            lambda.message = "layer '\(layer.name)': \(error.message)"
            outcome.blockers = ["core-op graph not built"]
            return nil
        }
        outcome.graph = built
        outcome.outputShape = built.outputShape(inputShapes: inputShapes)
        if let backend, case let refusals = backend.refusals(built), !refusals.isEmpty {
            lambda.status = .unsupported
            outcome.refusals = refusals
            lambda.message =
                "layer '\(layer.name)': \(source): rewritten to \(summary.result), but "
                + RefusalAdvice.refusals(refusals, backend: backend.name)
            outcome.blockers = refusals.map { "op \($0.op) (\(backend.name))" }
            return nil
        }
        lambda.status = .rewritable
        return built
    }
}

/// One Lambda-like layer as the conversion left it: what `inspect` and `explain` show.
struct LambdaOutcome {
    var recovered: RecoveredLambda
    /// The shapes of its inputs as `convert` infers them (batch first, nil where unknown).
    var inputShapes: [[Int?]?]
    var rewrite: RewriteSummary?
    var graph: CoreOpGraph?
    var outputShape: [Int?]?
    /// The ops of its graph the backend refuses, each with the reason.
    var refusals: [(op: String, reason: String)] = []
    var status: LambdaStatus = .unrecovered
    /// Why it is not convertible, with the next step.
    var message: String?
    /// What blocks it, as `bulk` counts: `op NAME`, `global NAME`, ...
    var blockers: [String] = []

    init(recovered: RecoveredLambda, inputShapes: [[Int?]?]) {
        self.recovered = recovered
        self.inputShapes = inputShapes
    }
}
