import CoreOps
import KerasModel

/// Recovers, rewrites and lowers every Lambda-like layer of a model into core-op graphs,
/// recording each Lambda's outcome and the time of each stage.
struct LambdaConversion {
    let recoverer: LambdaRecoverer
    let rewriter: LambdaRewriter

    /// The core-op graph of every Lambda that became core ops only, by layer name; the others
    /// are in `record.lambdas` with a `message` naming the layer and why.
    func graphs(of model: KerasModel, record: inout ModelRecord) -> [String: CoreOpGraph] {
        var graphs: [String: CoreOpGraph] = [:]
        var shapesByGraph: [String: ShapeInference] = [:]
        for (layer, graph) in model.graph.allLayersWithGraphs where layer.function != nil {
            guard let recovered = record.time("recover", { recoverer.recover(layer) }) else { continue }
            var lambda = ModelRecord.Lambda(
                layer: layer.name, className: layer.className, status: "unrecovered",
                source: recovered.function?.source.replacingOccurrences(of: "\n", with: "; "),
                pythonVersion: recovered.pythonVersion)
            defer { record.lambdas.append(lambda) }
            if let failure = recovered.failure {
                lambda.message = failure
                continue
            }
            let rewritten = record.time("rewrite") { () -> (RewriteSummary, CoreOpGraphBuilder)? in
                let shapes = shapesByGraph[graph.name] ?? ShapeInference(graph: graph)
                shapesByGraph[graph.name] = shapes
                let inputShapes = layer.inboundLayerNames.map { shapes.outputShape(of: $0)?.dimensions }
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
            guard summary.status == "rewritable" else {
                lambda.status = "unsupported"
                lambda.residue = summary.residueText
                lambda.message = "layer '\(layer.name)': \(lambda.source ?? "?"): unsupported: \(summary.residueText)"
                continue
            }
            record.rules += summary.rules.filter { !record.rules.contains($0) }
            do {
                graphs[layer.name] = try record.time("lower") { () throws(CoreOpGraphBuilder.Failure) in
                    try builder.build()
                }
                lambda.status = "rewritable"
            } catch {
                lambda.status = "failed"
                lambda.message = "layer '\(layer.name)': \(error.message)"
            }
        }
        return graphs
    }
}
