import CoreOps
import KerasModel

/// Recovers, rewrites and lowers every Lambda-like layer of a model into core-op graphs,
/// recording each Lambda's outcome and the time of each stage.
struct LambdaConversion {
    let recoverer: LambdaRecoverer
    let rewriter: LambdaRewriter

    /// What the Lambdas became: the core-op graph of every Lambda that became core ops only, and
    /// the shapes of its inputs (batch first, nil where unknown), by layer name.
    struct Converted {
        var graphs: [String: CoreOpGraph] = [:]
        var inputShapes: [String: [[Int?]?]] = [:]
    }

    /// Every Lambda's graph; the others are in `record.lambdas` with a `message` naming the layer
    /// and why. A rewritten Lambda's output shape is known from its graph, so the layers after
    /// it get shapes too.
    func convert(_ model: KerasModel, record: inout ModelRecord) -> Converted {
        var converted = Converted()
        var shapesByGraph: [String: ShapeInference] = [:]
        var lambdaOutputs: [String: TensorShape] = [:]
        for (layer, graph) in model.graph.allLayersWithGraphs where layer.function != nil {
            guard let recovered = record.time("recover", { recoverer.recover(layer) }) else { continue }
            var lambda = ModelRecord.Lambda(
                layer: layer.name, className: layer.className, status: .unrecovered,
                source: recovered.function?.source.replacingOccurrences(of: "\n", with: "; "),
                pythonVersion: recovered.pythonVersion)
            defer { record.lambdas.append(lambda) }
            if let failure = recovered.failure {
                lambda.message = failure.message
                continue
            }
            let shapes = shapesByGraph[graph.name] ?? ShapeInference(graph: graph, knownOutputs: lambdaOutputs)
            shapesByGraph[graph.name] = shapes
            let inputShapes = shapes.inputShapes(of: layer).map { $0?.dimensions }
            let rewritten = record.time("rewrite") { () -> (RewriteSummary, CoreOpGraphBuilder)? in
                guard let (result, inputs) = rewriter.rewriteWithInputs(recovered, inputShapes: inputShapes) else {
                    return nil
                }
                return (RewriteSummary(result), CoreOpGraphBuilder(result: result, inputs: inputs))
            }
            guard let (summary, builder) = rewritten else {
                lambda.message = "layer '\(layer.name)': not bound to its inputs"
                continue
            }
            lambda.rules = summary.rules
            guard summary.status == .rewritable else {
                lambda.status = .unsupported
                lambda.residue = summary.residueText
                lambda.message = "layer '\(layer.name)': \(lambda.source ?? "?"): unsupported: \(summary.residueText)"
                continue
            }
            record.rules += summary.rules.filter { !record.rules.contains($0) }
            do {
                let built = try record.time("lower") { () throws(CoreOpGraphBuilder.Failure) in try builder.build() }
                converted.graphs[layer.name] = built
                converted.inputShapes[layer.name] = inputShapes
                lambda.status = .rewritable
                if let output = built.outputShape(inputShapes: inputShapes) {
                    lambdaOutputs[layer.name] = TensorShape(output)
                    // Its own graph reads it; a nested model's Lambda is read by the models
                    // around it too (whose inference runs the nested one), a top-level one by no other.
                    if graph.name == model.graph.name {
                        shapesByGraph[graph.name] = nil
                    } else {
                        shapesByGraph.removeAll()
                    }
                }
            } catch {
                lambda.status = .failed
                lambda.message = "layer '\(layer.name)': \(error.message)"
            }
        }
        return converted
    }
}
