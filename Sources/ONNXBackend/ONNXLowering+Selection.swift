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
        ("const", { lowering, node, _, name throws(ONNXConversionError) in
            // The catalog's own evaluation spreads one value over the shape.
            guard let op = CoreOpCatalog.op(named: node.op) else { throw lowering.failure("'const' is not a core op") }
            let tensor: Tensor
            do { tensor = try op.evaluate([], node.attributes) } catch { throw lowering.failure("\(error)") }
            return lowering.builder.floats(tensor.values.map(Float.init), shape: tensor.shape, name: name)
        }),
        ("shape", { lowering, _, operands, name throws(ONNXConversionError) in
            let shape = lowering.builder.node("Shape", operands, name: name + "_int", shape: nil)
            return lowering.builder.node(
                "Cast", [shape], name: name, shape: nil, [ONNXAttribute.int("to", Int(ONNXElementType.float))])
        }),
        ("random_normal", { lowering, node, operands, name throws(ONNXConversionError) in
            let attributes = lowering.attributes(node)
            let (mean, deviation) = (try attributes.float("mean"), try attributes.float("stddev"))
            return lowering.builder.node(
                "RandomNormalLike", operands, name: name, shape: nil,
                [ONNXAttribute.float("mean", mean), ONNXAttribute.float("scale", deviation)])
        }),
        ("gather", { lowering, node, operands, name throws(ONNXConversionError) in
            let attributes = lowering.attributes(node)
            let (indices, axis) = (try attributes.ints("indices"), try attributes.int("axis"))
            let positions = lowering.builder.ints(indices, name: name + "_indices")
            return lowering.builder.node(
                "Gather", [operands[0], positions], name: name, shape: nil, [ONNXAttribute.int("axis", axis)])
        }),
        ("one_hot", { lowering, node, operands, name throws(ONNXConversionError) in
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
        }),
        ("cumsum", { lowering, node, operands, name throws(ONNXConversionError) in
            let attributes = lowering.attributes(node)
            let axis = try attributes.int("axis")
            let (exclusive, reverse) = (try attributes.bool("exclusive"), try attributes.bool("reverse"))
            let axisTensor = lowering.builder.ints([axis], name: name + "_axis")
            return lowering.builder.node(
                "CumSum", [operands[0], axisTensor], name: name, shape: nil,
                [ONNXAttribute.int("exclusive", exclusive ? 1 : 0), ONNXAttribute.int("reverse", reverse ? 1 : 0)])
        }),
    ]
}
