import CoreOps
import JSON

/// The one table from core ops to built-in Keras layers: each entry plans the layers for one
/// node. Built-in layers come first (merges, `Rescaling`, `Activation`, `ReLU`, `Softmax`,
/// `UnitNormalization`, `Concatenate`, `Reshape`, `Permute`, `ZeroPadding1D/2D`...); where none
/// fits, a layer naming a public module function (``LayerPlanner/function``).
enum KerasOpTable {
    typealias Lowering = @Sendable (inout LayerPlanner, CoreOpGraph.Node, [PlanValue]) throws -> PlanValue

    /// Every lowering, by op name; its `duplicates` lists an op two families lower (tests
    /// require none).
    static let lowerings = OpTable(
        elementwise + activations + mathFunctions + reductions + layout + selection + contractions)

    /// The core ops no built-in Keras layer or public module function computes in either flavour,
    /// each with the reason users read.
    static let refusals = OpTable<String>(
        ["select", "shape", "random_normal"].map {
            (key: $0, value: "no built-in Keras layer or module function computes it")
        } + selectionRefusals)

    /// `top_k`: tf.math.top_k and keras.ops.top_k give a (values, indices) pair, and no built-in
    /// layer takes one of them apart.
    static let selectionRefusals: [(key: String, value: String)] = [
        (
            "top_k",
            "tf.math.top_k and keras.ops.top_k return a (values, indices) pair, which no built-in layer takes apart"
        )
    ]

    /// Typed reads of `node`'s attributes; one it lacks is a failure naming the op and the
    /// attribute, never a default restated here.
    static func attributes(_ node: CoreOpGraph.Node) -> NodeAttributes<KerasRewriteFailure> {
        NodeAttributes(node) { KerasRewriteFailure(op: $0.op, $0.message) }
    }

    /// The epsilon `UnitNormalization` adds under its square root (fixed by Keras, not a choice).
    static let unitNormalizationEpsilon = 1e-12

    /// Unary functions with no built-in layer: (TensorFlow name for TFOpLambda, keras.ops name).
    static let unaryFunctions: [String: (tf: String?, keras: String?)] = [
        "sin": ("math.sin", "sin"), "cos": ("math.cos", "cos"), "sqrt": ("math.sqrt", "sqrt"),
        "rsqrt": ("math.rsqrt", "rsqrt"), "reciprocal": ("math.reciprocal", "reciprocal"), "log": ("math.log", "log"),
        "abs": ("math.abs", "absolute"), "floor": ("math.floor", "floor"), "ceil": ("math.ceil", "ceil"),
        "round": ("math.round", "round"), "sign": ("math.sign", "sign"), "erf": ("math.erf", "erf"),
    ]

    /// Activations `Activation(name)` computes exactly in both flavours.
    static let simpleActivations: [String: String] = [
        "relu": "relu", "sigmoid": "sigmoid", "tanh": "tanh", "exp": "exponential", "softplus": "softplus",
        "softsign": "softsign", "swish": "swish",
    ]

    /// Tensor-tensor elementwise ops and their merge layers.
    static let merges: [String: String] = [
        "add": "Add", "sub": "Subtract", "mul": "Multiply", "maximum": "Maximum", "minimum": "Minimum",
    ]

    /// Binary ops with a tensor and a scalar, as module functions: (TensorFlow name, keras.ops name).
    static let scalarFunctions: [String: (tf: String, keras: String)] = [
        "maximum": ("math.maximum", "maximum"), "minimum": ("math.minimum", "minimum"), "pow": ("math.pow", "power"),
        "equal": ("math.equal", "equal"), "not_equal": ("math.not_equal", "not_equal"),
        "less": ("math.less", "less"), "less_equal": ("math.less_equal", "less_equal"),
        "greater": ("math.greater", "greater"), "greater_equal": ("math.greater_equal", "greater_equal"),
        "div": ("math.truediv", "divide"), "sub": ("math.subtract", "subtract"),
    ]

    // MARK: - Elementwise

    static let elementwise: [(key: String, value: Lowering)] = {
        var table: [(key: String, value: Lowering)] = []
        for op in ["add", "sub", "mul", "div", "maximum", "minimum", "pow"] + ["equal", "not_equal", "less"]
            + ["less_equal", "greater", "greater_equal"]
        {
            table.append(
                (
                    op,
                    { planner, node, operands in
                        try binary(&planner, node, operands)
                    }
                ))
        }
        table.append(
            ("neg", { planner, node, operands in planner.affine(operands[0], scale: -1, offset: 0, node: node) }))
        // A constant is no layer: a scalar or per-channel vector for the arithmetic that reads it.
        table.append(("const", { _, node, _ in try LayerPlanner.constant(node) }))
        table.append(
            (
                "square",
                { planner, node, operands in
                    planner.layer(
                        "Multiply", on: [operands[0], operands[0]], node: node, operands: operands, asList: true)
                }
            ))
        return table
    }()

    /// The ops that read a per-channel constant (``PlanValue/channels``): arithmetic with a tensor,
    /// which becomes a `Rescaling` with per-channel `scale` and `offset`.
    static let readsChannels: Set<String> = ["add", "sub", "mul", "div"]

    private static func binary(
        _ planner: inout LayerPlanner, _ node: CoreOpGraph.Node, _ operands: [PlanValue]
    ) throws(KerasRewriteFailure) -> PlanValue {
        let (x, y) = (operands[0], operands[1])
        switch (x, y) {
        case (.channels, .channels), (.channels, .scalar), (.scalar, .channels):
            throw KerasRewriteFailure(op: node.op, "a constant result: no layer computes it from the inputs")
        case (.channels(let values, let rank), _):
            try checkRank(planner, rank, of: y, node)
            switch node.op {
            case "add": return try planner.affine(y, scale: [1], offset: values, node: node)
            case "mul": return try planner.affine(y, scale: values, offset: [0], node: node)
            case "sub": return try planner.affine(y, scale: [-1], offset: values, node: node)
            default: throw KerasRewriteFailure(op: node.op, "a constant first operand has no built-in form")
            }
        case (_, .channels(let values, let rank)):
            try checkRank(planner, rank, of: x, node)
            switch node.op {
            case "add": return try planner.affine(x, scale: [1], offset: values, node: node)
            case "sub": return try planner.affine(x, scale: [1], offset: values.map { -$0 }, node: node)
            case "mul": return try planner.affine(x, scale: values, offset: [0], node: node)
            case "div" where !values.contains(0):
                return try planner.affine(x, scale: values.map { 1 / $0 }, offset: [0], node: node)
            default: throw KerasRewriteFailure(op: node.op, "no built-in form with this constant operand")
            }
        case (.scalar, .scalar):
            throw KerasRewriteFailure(op: node.op, "a constant result: no layer computes it from the inputs")
        case (.scalar(let constant), _):
            switch node.op {
            case "add": return planner.affine(y, scale: 1, offset: constant, node: node)
            case "mul": return planner.affine(y, scale: constant, offset: 0, node: node)
            case "sub": return planner.affine(y, scale: -1, offset: constant, node: node)
            case "maximum", "minimum", "equal", "not_equal":
                return try binary(&planner, node, [y, x])
            default:
                throw KerasRewriteFailure(op: node.op, "a constant first operand has no built-in form")
            }
        case (_, .scalar(let constant)):
            switch node.op {
            case "add": return planner.affine(x, scale: 1, offset: constant, node: node)
            case "sub": return planner.affine(x, scale: 1, offset: -constant, node: node)
            case "mul": return planner.affine(x, scale: constant, offset: 0, node: node)
            case "div" where constant != 0: return planner.affine(x, scale: 1 / constant, offset: 0, node: node)
            case "maximum" where constant == 0: return planner.activation("relu", x, node: node)
            case "pow" where constant == 2:
                return planner.layer("Multiply", on: [x, x], node: node, operands: operands, asList: true)
            case "pow" where constant == 1: return x
            default:
                guard let names = scalarFunctions[node.op] else {
                    throw KerasRewriteFailure(op: node.op, "no built-in form with a constant operand")
                }
                return try planner.function(
                    tf: names.tf, keras: names.keras, x, node: node, operands: operands,
                    keywords: ["y": .double(constant)], kerasKeywords: ["x2": .double(constant)])
            }
        default:
            var (x, y) = (x, y)
            if planner.dialect == .keras3 { (x, y) = try broadcastRanks(&planner, x, y) }
            if let merge = merges[node.op], sameRank(planner, x, y) {
                return planner.layer(merge, on: [x, y], node: node, operands: operands, asList: true)
            }
            if node.op == "div", planner.dialect == .keras3, sameRank(planner, x, y) {
                let inverse = try planner.function(
                    tf: "math.reciprocal", keras: "reciprocal", y,
                    node: CoreOpGraph.Node(op: "reciprocal", operands: [], attributes: [:], rule: nil), operands: [y])
                return planner.layer("Multiply", on: [x, inverse], node: node, operands: operands, asList: true)
            }
            let names = scalarFunctions[node.op] ?? (merges[node.op].map { _ in ("math." + tfBinary(node.op), "") })
            return try planner.function(
                tf: names?.tf, keras: nil, x, node: node, operands: operands, tensorKeywords: [("y", y)])
        }
    }

    /// A per-channel constant of `rank` axes may not raise the rank of the tensor it meets.
    private static func checkRank(
        _ planner: LayerPlanner, _ rank: Int, of tensor: PlanValue, _ node: CoreOpGraph.Node
    ) throws(KerasRewriteFailure) {
        guard let shape = planner.shape(of: tensor), rank <= shape.count else {
            throw KerasRewriteFailure(
                op: node.op, "a per-channel constant of rank \(rank) needs a tensor of known rank \(rank) or more")
        }
    }

    /// The two operands of a binary op at the same rank: the one of lower rank, when its shape
    /// is fully known (a statistic of the whole batch), reshaped with leading 1s, which is how
    /// broadcasting reads it anyway. Keras 3's merge layers then take the pair (they declare
    /// the result's batch as 1 and compute every batch size); operands it cannot help come back
    /// as they were.
    private static func broadcastRanks(
        _ planner: inout LayerPlanner, _ x: PlanValue, _ y: PlanValue
    ) throws(KerasRewriteFailure) -> (PlanValue, PlanValue) {
        guard let first = planner.shape(of: x), let second = planner.shape(of: y), first.count != second.count
        else { return (x, y) }
        let (low, lowShape, rank) = first.count < second.count ? (x, first, second.count) : (y, second, first.count)
        guard case .layer = low, !lowShape.contains(where: { $0 == nil }) else { return (x, y) }
        let target = Array(repeating: 1, count: rank - lowShape.count) + lowShape.compactMap { $0 }
        let reshaped = try planner.function(
            tf: nil, keras: "reshape", low,
            node: CoreOpGraph.Node(op: "reshape", operands: [], attributes: [:], rule: nil), operands: [low],
            kerasKeywords: ["newshape": .array(target.map(JSONValue.int))])
        if case .layer(let index) = reshaped { planner.setShape(target, ofLayer: index) }
        return first.count < second.count ? (reshaped, y) : (x, reshaped)
    }

    private static func tfBinary(_ op: String) -> String {
        ["add": "add", "sub": "subtract", "mul": "multiply", "maximum": "maximum", "minimum": "minimum"][op] ?? op
    }

    /// Merge layers broadcast only between tensors of the same rank.
    private static func sameRank(_ planner: LayerPlanner, _ x: PlanValue, _ y: PlanValue) -> Bool {
        guard let first = planner.shape(of: x), let second = planner.shape(of: y) else { return false }
        return first.count == second.count
    }

    // MARK: - Activations

    static let activations: [(key: String, value: Lowering)] = {
        var table: [(key: String, value: Lowering)] = []
        for (op, name) in simpleActivations {
            table.append((op, { planner, node, operands in planner.activation(name, operands[0], node: node) }))
        }
        table.append(
            (
                "relu6",
                { planner, node, operands in
                    planner.layer("ReLU", ["max_value": 6.0], on: [operands[0]], node: node, operands: operands)
                }
            ))
        table.append(
            (
                "elu",
                { planner, node, operands in
                    let alpha = try attributes(node).float("alpha")
                    // Keras's `elu` activation has alpha 1.
                    if alpha == 1 { return planner.activation("elu", operands[0], node: node) }
                    return planner.layer(
                        "ELU", ["alpha": .double(alpha)], on: [operands[0]], node: node, operands: operands)
                }
            ))
        table.append(
            (
                "leaky_relu",
                { planner, node, operands in
                    let alpha = JSONValue.double(try attributes(node).float("alpha"))
                    let config: JSONObject = planner.dialect == .keras3 ? ["negative_slope": alpha] : ["alpha": alpha]
                    return planner.layer("LeakyReLU", config, on: [operands[0]], node: node, operands: operands)
                }
            ))
        table.append(
            (
                "hard_sigmoid",
                { planner, node, operands in
                    // clip(slope * x + offset, 0, 1): the same in every flavour, whatever its hard_sigmoid means.
                    let slope = try attributes(node).float("slope")
                    let offset = try attributes(node).float("offset")
                    let scaled = planner.affine(operands[0], scale: slope, offset: offset, node: node)
                    return planner.layer("ReLU", ["max_value": 1.0], on: [scaled], node: node, operands: [scaled])
                }
            ))
        table.append(
            (
                "clip",
                { planner, node, operands in
                    let low = try attributes(node).float("min")
                    let high = try attributes(node).float("max")
                    if low == 0, high > 0 {
                        return planner.layer(
                            "ReLU", ["max_value": .double(high)], on: [operands[0]], node: node, operands: operands)
                    }
                    return try planner.function(
                        tf: "clip_by_value", keras: "clip", operands[0], node: node, operands: operands,
                        keywords: ["clip_value_min": .double(low), "clip_value_max": .double(high)],
                        kerasKeywords: ["x_min": .double(low), "x_max": .double(high)])
                }
            ))
        table.append(
            (
                "gelu",
                { planner, node, operands in
                    let approximate = try attributes(node).bool("approximate")
                    if planner.dialect == .keras2, !approximate {
                        return planner.activation("gelu", operands[0], node: node)
                    }
                    return try planner.function(
                        tf: "nn.gelu", keras: "gelu", operands[0], node: node, operands: operands,
                        keywords: ["approximate": .bool(approximate)])
                }
            ))
        table.append(
            (
                "softmax",
                { planner, node, operands in
                    let axis = try attributes(node).int("axis")
                    return planner.layer(
                        "Softmax", ["axis": .int(axis)], on: [operands[0]], node: node, operands: operands)
                }
            ))
        table.append(
            (
                "l2_normalize",
                { planner, node, operands in
                    let axes = try attributes(node).ints("axis")
                    let epsilon = try attributes(node).float("epsilon")
                    let axis: JSONValue = axes.count == 1 ? .int(axes[0]) : .array(axes.map(JSONValue.int))
                    if epsilon == unitNormalizationEpsilon {
                        return planner.layer(
                            "UnitNormalization", ["axis": axis], on: [operands[0]], node: node, operands: operands)
                    }
                    // keras.ops.normalize divides by max(norm, e): l2_normalize's epsilon is e squared.
                    return try planner.function(
                        tf: "math.l2_normalize", keras: "normalize", operands[0], node: node, operands: operands,
                        keywords: ["axis": axis, "epsilon": .double(epsilon)],
                        kerasKeywords: ["axis": axis, "order": .int(2), "epsilon": .double(epsilon.squareRoot())])
                }
            ))
        return table
    }()

    // MARK: - Module functions of one tensor

    static let mathFunctions: [(key: String, value: Lowering)] = {
        var table: [(key: String, value: Lowering)] = []
        for (op, names) in unaryFunctions {
            table.append(
                (
                    op,
                    { planner, node, operands in
                        try planner.function(
                            tf: names.tf, keras: names.keras, operands[0], node: node, operands: operands)
                    }
                ))
        }
        table.append(
            (
                "cast",
                { planner, node, operands in
                    let dtype = try attributes(node).string("dtype")
                    if ["float32", "float64", "float16"].contains(dtype) { return operands[0] }
                    return try planner.function(
                        tf: "cast", keras: "cast", operands[0], node: node, operands: operands,
                        keywords: ["dtype": .string(dtype)])
                }
            ))
        return table
    }()

    // MARK: - Reductions

    static let reductions: [(key: String, value: Lowering)] = {
        let names: [String: (tf: String, keras: String)] = [
            "reduce_sum": ("math.reduce_sum", "sum"), "reduce_mean": ("math.reduce_mean", "mean"),
            "reduce_max": ("math.reduce_max", "max"), "reduce_min": ("math.reduce_min", "min"),
            "reduce_prod": ("math.reduce_prod", "prod"), "reduce_variance": ("math.reduce_variance", "var"),
        ]
        var table: [(key: String, value: Lowering)] = []
        for (op, name) in names {
            table.append(
                (
                    op,
                    { planner, node, operands in
                        let axes: JSONValue =
                            try attributes(node).intsOrNone("axes").map { .array($0.map(JSONValue.int)) } ?? .null
                        let keepdims = JSONValue.bool(try attributes(node).bool("keepdims"))
                        return try planner.function(
                            tf: name.tf, keras: name.keras, operands[0], node: node, operands: operands,
                            keywords: ["axis": axes, "keepdims": keepdims])
                    }
                ))
        }
        return table
    }()
}
