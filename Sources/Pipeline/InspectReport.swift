import JSON
import KerasModel

/// What `delambda inspect` shows about a model: its layers and each Lambda's stored function.
public struct InspectReport: Sendable {
    public var file: String
    public var kerasVersion: String?
    public var backend: String?
    /// `Sequential`, `Functional` or `Model`.
    public var modelClass: String
    public var modelName: String
    /// Every layer, nested models' layers right after the model layer that holds them.
    public var layers: [Row]
    public var warnings: [String]

    /// One layer of the report.
    public struct Row: Sendable {
        public var name: String
        public var className: String
        /// Names of the layers feeding it (first call).
        public var inbound: [String]
        public var outputShape: TensorShape?
        public var parameters: Int
        /// The enclosing model layers, outermost first; empty at top level.
        public var path: [String]
        public var function: FunctionSummary?
        /// The recovered function (Lambda-like layers only).
        public var recovered: RecoveredLambda?
        /// Its rewrite into core ops.
        public var rewrite: RewriteSummary?
    }

    /// A Lambda-like layer's stored function, before any decoding.
    public struct FunctionSummary: Sendable {
        public var payload: String
        public var encoding: String?
        public var codeSize: Int?
        /// The function name for named payloads, the op name for TFOpLambda.
        public var name: String?
        public var module: String?
        public var arguments: JSONObject
        public var defaults: JSONValue?
        public var closure: JSONValue?
        public var outputShape: String?
        /// Constant keyword arguments of the call (TFOpLambda keeps its operands there).
        public var callArguments: JSONObject
    }

    public var totalParameters: Int { layers.filter { $0.path.isEmpty }.reduce(0) { $0 + $1.parameters } }
    public var lambdaRows: [Row] { layers.filter { $0.function != nil } }
}

extension InspectReport {
    /// Builds the report of `model`, recovering each Lambda's function with `options` and
    /// rewriting it with `rewriter`.
    init(model: KerasModel, options: FunctionOptions, rewriter: LambdaRewriter?) {
        file = model.file
        kerasVersion = model.kerasVersion
        backend = model.backend
        modelClass = model.graph.className
        modelName = model.graph.name
        warnings = model.warnings
        let recoverer = LambdaRecoverer(options: options, kerasVersion: model.kerasVersion)
        layers = Self.rows(of: model.graph, path: [], weights: model.weights, recoverer: recoverer, rewriter: rewriter)
    }

    private static func rows(
        of graph: ModelGraph, path: [String], weights: WeightIndex, recoverer: LambdaRecoverer,
        rewriter: LambdaRewriter?
    ) -> [Row] {
        let shapes = ShapeInference(graph: graph)
        return graph.layers.flatMap { layer -> [Row] in
            let parameters = parameterCount(of: layer, path: path, weights: weights)
            var row = Row(
                name: layer.name, className: layer.className, inbound: layer.inboundLayerNames,
                outputShape: shapes.outputShape(of: layer.name), parameters: parameters, path: path,
                function: layer.function.map { summary($0, node: layer.inboundNodes.first) },
                recovered: recoverer.recover(layer))
            if let recovered = row.recovered, let rewriter {
                let inputShapes = shapes.inputShapes(of: layer).map { $0?.dimensions }
                row.rewrite = rewriter.rewrite(recovered, inputShapes: inputShapes).map(RewriteSummary.init)
            }
            let nested =
                layer.model.map {
                    rows(of: $0, path: path + [layer.name], weights: weights, recoverer: recoverer, rewriter: rewriter)
                } ?? []
            return [row] + nested
        }
    }

    /// Top-level layers own their weight group; a nested model's layers are found by the
    /// `weight_names` prefix inside the enclosing model's group.
    private static func parameterCount(of layer: Layer, path: [String], weights: WeightIndex) -> Int {
        weights.weights(of: layer.name, owner: path.first).reduce(0) { $0 + $1.count }
    }

    private static func summary(_ function: LambdaFunction, node: InboundNode?) -> FunctionSummary {
        var result = FunctionSummary(
            payload: function.payloadKind, module: function.module, arguments: function.arguments,
            defaults: function.defaults, closure: function.closure, callArguments: JSONObject())
        switch function.payload {
        case .marshal(let marshal):
            result.encoding = marshal.encoding.rawValue
            result.codeSize = marshal.bytes.count
        case .named(let module, let name):
            result.name = name
            result.module = module ?? function.module
        case .tfOp(let name):
            result.name = name
        }
        switch function.outputShape {
        case .shape(let dims): result.outputShape = TensorShape(dims).description
        case .function(let payload): result.outputShape = payload.isMarshal ? "function (marshaled)" : "function"
        case nil: break
        }
        for keyword in node?.keywordArguments ?? [] {
            if case .constant(let value) = keyword.value { result.callArguments[keyword.name] = value }
        }
        return result
    }
}

extension LambdaFunction.Payload {
    var isMarshal: Bool {
        if case .marshal = self { return true }
        return false
    }
}
