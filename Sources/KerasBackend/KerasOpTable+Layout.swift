import CoreOps
import JSON

extension KerasOpTable {
    /// Layout, slicing and padding ops. Keras layers never touch the batch axis, so ops that
    /// move or resize it fall back to module functions.
    static let layout: [(key: String, value: Lowering)] = [
        (
            "concat",
            { planner, node, operands in
                guard operands.count > 1 else { return operands[0] }
                let axis = try attributes(node).int("axis")
                return planner.layer(
                    "Concatenate", ["axis": .int(axis)], on: operands, node: node, operands: operands, asList: true)
            }
        ),
        (
            "reshape",
            { planner, node, operands in
                let shape = try attributes(node).ints("shape")
                if shape.first == -1, !shape.dropFirst().contains(-1) {
                    return planner.layer(
                        "Reshape", ["target_shape": ints(shape.dropFirst())], on: operands, node: node,
                        operands: operands)
                }
                return try planner.function(
                    tf: "reshape", keras: "reshape", operands[0], node: node, operands: operands,
                    keywords: ["shape": ints(shape)], kerasKeywords: ["newshape": ints(shape)])
            }
        ),
        (
            "transpose",
            { planner, node, operands in
                let rank = planner.shape(of: operands[0])?.count
                // No permutation reverses the axes.
                guard let perm = try attributes(node).intsOrNone("perm") ?? rank.map({ Array((0..<$0).reversed()) })
                else {
                    throw KerasRewriteFailure(op: node.op, "the rank of the operand is unknown")
                }
                if perm.first == 0 {
                    return planner.layer(
                        "Permute", ["dims": ints(perm.dropFirst())], on: operands, node: node, operands: operands)
                }
                return try planner.function(
                    tf: "transpose", keras: "transpose", operands[0], node: node, operands: operands,
                    keywords: ["perm": ints(perm)], kerasKeywords: ["axes": ints(perm)])
            }
        ),
        (
            "expand_dims",
            { planner, node, operands in
                let axis = try attributes(node).int("axis")
                if axis != 0, let reshaped = reshapeToKnownShape(&planner, node, operands) { return reshaped }
                return try planner.function(
                    tf: "expand_dims", keras: "expand_dims", operands[0], node: node, operands: operands,
                    keywords: ["axis": .int(axis)])
            }
        ),
        (
            "squeeze",
            { planner, node, operands in
                let axes = try attributes(node).intsOrNone("axes")
                if let axes, !axes.contains(0), let reshaped = reshapeToKnownShape(&planner, node, operands) {
                    return reshaped
                }
                return try planner.function(
                    tf: "squeeze", keras: "squeeze", operands[0], node: node, operands: operands,
                    keywords: ["axis": axes.map(ints) ?? .null])
            }
        ),
        (
            "reverse",
            { planner, node, operands in
                let axes = try attributes(node).ints("axes")
                if planner.dialect == .keras2 {
                    return try planner.function(
                        tf: "reverse", keras: nil, operands[0], node: node, operands: operands,
                        keywords: ["axis": ints(axes)])
                }
                var value = operands[0]
                for axis in axes {
                    value = try planner.function(
                        tf: nil, keras: "flip", value, node: node, operands: [value], keywords: ["axis": .int(axis)])
                }
                return value
            }
        ),
        (
            "tile",
            { planner, node, operands in
                let multiples = ints(try attributes(node).ints("multiples"))
                return try planner.function(
                    tf: "tile", keras: "tile", operands[0], node: node, operands: operands,
                    keywords: ["multiples": multiples], kerasKeywords: ["repeats": multiples])
            }
        ),
        ("pad", pad),
        ("slice", { planner, node, operands in try slice(&planner, node, operands) }),
        (
            "space_to_depth",
            { planner, node, operands in
                try blockShuffle(&planner, node, operands, toDepth: true)
            }
        ),
        (
            "depth_to_space",
            { planner, node, operands in
                try blockShuffle(&planner, node, operands, toDepth: false)
            }
        ),
        (
            "resize",
            { planner, node, operands in
                let size = try attributes(node).ints("size")
                let method = try attributes(node).string("method")
                let alignCorners = try attributes(node).bool("align_corners")
                guard size.count == 2, try attributes(node).bool("half_pixel_centers"), !alignCorners else {
                    // TensorFlow 1's grids: tf.compat.v1.image.resize_* in tf_keras; Keras 3 has none.
                    guard planner.dialect == .keras2 else {
                        throw KerasRewriteFailure(
                            op: node.op,
                            "Keras 3's Resizing and keras.ops.image.resize sample at half-pixel centers only, "
                                + "not on TensorFlow 1's grid (legacy or aligned corners) this resize uses")
                    }
                    return try planner.function(
                        tf: "compat.v1.image.resize_\(method == "nearest" ? "nearest_neighbor" : "bilinear")",
                        keras: nil, operands[0], node: node, operands: operands,
                        keywords: [
                            "size": ints(size), "align_corners": .bool(alignCorners),
                            "half_pixel_centers": .bool(try attributes(node).bool("half_pixel_centers")),
                        ])
                }
                return planner.layer(
                    "Resizing",
                    [
                        "height": .int(size[0]), "width": .int(size[1]), "interpolation": .string(method),
                        "crop_to_aspect_ratio": false,
                    ], on: operands, node: node, operands: operands)
            }
        ),
    ]

    static func ints<S: Sequence<Int>>(_ values: S) -> JSONValue {
        .array(values.map(JSONValue.int))
    }

    /// A `Reshape` to the node's output shape when every non-batch dimension is known.
    private static func reshapeToKnownShape(
        _ planner: inout LayerPlanner, _ node: CoreOpGraph.Node, _ operands: [PlanValue]
    ) -> PlanValue? {
        guard let shape = planner.shape(of: node, operands), !shape.isEmpty else { return nil }
        let target = shape.dropFirst().compactMap { $0 }
        guard target.count == shape.count - 1 else { return nil }
        return planner.layer("Reshape", ["target_shape": ints(target)], on: operands, node: node, operands: operands)
    }

    private static let pad: Lowering = { planner, node, operands in
        let paddings = try attributes(node).ints("paddings")
        let mode = try attributes(node).string("mode")
        let constant = try attributes(node).float("constant")
        let pairs = stride(from: 0, to: paddings.count, by: 2).map { [paddings[$0], paddings[$0 + 1]] }
        let untouchedEnds = pairs.first == [0, 0] && pairs.last == [0, 0]
        if mode == "constant", constant == 0, untouchedEnds, pairs.count == 3 {
            return planner.layer(
                "ZeroPadding1D", ["padding": ints(pairs[1])], on: operands, node: node, operands: operands)
        }
        if mode == "constant", constant == 0, untouchedEnds, pairs.count == 4 {
            return planner.layer(
                "ZeroPadding2D",
                ["padding": .array([ints(pairs[1]), ints(pairs[2])]), "data_format": "channels_last"],
                on: operands, node: node, operands: operands)
        }
        let widths = JSONValue.array(pairs.map(ints))
        // keras.ops.pad refuses a constant value (even 0) in any mode but "constant".
        var kerasKeywords: JSONObject = ["pad_width": widths, "mode": .string(mode)]
        if mode == "constant" { kerasKeywords["constant_values"] = .double(constant) }
        return try planner.function(
            tf: "pad", keras: "pad", operands[0], node: node, operands: operands,
            keywords: ["paddings": widths, "mode": .string(mode.uppercased()), "constant_values": .double(constant)],
            kerasKeywords: kerasKeywords)
    }

    /// space_to_depth / depth_to_space (NHWC, TensorFlow's DCR order) as Reshape, Permute,
    /// Reshape: exact, and in every flavour, when height, width and channels are known.
    private static func blockShuffle(
        _ planner: inout LayerPlanner, _ node: CoreOpGraph.Node, _ operands: [PlanValue], toDepth: Bool
    ) throws(KerasRewriteFailure) -> PlanValue {
        let block = try attributes(node).int("block_size")
        guard let shape = planner.shape(of: operands[0]), shape.count == 4,
            let height = shape[1], let width = shape[2], let channels = shape[3]
        else {
            return try planner.function(
                tf: toDepth ? "nn.space_to_depth" : "nn.depth_to_space", keras: nil, operands[0], node: node,
                operands: operands, keywords: ["block_size": .int(block)])
        }
        let (split, merged): ([Int], [Int])
        if toDepth {
            split = [height / block, block, width / block, block, channels]
            merged = [height / block, width / block, block * block * channels]
        } else {
            split = [height, width, block, block, channels / (block * block)]
            merged = [height * block, width * block, channels / (block * block)]
        }
        let first = planner.add(
            PlannedLayer(
                op: node.op + "_split", className: "Reshape", config: ["target_shape": ints(split)], inputs: operands,
                shape: [nil] + split.map(Optional.some)))
        let swapped = split.enumerated().map { $0.offset == 1 || $0.offset == 2 ? split[3 - $0.offset] : $0.element }
        let permuted = planner.add(
            PlannedLayer(
                op: node.op + "_permute", className: "Permute", config: ["dims": ints([1, 3, 2, 4, 5])],
                inputs: [first], shape: [nil] + swapped.map(Optional.some)))
        return planner.add(
            PlannedLayer(
                op: node.op, className: "Reshape", config: ["target_shape": ints(merged)], inputs: [permuted],
                shape: [nil] + merged.map(Optional.some)))
    }
}
