import CoreOps

/// A Lambda's core-op graph as MIL operations, node by node, through a table of lowerings keyed
/// by op name (``lowerings``) beside a table of the ops refused, each with its reason
/// (``refusals``).
struct MILLowering {
    /// Emits the operations of one core-op node (its operand values given, its output shape
    /// from the catalog's shape rule, its name chosen) and returns the value holding its result.
    typealias Lowering =
        @Sendable (inout MILLowering, CoreOpGraph.Node, [String], _ shape: [Int], _ name: String)
        throws(MLProgramConversionError) -> String

    /// Every lowering, by op name, joined from the families in `MILLowering+<Family>.swift`.
    static let lowerings = OpTable(
        elementwiseLowerings + unaryLowerings + layoutLowerings + selectionLowerings + imageLowerings
            + accumulationLowerings)

    /// The core ops the ML Program backend does not express, each with the reason users read.
    static let refusals = OpTable<String>([
        ("round", "round: MIL's documentation does not say how round treats halves (TensorFlow rounds to even)"),
        ("random_normal", "random_normal: not lowered to MIL yet"),
    ])

    let layerName: String
    let className: String
    var builder: MILProgramBuilder
    private var values: [String] = []

    init(layerName: String, className: String, builder: MILProgramBuilder) {
        self.layerName = layerName
        self.className = className
        self.builder = builder
    }

    func failure(_ message: String) -> MLProgramConversionError {
        MLProgramConversionError(layer: layerName, className: className, message: message)
    }

    /// Typed reads of `node`'s attributes; one it lacks is a conversion error naming the op and
    /// the attribute.
    func attributes(_ node: CoreOpGraph.Node) -> NodeAttributes<MLProgramConversionError> {
        let (layer, className) = (layerName, self.className)
        return NodeAttributes(node) { MLProgramConversionError(layer: layer, className: className, message: "\($0)") }
    }

    /// Lowers `graph` whose inputs are held by `inputs`; returns the output value.
    mutating func lower(_ graph: CoreOpGraph, inputs: [String]) throws(MLProgramConversionError) -> String {
        for node in graph.nodes {
            var operands: [String] = []
            for operand in node.operands { operands.append(try value(operand, inputs: inputs)) }
            values.append(try lower(node, operands))
        }
        return try value(graph.output, inputs: inputs)
    }

    private mutating func value(_ value: CoreOpGraph.Value, inputs: [String]) throws(MLProgramConversionError)
        -> String
    {
        switch value {
        case .input(let index):
            guard inputs.indices.contains(index) else { throw failure("input \(index) is missing") }
            return inputs[index]
        case .node(let index):
            guard values.indices.contains(index) else { throw failure("node \(index) used before it is computed") }
            return values[index]
        case .scalar(let number):
            return builder.scalar(number)
        }
    }

    private mutating func lower(_ node: CoreOpGraph.Node, _ operands: [String]) throws(MLProgramConversionError)
        -> String
    {
        guard let lowering = Self.lowerings[node.op] else {
            throw failure(Self.refusals[node.op] ?? "core op '\(node.op)' has no ML Program lowering yet")
        }
        guard let op = CoreOpCatalog.op(named: node.op) else { throw failure("'\(node.op)' is not a core op") }
        let shape: [Int]
        do {
            shape = try op.shape(operands.map { (builder.shapes[$0] ?? []).map(Optional.some) }, node.attributes)
                .map { $0 ?? 1 }
        } catch {
            throw failure("\(error)")
        }
        let output = try lowering(&self, node, operands, shape, "\(layerName)_\(values.count)_\(node.op)")
        builder.shapes[output] = shape
        return output
    }

    /// The static shape of an operand (batch as 1).
    func shape(_ value: String) throws(MLProgramConversionError) -> [Int] {
        guard let shape = builder.shapes[value] else { throw failure("the shape of \(value) is unknown") }
        return shape
    }
}
