import CoreMLSpec
import CoreOps

/// A Lambda's core-op graph as Core ML layers, node by node, through a table of lowerings keyed
/// by op name (``lowerings``) beside a table of the ops refused, each with its reason
/// (``refusals``).
struct LambdaLowering {
    /// Emits the layers of one node (its operand blobs given, its layer name chosen) and returns
    /// the blob holding its result.
    typealias Lowering =
        @Sendable (inout LambdaLowering, CoreOpGraph.Node, [String], _ name: String) throws(CoreMLConversionError) ->
        String
    /// A lowering that reads its input's static shape and its output's, from the catalog's shape
    /// rule, checked before any layer is emitted.
    typealias ShapedLowering =
        @Sendable (inout LambdaLowering, CoreOpGraph.Node, [String], _ name: String, Shapes)
        throws(CoreMLConversionError) -> String

    /// The static shapes of a node's first operand and of its result.
    struct Shapes {
        var input: [Int]
        var output: [Int]
    }

    /// Every lowering, by op name, joined from the families in `LambdaLowering+<Family>.swift`.
    static let lowerings = OpTable(
        arithmeticLowerings + activationLowerings + elementwiseLowerings + layoutLowerings + imageLowerings
            + selectionLowerings)

    /// The core ops Core ML's NeuralNetwork is not given, each with the reason users read.
    static let refusals = OpTable<String>([
        (
            "round",
            "round: Core ML does not specify how its round layer rounds halves (TensorFlow rounds to even)"
        ),
        ("gelu", "core op 'gelu' has no Core ML lowering yet"),
    ])

    let layerName: String
    let className: String
    var builder: NetworkBuilder
    private var blobs: [String] = []
    private var constants = 0

    init(layerName: String, className: String, builder: NetworkBuilder) {
        self.layerName = layerName
        self.className = className
        self.builder = builder
    }

    func failure(_ message: String) -> CoreMLConversionError {
        CoreMLConversionError(layer: layerName, className: className, message: message)
    }

    /// Typed reads of `node`'s attributes; one it lacks is a conversion error naming the op and
    /// the attribute.
    func attributes(_ node: CoreOpGraph.Node) -> NodeAttributes<CoreMLConversionError> {
        let (layer, className) = (layerName, self.className)
        return NodeAttributes(node) { CoreMLConversionError(layer: layer, className: className, message: "\($0)") }
    }

    /// Lowers `graph` whose inputs are held by `inputs`; returns the output blob.
    mutating func lower(_ graph: CoreOpGraph, inputs: [String]) throws(CoreMLConversionError) -> String {
        for node in graph.nodes {
            var operands: [String] = []
            for value in node.operands { operands.append(try blob(value, inputs: inputs)) }
            blobs.append(try lower(node, operands))
        }
        return try blob(graph.output, inputs: inputs)
    }

    private mutating func blob(_ value: CoreOpGraph.Value, inputs: [String]) throws(CoreMLConversionError) -> String {
        switch value {
        case .input(let index):
            guard inputs.indices.contains(index) else { throw failure("input \(index) is missing") }
            return inputs[index]
        case .node(let index):
            guard blobs.indices.contains(index) else { throw failure("node \(index) used before it is computed") }
            return blobs[index]
        case .scalar(let number):
            constants += 1
            return builder.constant([number], shape: [1], name: "\(layerName)_c\(constants)")
        }
    }

    private mutating func lower(_ node: CoreOpGraph.Node, _ operands: [String]) throws(CoreMLConversionError) -> String
    {
        guard let lowering = Self.lowerings[node.op] else {
            throw failure(Self.refusals[node.op] ?? "core op '\(node.op)' has no Core ML lowering yet")
        }
        return try lowering(&self, node, operands, "\(layerName)_\(blobs.count)")
    }

    /// What a node whose operands its lowering cannot take gets: the catalog's complaint about
    /// them (the operand count), as for any op.
    mutating func unlowered(_ node: CoreOpGraph.Node, _ operands: [String]) throws(CoreMLConversionError) -> String {
        guard !operands.isEmpty else { throw failure("\(node.op) without operands") }
        _ = try shape(of: node, operands)
        throw failure("core op '\(node.op)' has no Core ML lowering yet")
    }

    /// A lowering given the static shapes of the node's first operand and of its result.
    static func shaped(_ body: @escaping ShapedLowering) -> Lowering {
        { lowering, node, operands, name throws(CoreMLConversionError) in
            guard let input = operands.first else { throw lowering.failure("\(node.op) without operands") }
            let shapes = Shapes(
                input: lowering.builder.shapes[input] ?? [], output: try lowering.shape(of: node, operands))
            return try body(&lowering, node, operands, name, shapes)
        }
    }

    /// The static output shape of a node, from the catalog's shape rule.
    func shape(of node: CoreOpGraph.Node, _ operands: [String]) throws(CoreMLConversionError) -> [Int] {
        guard let op = CoreOpCatalog.op(named: node.op) else { throw failure("'\(node.op)' is not a core op") }
        let shapes = operands.map { (builder.shapes[$0] ?? []).map(Optional.some) }
        do {
            return try op.shape(shapes, node.attributes).map { $0 ?? 1 }
        } catch {
            throw failure("\(error)")
        }
    }
}
