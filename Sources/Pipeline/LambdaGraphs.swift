import CoreOps
import KerasModel

/// Every Lambda of a model recovered, rewritten to core ops and built into a ``CoreOpGraph``
/// (by ``LambdaConversion``, as `convert` does): what `rewrite` hands its backend.
struct LambdaGraphs {
    /// The graphs by layer name.
    var graphs: [String: CoreOpGraph] = [:]
    /// The shapes of each Lambda's inputs (batch first), nil where unknown.
    var inputShapes: [String: [[Int?]?]] = [:]
    /// The recovered source of each Lambda, for reports.
    var sources: [String: String] = [:]
    /// Every Lambda that did not become core ops, with its source and residue.
    var failures: [LayerFailure] = []
    /// Rules that fired, in order of first use.
    var rulesUsed: [String] = []
    /// `--define` values no Lambda reads.
    var warnings: [String] = []
    /// What blocks the Lambdas that failed (see ``ModelRecord/blockers``).
    var blockers: [String] = []

    init(model: KerasModel, options: FunctionOptions, rules loader: RuleLibraryLoader) throws(PipelineError) {
        guard loader.rules.needed(for: model) else {
            warnings = UnusedDefines.warnings(options, recovered: [], file: model.file)
            return
        }
        let conversion = LambdaConversion(
            recoverer: LambdaRecoverer(options: options, kerasVersion: model.kerasVersion),
            rewriter: LambdaRewriter(library: try loader.library(), options: loader.rules.engineOptions))
        var record = ModelRecord(input: model.file, output: "", target: "h5", status: .converted)
        let converted = conversion.convert(model, record: &record)
        graphs = converted.graphs
        inputShapes = converted.inputShapes
        for lambda in record.lambdas { sources[lambda.layer] = lambda.source }
        failures = record.layerFailures
        rulesUsed = record.rules
        for lambda in record.problemLambdas {
            for blocker in converted.outcomes[lambda.layer]?.blockers ?? [] where !blockers.contains(blocker) {
                blockers.append(blocker)
            }
        }
        warnings = UnusedDefines.warnings(
            options, recovered: record.lambdas.compactMap { converted.outcomes[$0.layer]?.recovered }, file: model.file)
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
