import CoreMLSpec
import CoreOps

/// A Lambda's core-op graph as Core ML layers, node by node, through a table of lowerings.
struct LambdaLowering {
    typealias Lowering = (inout LambdaLowering, CoreOpGraph.Node, [String]) throws(CoreMLConversionError) -> String

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

    static let unary: [String: CoreML_Specification_UnaryFunctionLayerParams.Operation] = [
        "sqrt": .sqrt, "rsqrt": .rsqrt, "reciprocal": .inverse, "exp": .exp, "log": .log, "abs": .abs,
    ]
    static let activations: [String: String] = [
        "tanh": "tanh", "sigmoid": "sigmoid", "relu": "relu", "softplus": "softplus", "softsign": "softsign",
        "elu": "elu", "hard_sigmoid": "hard_sigmoid",
    ]
    static let binary: [String: Elementwise.Operation] = [
        "add": .add, "sub": .subtract, "mul": .multiply, "div": .divide, "maximum": .maximum, "minimum": .minimum,
        "pow": .power,
    ]

    func failure(_ message: String) -> CoreMLConversionError {
        CoreMLConversionError(layer: layerName, className: className, message: message)
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

    private var nodeName: String { "\(layerName)_\(blobs.count)" }

    private mutating func lower(_ node: CoreOpGraph.Node, _ operands: [String]) throws(CoreMLConversionError) -> String
    {
        let name = nodeName
        if let operation = Self.binary[node.op], operands.count == 2 {
            return Elementwise.binary(operation, operands[0], operands[1], name: name, &builder)
        }
        if let function = Self.unary[node.op], let input = operands.first {
            return builder.add(name, inputs: [input], shape: builder.shapes[input] ?? []) { layer in
                var params = CoreML_Specification_UnaryFunctionLayerParams()
                params.type = function
                params.alpha = 1
                params.scale = 1
                layer.unary = params
            }
        }
        if let activation = Self.activations[node.op], let input = operands.first,
            let configure = Activations.simple[activation]
        {
            return Activations.activation(input, name: name, &builder) { params in
                configure(&params)
                if node.op == "elu", case .float(let alpha)? = node.attributes["alpha"] {
                    params.elu.alpha = Float(alpha)
                }
                if node.op == "hard_sigmoid" {
                    // Keras 2 and Keras 3 differ in slope (0.2, 1/6) and offset: the op says which.
                    params.sigmoidHard.alpha = Float(node.attributes["slope"]?.floatValue ?? 0.2)
                    params.sigmoidHard.beta = Float(node.attributes["offset"]?.floatValue ?? 0.5)
                }
            }
        }
        if let output = try lowerElementwise(node, operands, name: name) { return output }
        return try lowerStructural(node, operands, name: name)
    }

    private mutating func lowerStructural(
        _ node: CoreOpGraph.Node, _ operands: [String], name: String
    ) throws(CoreMLConversionError) -> String {
        guard let input = operands.first else { throw failure("\(node.op) without operands") }
        let inputShape = builder.shapes[input] ?? []
        let outputShape = try shape(of: node, operands)
        switch node.op {
        case "neg":
            let minusOne = builder.constant([-1], shape: [1], name: name + "_m1")
            return Elementwise.binary(.multiply, input, minusOne, name: name, &builder)
        case "square":
            return Elementwise.binary(.multiply, input, input, name: name, &builder)
        case "relu6":
            return Activations.clip(input, min: 0, max: 6, name: name, &builder)
        case "clip":
            return Activations.clip(
                input, min: node.attributes["min"]?.floatValue ?? 0, max: node.attributes["max"]?.floatValue ?? 0,
                name: name, &builder)
        case "swish":
            let gate = Activations.activation(input, name: name + "_sigmoid", &builder) {
                Activations.simple["sigmoid"]?(&$0)
            }
            return Elementwise.binary(.multiply, input, gate, name: name, &builder)
        case "softmax":
            return Activations.softmax(input, axis: node.attributes["axis"]?.intValue ?? -1, name: name, &builder)
        case "sin":
            return builder.add(name, inputs: [input], shape: inputShape) {
                $0.sin = CoreML_Specification_SinLayerParams()
            }
        case "cos":
            return builder.add(name, inputs: [input], shape: inputShape) {
                $0.cos = CoreML_Specification_CosLayerParams()
            }
        case "cast" where ["float32", "float16", "float64"].contains(node.attributes["dtype"]?.stringValue ?? ""):
            return input
        default:
            return try lowerLayout(node, operands, name: name, inputShape: inputShape, outputShape: outputShape)
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
