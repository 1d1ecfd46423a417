import CoreOps
import JSON

/// Plans the built-in layers that compute one Lambda's core-op graph, node by node, through
/// ``KerasOpTable``.
struct LayerPlanner {
    let dialect: KerasDialect
    /// The shapes of the Lambda's inputs (batch first), nil where unknown.
    let inputShapes: [[Int?]?]
    private(set) var layers: [PlannedLayer] = []
    /// How many times each value is read by the graph (a Rescaling read once may absorb the next
    /// affine step).
    private var uses: [PlanValue: Int] = [:]
    private var values: [PlanValue] = []

    init(dialect: KerasDialect, inputShapes: [[Int?]?]) {
        self.dialect = dialect
        self.inputShapes = inputShapes
    }

    /// Plans `graph`; returns the value holding its output.
    mutating func plan(_ graph: CoreOpGraph) throws(KerasRewriteFailure) -> PlanValue {
        var counts: [CoreOpGraph.Value: Int] = [:]
        for node in graph.nodes { for operand in node.operands { counts[operand, default: 0] += 1 } }
        counts[graph.output, default: 0] += 1
        for (index, node) in graph.nodes.enumerated() {
            let operands = node.operands.map(resolve)
            // A per-channel constant is read by elementwise arithmetic with a tensor only.
            if operands.contains(where: \.isChannels), !KerasOpTable.readsChannels.contains(node.op) {
                throw KerasRewriteFailure(
                    op: node.op, "a constant tensor operand has no built-in form here (only + - * / with a tensor)")
            }
            guard let lowering = KerasOpTable.lowerings[node.op] else {
                throw KerasRewriteFailure(
                    op: node.op,
                    KerasOpTable.refusals[node.op] ?? "no built-in Keras layer or module function computes it")
            }
            let value: PlanValue
            do {
                value = try lowering(&self, node, operands)
            } catch let failure as KerasRewriteFailure {
                throw failure
            } catch {
                throw KerasRewriteFailure(op: node.op, "\(error)")
            }
            values.append(value)
            // A lowering may return a value it read (an identity, or a Rescaling it folded into):
            // this node's read of it is spent, its own readers are added.
            let spent = operands.filter { $0 == value }.count
            uses[value] = (uses[value] ?? 0) - spent + (counts[.node(index)] ?? 0)
        }
        return resolve(graph.output)
    }

    /// A `const` node: a scalar, or a per-channel vector; any other constant tensor has no
    /// built-in layer.
    static func constant(_ node: CoreOpGraph.Node) throws(KerasRewriteFailure) -> PlanValue {
        guard let op = CoreOpCatalog.op(named: node.op) else { throw KerasRewriteFailure(op: node.op, "unknown op") }
        let tensor: Tensor
        do {
            tensor = try op.evaluate([], node.attributes)
        } catch {
            throw KerasRewriteFailure(op: node.op, "\(error)")
        }
        if tensor.values.count == 1, tensor.shape.allSatisfy({ $0 == 1 }) { return .scalar(tensor.values[0]) }
        guard let last = tensor.shape.last, last > 1, tensor.shape.dropLast().allSatisfy({ $0 == 1 }) else {
            throw KerasRewriteFailure(
                op: node.op,
                "a constant tensor that varies along more than the last axis: no built-in Keras layer holds it")
        }
        return .channels(tensor.values, rank: tensor.shape.count)
    }

    private func resolve(_ value: CoreOpGraph.Value) -> PlanValue {
        switch value {
        case .input(let index): return .input(index)
        case .node(let index): return values[index]
        case .scalar(let number): return .scalar(number)
        }
    }

    // MARK: - Building blocks for the table

    /// Adds a layer and returns its output; its shape comes from the core op's shape rule.
    mutating func add(_ layer: PlannedLayer, shapeOf node: CoreOpGraph.Node? = nil, operands: [PlanValue] = [])
        -> PlanValue
    {
        var layer = layer
        if layer.shape == nil, let node { layer.shape = shape(of: node, operands) }
        layers.append(layer)
        return .layer(layers.count - 1)
    }

    /// A layer of `className` called on one tensor or, for merges, a list.
    mutating func layer(
        _ className: String, _ config: JSONObject = JSONObject(), on inputs: [PlanValue], node: CoreOpGraph.Node,
        operands: [PlanValue], asList: Bool = false
    ) -> PlanValue {
        add(
            PlannedLayer(op: node.op, className: className, config: config, inputs: inputs, inputsAsList: asList),
            shapeOf: node, operands: operands)
    }

    /// `Activation(name)` on `input`.
    mutating func activation(_ name: String, _ input: PlanValue, node: CoreOpGraph.Node) -> PlanValue {
        layer("Activation", ["activation": .string(name)], on: [input], node: node, operands: [input])
    }

    /// `x * scale + offset` as a `Rescaling` layer; folded into the Rescaling that made `x` when
    /// nothing else reads it.
    mutating func affine(_ input: PlanValue, scale: Double, offset: Double, node: CoreOpGraph.Node) -> PlanValue {
        rescale(input, scale: [scale], offset: [offset], node: node)
    }

    /// `x * scale + offset` with one number or one per channel (of the last axis) in each: a
    /// `Rescaling` layer, whose `scale` and `offset` may be lists in tf_keras and Keras 3 alike.
    /// Per-channel lists must match the input's last dimension, which must be known.
    mutating func affine(_ input: PlanValue, scale: [Double], offset: [Double], node: CoreOpGraph.Node)
        throws(KerasRewriteFailure) -> PlanValue
    {
        let channels = max(scale.count, offset.count)
        if channels > 1 {
            guard let shape = shape(of: input), shape.count >= 2, shape.last == channels else {
                throw KerasRewriteFailure(
                    op: node.op,
                    "a per-channel constant of \(channels) values needs an input whose last dimension is \(channels), "
                        + "not \(shapeText(input))")
            }
        }
        return rescale(input, scale: scale, offset: offset, node: node)
    }

    /// `affine` once its operands are known to fit.
    private mutating func rescale(_ input: PlanValue, scale: [Double], offset: [Double], node: CoreOpGraph.Node)
        -> PlanValue
    {
        let channels = max(scale.count, offset.count)
        func spread(_ values: [Double]) -> [Double] {
            values.count == 1 ? Array(repeating: values[0], count: channels) : values
        }
        func stored(_ values: [Double]) -> JSONValue {
            values.count == 1 || Set(values).count == 1 ? .double(values[0]) : .array(values.map(JSONValue.double))
        }
        if case .layer(let index) = input, layers[index].className == "Rescaling", uses[input] == 1,
            let oldScale = Self.numbers(layers[index].config["scale"]),
            let oldOffset = Self.numbers(layers[index].config["offset"]),
            oldScale.count == 1 || channels == 1 || oldScale.count == channels,
            oldOffset.count == 1 || channels == 1 || oldOffset.count == channels
        {
            let width = max(channels, oldScale.count, oldOffset.count)
            func widen(_ values: [Double]) -> [Double] {
                values.count == 1 ? Array(repeating: values[0], count: width) : values
            }
            let (a, b, s, o) = (widen(oldScale), widen(oldOffset), widen(scale), widen(offset))
            layers[index].config["scale"] = stored(zip(a, s).map { $0 * $1 })
            layers[index].config["offset"] = stored((0..<width).map { b[$0] * s[$0] + o[$0] })
            layers[index].op += "_" + node.op
            return input
        }
        return add(
            PlannedLayer(
                op: node.op, className: "Rescaling",
                config: ["scale": stored(spread(scale)), "offset": stored(spread(offset))], inputs: [input],
                shape: shape(of: input)))
    }

    /// A `Rescaling` config's number or list of numbers.
    private static func numbers(_ value: JSONValue?) -> [Double]? {
        if let number = value?.double { return [number] }
        guard let list = value?.array?.compactMap(\.double), !list.isEmpty, list.count == value?.array?.count
        else { return nil }
        return list
    }

    /// A layer naming a public module function: `TFOpLambda` (`tf.<tfName>`) for Keras 2, a
    /// `Lambda` of `keras.ops.<kerasName>` for Keras 3; nil names mean the flavour has none.
    mutating func function(
        tf tfName: String?, keras kerasName: String?, _ input: PlanValue, node: CoreOpGraph.Node,
        operands: [PlanValue], keywords: JSONObject = JSONObject(), kerasKeywords: JSONObject? = nil,
        tensorKeywords: [(name: String, value: PlanValue)] = []
    ) throws(KerasRewriteFailure) -> PlanValue {
        switch dialect {
        case .keras2:
            guard let tfName else {
                throw KerasRewriteFailure(op: node.op, "no TensorFlow function in tf_keras's TFOpLambda computes it")
            }
            var layer = PlannedLayer(
                op: node.op, className: "TFOpLambda", config: ["function": .string(tfName)], inputs: [input])
            layer.keywords = keywords
            layer.tensorKeywords = tensorKeywords
            layer.moduleFunction = "tf.\(tfName)"
            return add(layer, shapeOf: node, operands: operands)
        case .keras3:
            guard let kerasName, tensorKeywords.isEmpty else {
                throw KerasRewriteFailure(
                    op: node.op,
                    tensorKeywords.isEmpty
                        ? "Keras 3 has no built-in layer for it, and no keras.ops function it loads in safe mode"
                        : "Keras 3 has no layer for it on tensors of these shapes (\(shapeText(input)), "
                            + "\(tensorKeywords.map { shapeText($0.value) }.joined(separator: ", "))), and a Lambda "
                            + "of keras.ops takes one tensor")
            }
            var layer = PlannedLayer(
                op: node.op, className: "Lambda",
                config: [
                    "function": KerasDialect.keras3Function(kerasName), "arguments": .object(kerasKeywords ?? keywords),
                ], inputs: [input])
            layer.moduleFunction = "keras.ops.\(kerasName)"
            return add(layer, shapeOf: node, operands: operands)
        }
    }

    private func shapeText(_ value: PlanValue) -> String {
        guard let shape = shape(of: value) else { return "unknown" }
        return "(" + shape.map { $0.map(String.init) ?? "None" }.joined(separator: ", ") + ")"
    }

    /// Records the output shape of a planned layer when its own rule could not tell.
    mutating func setShape(_ shape: [Int?], ofLayer index: Int) {
        layers[index].shape = shape
    }

    /// The shape of a value, batch first; nil when unknown.
    func shape(of value: PlanValue) -> [Int?]? {
        switch value {
        case .input(let index): return inputShapes.indices.contains(index) ? inputShapes[index] : nil
        case .layer(let index): return layers[index].shape
        case .scalar: return []
        case .channels(let values, let rank): return Array(repeating: 1, count: rank - 1) + [values.count]
        }
    }

    /// The output shape of `node` on `operands` by the catalog's shape rule; nil when unknown.
    func shape(of node: CoreOpGraph.Node, _ operands: [PlanValue]) -> [Int?]? {
        guard let op = CoreOpCatalog.op(named: node.op) else { return nil }
        var shapes: [[Int?]] = []
        for operand in operands {
            guard let shape = shape(of: operand) else { return nil }
            shapes.append(shape)
        }
        return try? op.shape(shapes, node.attributes)
    }
}
