import CoreOps

extension ONNXLowering {
    /// A reduction over the node's `axes` (None: all; an empty list: none) with its `keepdims`.
    static func reduction(_ op: String) -> Lowering {
        { lowering, node, operands, name throws(ONNXConversionError) in
            let attributes = lowering.attributes(node)
            let axes = try attributes.intsOrNone("axes")
            let keep = try attributes.bool("keepdims")
            if axes == [] { return lowering.builder.node("Identity", operands, name: name, shape: nil) }
            return lowering.builder.reduce(op, operands[0], axes: axes, keepDims: keep, name: name)
        }
    }

    static let layoutLowerings: [(String, Lowering)] = [
        ("reduce_sum", reduction("ReduceSum")), ("reduce_mean", reduction("ReduceMean")),
        ("reduce_max", reduction("ReduceMax")), ("reduce_min", reduction("ReduceMin")),
        ("reduce_prod", reduction("ReduceProd")), ("reduce_variance", variance),
        (
            "softmax",
            { lowering, node, operands, name throws(ONNXConversionError) in
                let axis = try lowering.attributes(node).int("axis")
                return lowering.builder.node(
                    "Softmax", operands, name: name, shape: nil, [ONNXAttribute.int("axis", axis)])
            }
        ),
        (
            "l2_normalize",
            { lowering, node, operands, name throws(ONNXConversionError) in
                let attributes = lowering.attributes(node)
                let (axes, epsilon) = (try attributes.ints("axis"), try attributes.float("epsilon"))
                return ONNXLayerConverters.l2Normalize(
                    operands[0], axes: axes, epsilon: epsilon, name: name, &lowering.builder)
            }
        ),
        (
            "reshape",
            { lowering, node, operands, name throws(ONNXConversionError) in
                let target = try lowering.attributes(node).ints("shape")
                // ONNX reads a 0 as "copy the input's dimension"; TensorFlow as an empty dimension.
                guard !target.contains(0) else { throw lowering.failure("reshape to a shape with a 0 dimension") }
                return lowering.builder.reshape(operands[0], to: target, staticShape: nil, name: name)
            }
        ),
        (
            "transpose",
            { lowering, node, operands, name throws(ONNXConversionError) in
                let rank = try lowering.shape(operands[0]).count
                let perm = try lowering.attributes(node).intsOrNone("perm") ?? Array((0..<rank).reversed())
                return lowering.builder.node(
                    "Transpose", operands, name: name, shape: nil, [ONNXAttribute.ints("perm", perm)])
            }
        ),
        (
            "expand_dims",
            { lowering, node, operands, name throws(ONNXConversionError) in
                let axis = try lowering.attributes(node).int("axis")
                return lowering.builder.unsqueeze(operands[0], axes: [axis], name: name)
            }
        ),
        (
            "squeeze",
            { lowering, node, operands, name throws(ONNXConversionError) in
                guard let axes = try lowering.attributes(node).intsOrNone("axes") else {
                    return lowering.builder.node("Squeeze", operands, name: name, shape: nil)
                }
                let axesTensor = lowering.builder.ints(axes, name: name + "_axes")
                return lowering.builder.node("Squeeze", [operands[0], axesTensor], name: name, shape: nil)
            }
        ),
        (
            "tile",
            { lowering, node, operands, name throws(ONNXConversionError) in
                let multiples = try lowering.attributes(node).ints("multiples")
                let repeats = lowering.builder.ints(multiples, name: name + "_repeats")
                return lowering.builder.node("Tile", [operands[0], repeats], name: name, shape: nil)
            }
        ),
        (
            "concat",
            { lowering, node, operands, name throws(ONNXConversionError) in
                let axis = try lowering.attributes(node).int("axis")
                return lowering.builder.node(
                    "Concat", operands, name: name, shape: nil, [ONNXAttribute.int("axis", axis)])
            }
        ),
        (
            "reverse",
            { lowering, node, operands, name throws(ONNXConversionError) in
                let axes = try lowering.attributes(node).ints("axes")
                let count = axes.count
                return lowering.builder.slice(
                    operands[0], starts: Array(repeating: -1, count: count),
                    ends: Array(repeating: Int.min, count: count),
                    axes: axes, steps: Array(repeating: -1, count: count), name: name, shape: nil)
            }
        ),
        (
            "slice",
            { lowering, node, operands, name throws(ONNXConversionError) in
                try lowering.stridedSlice(operands[0], node, name: name)
            }
        ),
        (
            "matmul",
            { lowering, node, operands, name throws(ONNXConversionError) in
                let attributes = lowering.attributes(node)
                var sides = operands
                for (index, key) in ["transpose_a", "transpose_b"].enumerated() where try attributes.bool(key) {
                    let rank = try lowering.shape(sides[index]).count
                    guard rank >= 2 else { throw lowering.failure("\(key) of a rank-\(rank) operand") }
                    let perm = Array(0..<(rank - 2)) + [rank - 1, rank - 2]
                    sides[index] = lowering.builder.node(
                        "Transpose", [sides[index]], name: "\(name)_\(key)", shape: nil,
                        [ONNXAttribute.ints("perm", perm)])
                }
                return lowering.builder.node("MatMul", sides, name: name, shape: nil)
            }
        ),
    ]

    /// Population variance: the mean of squared deviations from the mean.
    static let variance: Lowering = { lowering, node, operands, name throws(ONNXConversionError) in
        let attributes = lowering.attributes(node)
        let axes = try attributes.intsOrNone("axes")
        let keep = try attributes.bool("keepdims")
        var builder = lowering.builder
        let mean = builder.reduce("ReduceMean", operands[0], axes: axes, keepDims: true, name: name + "_mean")
        let centered = builder.binary("Sub", operands[0], mean, name: name + "_centered")
        let squares = builder.binary("Mul", centered, centered, name: name + "_squares")
        let output = builder.reduce("ReduceMean", squares, axes: axes, keepDims: keep, name: name)
        lowering.builder = builder
        return output
    }

    /// TensorFlow's strided slice as a `Slice` of the axes it narrows, then a `Squeeze` of the
    /// axes it shrinks; the batch axis, taken whole, is left out so that it stays symbolic.
    mutating func stridedSlice(_ input: String, _ node: CoreOpGraph.Node, name: String) throws(ONNXConversionError)
        -> String
    {
        let attributes = self.attributes(node)
        let begin = try attributes.ints("begin")
        let end = try attributes.ints("end")
        let strides = try attributes.intsOrNone("strides") ?? Array(repeating: 1, count: begin.count)
        var masks: [String: Int] = [:]
        for key in ["begin_mask", "end_mask", "ellipsis_mask", "new_axis_mask", "shrink_axis_mask"] {
            masks[key] = try attributes.int(key)
        }
        let mask = { (key: String, bit: Int) in masks[key, default: 0] & (1 << bit) != 0 }
        guard masks["new_axis_mask"] == 0 else { throw failure("slices with new axes have no ONNX lowering yet") }
        guard begin.count == end.count, end.count == strides.count else { throw failure("slice spec lengths differ") }
        let rank = try shape(input).count
        var (starts, ends, axes, steps, shrunk) = ([Int](), [Int](), [Int](), [Int](), [Int]())
        var axis = 0
        for index in begin.indices {
            if mask("ellipsis_mask", index) {
                axis += rank - (begin.count - 1)
                continue
            }
            let step = strides[index]
            guard step != 0 else { throw failure("slice with a zero stride") }
            let whole = Int.max
            var start = mask("begin_mask", index) ? (step > 0 ? 0 : whole) : begin[index]
            var stop = mask("end_mask", index) ? (step > 0 ? whole : Int.min) : end[index]
            if mask("shrink_axis_mask", index) {
                start = begin[index]
                stop = start == -1 ? whole : start + 1
                shrunk.append(axis)
            }
            if !(start == 0 && stop == whole && step == 1) {
                (starts, ends, axes, steps) = (starts + [start], ends + [stop], axes + [axis], steps + [step])
            }
            axis += 1
        }
        var output = input
        if !axes.isEmpty {
            output = builder.slice(
                input, starts: starts, ends: ends, axes: axes, steps: steps,
                name: shrunk.isEmpty ? name : name + "_slice", shape: nil)
        }
        guard !shrunk.isEmpty else {
            return output == input ? builder.node("Identity", [input], name: name, shape: nil) : output
        }
        return builder.node("Squeeze", [output, builder.ints(shrunk, name: name + "_axes")], name: name, shape: nil)
    }
}
