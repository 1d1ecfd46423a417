import CoreOps

/// A Lambda's core-op graph as ONNX nodes, node by node, through a table of lowerings keyed by
/// op name (``lowerings``) beside a table of the ops refused, each with its reason (``refusals``).
struct ONNXLowering {
    /// Emits the nodes of one core-op node (its operand tensors given, its name chosen) and returns
    /// the tensor holding its result.
    typealias Lowering =
        @Sendable (inout ONNXLowering, CoreOpGraph.Node, [String], _ name: String) throws(ONNXConversionError) -> String

    /// Every lowering, by op name, joined from the families in `ONNXLowering+<Family>.swift`.
    static let lowerings = OpTable(
        elementwiseLowerings + unaryLowerings + layoutLowerings + selectionLowerings + imageLowerings)

    /// The core ops the ONNX backend does not express, each with the reason users read.
    static let refusals = OpTable<String>([])

    let layerName: String
    let className: String
    var builder: ONNXGraphBuilder
    private var tensors: [String] = []

    init(layerName: String, className: String, builder: ONNXGraphBuilder) {
        self.layerName = layerName
        self.className = className
        self.builder = builder
    }

    func failure(_ message: String) -> ONNXConversionError {
        ONNXConversionError(layer: layerName, className: className, message: message)
    }

    /// Typed reads of `node`'s attributes; one it lacks is a conversion error naming the op and
    /// the attribute.
    func attributes(_ node: CoreOpGraph.Node) -> NodeAttributes<ONNXConversionError> {
        let (layer, className) = (layerName, self.className)
        return NodeAttributes(node) { ONNXConversionError(layer: layer, className: className, message: "\($0)") }
    }

    /// Lowers `graph` whose inputs are held by `inputs`; returns the output tensor, named after
    /// the layer.
    mutating func lower(_ graph: CoreOpGraph, inputs: [String]) throws(ONNXConversionError) -> String {
        for node in graph.nodes {
            var operands: [String] = []
            for value in node.operands { operands.append(try tensor(value, inputs: inputs)) }
            tensors.append(try lower(node, operands))
        }
        let output = try tensor(graph.output, inputs: inputs)
        return builder.node("Identity", [output], name: layerName, shape: builder.shapes[output])
    }

    private mutating func tensor(_ value: CoreOpGraph.Value, inputs: [String]) throws(ONNXConversionError) -> String {
        switch value {
        case .input(let index):
            guard inputs.indices.contains(index) else { throw failure("input \(index) is missing") }
            return inputs[index]
        case .node(let index):
            guard tensors.indices.contains(index) else { throw failure("node \(index) used before it is computed") }
            return tensors[index]
        case .scalar(let number):
            return builder.scalar(number)
        }
    }

    private mutating func lower(_ node: CoreOpGraph.Node, _ operands: [String]) throws(ONNXConversionError) -> String {
        guard let lowering = Self.lowerings[node.op] else {
            throw failure(Self.refusals[node.op] ?? "core op '\(node.op)' has no ONNX lowering yet")
        }
        let shape = try self.shape(of: node, operands)
        let output = try lowering(&self, node, operands, "\(layerName)/\(tensors.count)_\(node.op)")
        builder.shapes[output] = shape
        return output
    }

    /// The static output shape of a node (batch as 1), from the catalog's shape rule.
    func shape(of node: CoreOpGraph.Node, _ operands: [String]) throws(ONNXConversionError) -> [Int] {
        guard let op = CoreOpCatalog.op(named: node.op) else { throw failure("'\(node.op)' is not a core op") }
        let shapes = operands.map { (builder.shapes[$0] ?? []).map(Optional.some) }
        do {
            return try op.shape(shapes, node.attributes).map { $0 ?? 1 }
        } catch {
            throw failure("\(error)")
        }
    }

    /// The static shape of an operand (batch as 1).
    func shape(_ tensor: String) throws(ONNXConversionError) -> [Int] {
        guard let shape = builder.shapes[tensor] else { throw failure("the shape of \(tensor) is unknown") }
        return shape
    }
}
