import CoreOps

extension ONNXLowering {
    /// argmax / argmin along the node's axis, the first position on ties, as a float.
    static func argumentExtreme(_ op: String) -> Lowering {
        { lowering, node, operands, name throws(ONNXConversionError) in
            let axis = try lowering.attributes(node).int("axis")
            let index = lowering.builder.node(
                op, operands, name: name + "_index", shape: nil,
                [ONNXAttribute.int("axis", axis), ONNXAttribute.int("keepdims", 0)])
            return lowering.builder.node(
                "Cast", [index], name: name, shape: nil, [ONNXAttribute.int("to", Int(ONNXElementType.float))])
        }
    }

    static let selectionLowerings: [(String, Lowering)] = [
        ("argmax", argumentExtreme("ArgMax")), ("argmin", argumentExtreme("ArgMin")),
        (
            "const",
            { lowering, node, _, name throws(ONNXConversionError) in
                // The catalog's own evaluation spreads one value over the shape.
                guard let op = CoreOpCatalog.op(named: node.op) else {
                    throw lowering.failure("'const' is not a core op")
                }
                let tensor: Tensor
                do { tensor = try op.evaluate([], node.attributes) } catch { throw lowering.failure("\(error)") }
                return lowering.builder.floats(tensor.values.map(Float.init), shape: tensor.shape, name: name)
            }
        ),
        (
            "shape",
            { lowering, _, operands, name throws(ONNXConversionError) in
                let shape = lowering.builder.node("Shape", operands, name: name + "_int", shape: nil)
                return lowering.builder.node(
                    "Cast", [shape], name: name, shape: nil, [ONNXAttribute.int("to", Int(ONNXElementType.float))])
            }
        ),
        (
            "random_normal",
            { lowering, node, operands, name throws(ONNXConversionError) in
                let attributes = lowering.attributes(node)
                let (mean, deviation) = (try attributes.float("mean"), try attributes.float("stddev"))
                return lowering.builder.node(
                    "RandomNormalLike", operands, name: name, shape: nil,
                    [ONNXAttribute.float("mean", mean), ONNXAttribute.float("scale", deviation)])
            }
        ),
        (
            "gather",
            { lowering, node, operands, name throws(ONNXConversionError) in
                let attributes = lowering.attributes(node)
                let (indices, axis) = (try attributes.ints("indices"), try attributes.int("axis"))
                let positions = lowering.builder.ints(indices, name: name + "_indices")
                return lowering.builder.node(
                    "Gather", [operands[0], positions], name: name, shape: nil, [ONNXAttribute.int("axis", axis)])
            }
        ),
        (
            "one_hot",
            { lowering, node, operands, name throws(ONNXConversionError) in
                let attributes = lowering.attributes(node)
                let depth = try attributes.int("depth")
                let (on, off) = (try attributes.float("on_value"), try attributes.float("off_value"))
                let indices = lowering.builder.node(
                    "Cast", operands, name: name + "_indices", shape: nil,
                    [ONNXAttribute.int("to", Int(ONNXElementType.int64))])
                let values = lowering.builder.floats([Float(off), Float(on)], shape: [2], name: name + "_values")
                let depthTensor = lowering.builder.ints([depth], name: name + "_depth")
                return lowering.builder.node(
                    "OneHot", [indices, depthTensor, values], name: name, shape: nil, [ONNXAttribute.int("axis", -1)])
            }
        ),
        (
            "top_k",
            { lowering, node, operands, name throws(ONNXConversionError) in
                let attributes = lowering.attributes(node)
                let k = try attributes.int("k")
                let wantsIndices = try attributes.string("output") == "indices"
                // Ties: the lower index first, as TensorFlow orders them.
                let outputs = lowering.builder.node(
                    "TopK", [operands[0], lowering.builder.ints([k], name: name + "_k")], outputs: 2,
                    name: name + "_top",
                    [ONNXAttribute.int("axis", -1), ONNXAttribute.int("largest", 1), ONNXAttribute.int("sorted", 1)])
                guard wantsIndices else {
                    return lowering.builder.node("Identity", [outputs[0]], name: name, shape: nil)
                }
                return lowering.builder.node(
                    "Cast", [outputs[1]], name: name, shape: nil, [ONNXAttribute.int("to", Int(ONNXElementType.float))])
            }
        ),
        (
            "cumprod",
            { lowering, node, operands, name throws(ONNXConversionError) in
                try lowering.cumulativeProduct(node, operands[0], name)
            }
        ),
        (
            "cumsum",
            { lowering, node, operands, name throws(ONNXConversionError) in
                let attributes = lowering.attributes(node)
                let axis = try attributes.int("axis")
                let (exclusive, reverse) = (try attributes.bool("exclusive"), try attributes.bool("reverse"))
                let axisTensor = lowering.builder.ints([axis], name: name + "_axis")
                return lowering.builder.node(
                    "CumSum", [operands[0], axisTensor], name: name, shape: nil,
                    [ONNXAttribute.int("exclusive", exclusive ? 1 : 0), ONNXAttribute.int("reverse", reverse ? 1 : 0)])
            }
        ),
    ]

    /// tf.math.cumprod along a static axis (ONNX has no such operator): the running product of
    /// slices, joined; exclusive shifts in a 1, reverse runs from the end.
    mutating func cumulativeProduct(_ node: CoreOpGraph.Node, _ input: String, _ name: String)
        throws(ONNXConversionError) -> String
    {
        let attributes = self.attributes(node)
        let inputShape = try shape(input)
        let axis = try attributes.int("axis")
        let resolved = axis < 0 ? axis + inputShape.count : axis
        guard resolved >= 1, resolved < inputShape.count else {
            throw failure("cumprod along axis \(axis) (only non-batch axes of a known length)")
        }
        let (exclusive, reverse) = (try attributes.bool("exclusive"), try attributes.bool("reverse"))
        let length = inputShape[resolved]
        guard length <= 256 else { throw failure("cumprod along an axis of \(length) (256 at most)") }
        let order = reverse ? Array((0..<length).reversed()) : Array(0..<length)
        var products: [Int: String] = [:]
        var running: String?
        for position in order {
            let slice = builder.slice(
                input, starts: [position], ends: [position + 1], axes: [resolved], name: "\(name)_\(position)",
                shape: nil)
            if exclusive {
                products[position] =
                    running
                    ?? builder.binary(
                        "Add", builder.binary("Mul", slice, builder.scalar(0), name: "\(name)_zero"), builder.scalar(1),
                        name: "\(name)_one")
            }
            let next = running.map { builder.binary("Mul", $0, slice, name: "\(name)_product\(position)") } ?? slice
            running = next
            if !exclusive { products[position] = next }
        }
        let parts = (0..<length).compactMap { products[$0] }
        return builder.node("Concat", parts, name: name, shape: nil, [ONNXAttribute.int("axis", resolved)])
    }
}
