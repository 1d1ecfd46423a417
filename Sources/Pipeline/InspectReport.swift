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
    /// `--define` values no Lambda reads (the CLI prints them on stderr).
    public var unusedDefines: [String]

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
        /// What `convert` makes of the Lambda: `rewritable` only when Core ML can also lower
        /// every op of its graph.
        public var status: LambdaStatus?
        /// The shapes of the Lambda's inputs and output as `convert` infers them.
        public var inputShapes: [TensorShape?] = []
        /// The ops of its graph the Core ML backend refuses, each with the reason.
        public var refusals: [(op: String, reason: String)] = []
        /// Why `convert` refuses this layer (a Lambda or a layer class), with the next step.
        public var refusal: String?
        /// Set when the Lambda is rewritten only at the default sizes of unknown dimensions.
        public var sizeNote: String?
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
    /// Builds the report of `model`: each Lambda recovered, rewritten and checked against the
    /// Core ML backend by `conversion`, as `convert` does, so that both say the same.
    init(model: KerasModel, options: FunctionOptions, conversion: LambdaConversion) {
        file = model.file
        kerasVersion = model.kerasVersion
        backend = model.backend
        modelClass = model.graph.className
        modelName = model.graph.name
        warnings = model.warnings
        var record = ModelRecord(input: model.file, output: "", target: "mlmodel", status: .converted)
        let (converted, notes) = Self.atDefaultSizes(
            model, conversion.convert(model, record: &record), conversion: conversion)
        unusedDefines = UnusedDefines.warnings(
            options, recovered: record.lambdas.compactMap { converted.outcomes[$0.layer]?.recovered }, file: model.file)
        layers = Self.rows(of: model.graph, path: [], weights: model.weights, converted: converted)
        for index in layers.indices { layers[index].sizeNote = notes[layers[index].name] }
    }

    private static func rows(
        of graph: ModelGraph, path: [String], weights: WeightIndex, converted: LambdaConversion.Converted
    ) -> [Row] {
        let shapes = ShapeInference(graph: graph, knownOutputs: converted.outputShapes)
        return graph.layers.flatMap { layer -> [Row] in
            let parameters = parameterCount(of: layer, path: path, weights: weights)
            var row = Row(
                name: layer.name, className: layer.className, inbound: layer.inboundLayerNames,
                outputShape: shapes.outputShape(of: layer.name), parameters: parameters, path: path,
                function: layer.function.map { summary($0, node: layer.inboundNodes.first) })
            if layer.function != nil, let outcome = converted.outcomes[layer.name] {
                row.recovered = outcome.recovered
                row.rewrite = outcome.rewrite
                row.status = outcome.status
                row.inputShapes = outcome.inputShapes.map { $0.map(TensorShape.init) }
                row.refusals = outcome.refusals
                row.refusal = outcome.message
            } else {
                row.refusal = LayerClassSupport.refusal(of: layer, owner: path.first, weights: weights)
            }
            let nested =
                layer.model.map {
                    rows(of: $0, path: path + [layer.name], weights: weights, converted: converted)
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
