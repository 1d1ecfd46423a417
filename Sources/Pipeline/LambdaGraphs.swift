import CoreOps
import KerasModel

/// Every Lambda of a model recovered, rewritten to core ops and built into a ``CoreOpGraph``:
/// what `convert` and `rewrite` hand their backends.
struct LambdaGraphs {
    /// The graphs by layer name.
    var graphs: [String: CoreOpGraph] = [:]
    /// The shapes of each Lambda's inputs (batch first), nil where unknown.
    var inputShapes: [String: [[Int?]?]] = [:]
    /// The recovered source of each Lambda, for reports.
    var sources: [String: String] = [:]
    /// One line per Lambda that did not become core ops: layer, source, residue.
    var problems: [String] = []
    /// Rules that fired, in order of first use.
    var rulesUsed: [String] = []

    init(model: KerasModel, options: FunctionOptions, rules: RuleOptions) throws(PipelineError) {
        let lambdaLayers = model.graph.allLayersWithGraphs.filter { $0.0.function != nil }
        // No Lambda, no rules to load (user rule files are still read, so their errors show).
        guard !lambdaLayers.isEmpty || !rules.paths.isEmpty else { return }
        let library = try rules.library()
        let rewriter = LambdaRewriter(library: library, options: rules.engineOptions)
        let recoverer = LambdaRecoverer(options: options, kerasVersion: model.kerasVersion)
        var shapesByGraph: [String: ShapeInference] = [:]
        // Shapes after each rewritten Lambda are known from its graph: later layers see them.
        var lambdaOutputs: [String: TensorShape] = [:]
        for (layer, graph) in lambdaLayers {
            guard let recovered = recoverer.recover(layer) else { continue }
            if let failure = recovered.failure {
                problems.append(failure)
                continue
            }
            let shapes = shapesByGraph[graph.name] ?? ShapeInference(graph: graph, knownOutputs: lambdaOutputs)
            shapesByGraph[graph.name] = shapes
            let layerInputShapes = layer.inboundLayerNames.map { shapes.outputShape(of: $0)?.dimensions }
            guard let (result, inputs) = rewriter.rewriteWithInputs(recovered, inputShapes: layerInputShapes) else {
                problems.append("layer '\(layer.name)': not bound to its inputs")
                continue
            }
            let summary = RewriteSummary(result)
            let source = recovered.function?.source.replacingOccurrences(of: "\n", with: "; ") ?? "?"
            sources[layer.name] = source
            guard result.isNormalForm else {
                problems.append("layer '\(layer.name)': \(source): unsupported: \(summary.residueText)")
                continue
            }
            rulesUsed += summary.rules.filter { !rulesUsed.contains($0) }
            do {
                let built = try CoreOpGraphBuilder(result: result, inputs: inputs).build()
                graphs[layer.name] = built
                inputShapes[layer.name] = layerInputShapes
                if let output = built.outputShape(inputShapes: layerInputShapes) {
                    lambdaOutputs[layer.name] = TensorShape(output)
                    shapesByGraph[graph.name] = nil
                }
            } catch {
                problems.append("layer '\(layer.name)': \(error.message)")
            }
        }
    }
}

extension CoreOpGraph {
    /// The output shape by the catalog's shape rules, or nil when an input's shape is unknown or a
    /// rule fails.
    func outputShape(inputShapes: [[Int?]?]) -> [Int?]? {
        var shapes: [[Int?]] = []
        func shape(_ value: Value) -> [Int?]? {
            switch value {
            case .input(let index): return inputShapes.indices.contains(index) ? inputShapes[index] : nil
            case .node(let index): return shapes.indices.contains(index) ? shapes[index] : nil
            case .scalar: return []
            }
        }
        for node in nodes {
            guard let op = CoreOpCatalog.op(named: node.op) else { return nil }
            var operands: [[Int?]] = []
            for operand in node.operands {
                guard let known = shape(operand) else { return nil }
                operands.append(known)
            }
            guard let result = try? op.shape(operands, node.attributes) else { return nil }
            shapes.append(result)
        }
        return shape(output)
    }
}
