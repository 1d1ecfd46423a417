import CoreMLSpec
import CoreOps

extension MILLowering {
    /// A reduction over `axes` (all when absent), keeping reduced axes as 1 when `keepdims`.
    static func reduction(_ type: String) -> Lowering {
        { lowering, node, operands, shape, name throws(MLProgramConversionError) in
            let attributes = lowering.attributes(node)
            let rank = try lowering.shape(operands[0]).count
            let axes = try attributes.intsOrNone("axes") ?? Array(0..<rank)
            return lowering.builder.op(
                type,
                [
                    "x": operands[0], "axes": lowering.builder.ints(axes),
                    "keep_dims": lowering.builder.bools([try attributes.bool("keepdims")], scalar: true),
                ], name: name, shape: shape)
        }
    }

    /// An op that only changes the shape: a `reshape` to the catalog's static result.
    static let reshaped: Lowering = { lowering, _, operands, shape, name throws(MLProgramConversionError) in
        lowering.builder.op(
            "reshape", ["x": operands[0], "shape": lowering.builder.ints(shape)], name: name, shape: shape)
    }

    static let layoutLowerings: [(String, Lowering)] = [
        ("reduce_sum", reduction("reduce_sum")), ("reduce_mean", reduction("reduce_mean")),
        ("reduce_max", reduction("reduce_max")), ("reduce_min", reduction("reduce_min")),
        ("reduce_prod", reduction("reduce_prod")), ("reduce_variance", variance),
        ("reshape", reshaped), ("expand_dims", reshaped), ("squeeze", reshaped),
        (
            "transpose",
            { lowering, node, operands, shape, name throws(MLProgramConversionError) in
                let rank = try lowering.shape(operands[0]).count
                let perm = try lowering.attributes(node).intsOrNone("perm") ?? Array((0..<rank).reversed())
                let resolved = perm.map { $0 < 0 ? $0 + rank : $0 }
                return lowering.builder.op(
                    "transpose", ["x": operands[0], "perm": lowering.builder.ints(resolved)], name: name, shape: shape)
            }
        ),
        (
            "tile",
            { lowering, node, operands, shape, name throws(MLProgramConversionError) in
                let reps = try lowering.attributes(node).ints("multiples")
                return lowering.builder.op(
                    "tile", ["x": operands[0], "reps": lowering.builder.ints(reps)], name: name, shape: shape)
            }
        ),
        (
            "concat",
            { lowering, node, operands, shape, name throws(MLProgramConversionError) in
                let axis = try lowering.attributes(node).int("axis")
                let resolved = axis < 0 ? axis + shape.count : axis
                return lowering.builder.op(
                    "concat",
                    [
                        "values": operands, "axis": [lowering.builder.ints([resolved], scalar: true)],
                        "interleave": [lowering.builder.bools([false], scalar: true)],
                    ], name: name, shape: shape)
            }
        ),
        (
            "reverse",
            { lowering, node, operands, shape, name throws(MLProgramConversionError) in
                let axes = try lowering.attributes(node).ints("axes").map { $0 < 0 ? $0 + shape.count : $0 }
                return lowering.builder.op(
                    "reverse", ["x": operands[0], "axes": lowering.builder.ints(axes)], name: name, shape: shape)
            }
        ),
        (
            "matmul",
            { lowering, node, operands, shape, name throws(MLProgramConversionError) in
                let attributes = lowering.attributes(node)
                let (a, b) = (try attributes.bool("transpose_a"), try attributes.bool("transpose_b"))
                return lowering.builder.op(
                    "matmul",
                    [
                        "x": operands[0], "y": operands[1], "transpose_x": lowering.builder.bools([a], scalar: true),
                        "transpose_y": lowering.builder.bools([b], scalar: true),
                    ], name: name, shape: shape)
            }
        ),
        (
            "softmax",
            { lowering, node, operands, shape, name throws(MLProgramConversionError) in
                let axis = try lowering.attributes(node).int("axis")
                return lowering.builder.op(
                    "softmax", ["x": operands[0], "axis": lowering.builder.ints([axis], scalar: true)], name: name,
                    shape: shape)
            }
        ),
        ("l2_normalize", l2Normalize), ("pad", pad), ("slice", slice),
    ]

    /// Population variance: the mean of the squared distances from the mean.
    static let variance: Lowering = { lowering, node, operands, shape, name throws(MLProgramConversionError) in
        let attributes = lowering.attributes(node)
        let input = try lowering.shape(operands[0])
        let axes = try attributes.intsOrNone("axes") ?? Array(input.indices)
        let resolved = axes.map { $0 < 0 ? $0 + input.count : $0 }
        let kept = input.indices.map { resolved.contains($0) ? 1 : input[$0] }
        let (axesValue, keep) = (lowering.builder.ints(axes), lowering.builder.bools([true], scalar: true))
        let mean = lowering.builder.op(
            "reduce_mean", ["x": operands[0], "axes": axesValue, "keep_dims": keep], name: name + "_mean", shape: kept)
        let centered = lowering.builder.binary("sub", operands[0], mean, name: name + "_centered")
        let squares = lowering.builder.binary("mul", centered, centered, name: name + "_squares")
        return lowering.builder.op(
            "reduce_mean",
            [
                "x": squares, "axes": axesValue,
                "keep_dims": lowering.builder.bools([try attributes.bool("keepdims")], scalar: true),
            ], name: name, shape: shape)
    }

    /// x / sqrt(max(sum(x²), epsilon)) over the axes, as tf.math.l2_normalize.
    static let l2Normalize: Lowering = { lowering, node, operands, shape, name throws(MLProgramConversionError) in
        let attributes = lowering.attributes(node)
        let axes = try attributes.ints("axis").map { $0 < 0 ? $0 + shape.count : $0 }
        let kept = shape.indices.map { axes.contains($0) ? 1 : shape[$0] }
        let squares = lowering.builder.binary("mul", operands[0], operands[0], name: name + "_squares")
        let sum = lowering.builder.op(
            "reduce_sum",
            [
                "x": squares, "axes": lowering.builder.ints(axes),
                "keep_dims": lowering.builder.bools([true], scalar: true),
            ],
            name: name + "_sum", shape: kept)
        // fp16 holds no 1e-12: the floor stays at its smallest positive value, so that an all-zero
        // vector gives 0 / sqrt(floor) = 0 as in TensorFlow, not 0 / 0.
        var epsilon = try attributes.float("epsilon")
        if lowering.builder.precision == .float16 { epsilon = max(epsilon, HalfPrecision.leastPositive) }
        let floor = lowering.builder.binary("maximum", sum, lowering.builder.scalar(epsilon), name: name + "_floor")
        let norm = lowering.builder.op("sqrt", ["x": floor], name: name + "_norm", shape: kept)
        return lowering.builder.op("real_div", ["x": operands[0], "y": norm], name: name, shape: shape)
    }

    /// `pad` of every axis: constant or reflect (MIL has no symmetric mode).
    static let pad: Lowering = { lowering, node, operands, shape, name throws(MLProgramConversionError) in
        let attributes = lowering.attributes(node)
        let mode = try attributes.string("mode")
        guard mode == "constant" || mode == "reflect" else {
            throw lowering.failure("pad: mode '\(mode)' has no ML Program lowering (MIL pads constant or reflect)")
        }
        return lowering.builder.op(
            "pad",
            [
                "x": operands[0], "pad": lowering.builder.ints(try attributes.ints("paddings")),
                "mode": lowering.builder.string(mode),
                "constant_val": lowering.builder.scalar(try attributes.float("constant")),
            ], name: name, shape: shape)
    }
}
