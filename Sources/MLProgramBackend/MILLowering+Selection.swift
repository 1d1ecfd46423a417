import CoreOps

extension MILLowering {
    static let selectionLowerings: [(String, Lowering)] = [
        ("argmax", argumentExtreme("reduce_argmax")), ("argmin", argumentExtreme("reduce_argmin")),
        (
            "gather",
            { lowering, node, operands, shape, name throws(MLProgramConversionError) in
                let attributes = lowering.attributes(node)
                let rank = try lowering.shape(operands[0]).count
                let axis = try attributes.int("axis")
                return lowering.builder.op(
                    "gather",
                    [
                        "x": operands[0], "indices": lowering.builder.ints(try attributes.ints("indices")),
                        "axis": lowering.builder.ints([axis < 0 ? axis + rank : axis], scalar: true),
                    ], name: name, shape: shape)
            }
        ),
        (
            "const",
            { lowering, node, _, shape, name throws(MLProgramConversionError) in
                // The catalog's own evaluation spreads one value over the shape.
                guard let op = CoreOpCatalog.op(named: node.op) else {
                    throw lowering.failure("'const' is not a core op")
                }
                let tensor: Tensor
                do { tensor = try op.evaluate([], node.attributes) } catch { throw lowering.failure("\(error)") }
                return try lowering.builder.floats(tensor.values.map(Float.init), shape: tensor.shape, name: name)
            }
        ),
        (
            "shape",
            { lowering, _, operands, shape, name throws(MLProgramConversionError) in
                // Every shape is static here (batch 1): the operand's shape is a constant.
                let input = try lowering.shape(operands[0])
                return try lowering.builder.floats(input.map(Float.init), shape: shape, name: name)
            }
        ),
    ]

    /// The position of the largest or smallest value along `axis`, as a float.
    static func argumentExtreme(_ type: String) -> Lowering {
        { lowering, node, operands, shape, name throws(MLProgramConversionError) in
            let rank = try lowering.shape(operands[0]).count
            let axis = try lowering.attributes(node).int("axis")
            let indices = lowering.builder.op(
                type,
                [
                    "x": operands[0], "axis": lowering.builder.ints([axis < 0 ? axis + rank : axis], scalar: true),
                    "keep_dims": lowering.builder.bools([false], scalar: true),
                ], name: name + "_int", shape: shape, dataType: .int32)
            return lowering.builder.op(
                "cast", ["x": indices, "dtype": lowering.builder.string(lowering.builder.precision.dtypeName)],
                name: name, shape: shape)
        }
    }

    /// TensorFlow's strided slice as `slice_by_index` over every axis (the ellipsis spelled out,
    /// shrunk axes taken one wide), then a `reshape` to the catalog's shape, which drops them.
    static let slice: Lowering = { lowering, node, operands, shape, name throws(MLProgramConversionError) in
        let attributes = lowering.attributes(node)
        let (begin, end) = (try attributes.ints("begin"), try attributes.ints("end"))
        let strides = try attributes.intsOrNone("strides") ?? Array(repeating: 1, count: begin.count)
        var masks: [String: Int] = [:]
        for key in ["begin_mask", "end_mask", "ellipsis_mask", "new_axis_mask", "shrink_axis_mask"] {
            masks[key] = try attributes.int(key)
        }
        let bit = { (key: String, index: Int) in masks[key, default: 0] & (1 << index) != 0 }
        guard masks["new_axis_mask"] == 0 else {
            throw lowering.failure("slice: new axes have no ML Program lowering yet")
        }
        guard begin.count == end.count, end.count == strides.count else {
            throw lowering.failure("slice spec lengths differ")
        }
        let input = try lowering.shape(operands[0])
        var spec = SliceSpec()
        for index in begin.indices {
            if bit("ellipsis_mask", index) {
                for _ in 0..<max(input.count - (begin.count - 1), 0) { spec.whole() }
                continue
            }
            guard strides[index] != 0 else { throw lowering.failure("slice with a zero stride") }
            if bit("shrink_axis_mask", index) {
                spec.append(begin[index], begin[index] == -1 ? 0 : begin[index] + 1, 1, false, begin[index] == -1)
            } else {
                spec.append(
                    begin[index], end[index], strides[index], bit("begin_mask", index), bit("end_mask", index))
            }
        }
        while spec.begin.count < input.count { spec.whole() }
        guard spec.begin.count == input.count else { throw lowering.failure("slice spec longer than the rank") }
        let sliced = lowering.builder.op(
            "slice_by_index",
            [
                "x": operands[0], "begin": lowering.builder.ints(spec.begin), "end": lowering.builder.ints(spec.end),
                "stride": lowering.builder.ints(spec.stride), "begin_mask": lowering.builder.bools(spec.beginMask),
                "end_mask": lowering.builder.bools(spec.endMask),
            ], name: name + "_slice", shape: spec.sizes(input))
        return lowering.builder.reshape(sliced, to: shape, name: name)
    }

    /// `slice_by_index`'s per-axis parameters.
    struct SliceSpec {
        var begin: [Int] = []
        var end: [Int] = []
        var stride: [Int] = []
        var beginMask: [Bool] = []
        var endMask: [Bool] = []

        mutating func append(_ b: Int, _ e: Int, _ s: Int, _ bm: Bool, _ em: Bool) {
            (begin, end, stride, beginMask, endMask) = (
                begin + [b], end + [e], stride + [s], beginMask + [bm], endMask + [em]
            )
        }

        mutating func whole() { append(0, 0, 1, true, true) }

        /// The number of elements taken along each axis of `input`, as TensorFlow counts them.
        func sizes(_ input: [Int]) -> [Int] {
            input.indices.map { axis in
                let (size, step) = (input[axis], stride[axis])
                func clamp(_ index: Int, masked: Bool, isBegin: Bool) -> Int {
                    if masked { return isBegin ? (step > 0 ? 0 : size - 1) : (step > 0 ? size : -1) }
                    let wrapped = index < 0 ? index + size : index
                    return step > 0 ? min(max(wrapped, 0), size) : min(max(wrapped, -1), size - 1)
                }
                let first = clamp(begin[axis], masked: beginMask[axis], isBegin: true)
                let last = clamp(end[axis], masked: endMask[axis], isBegin: false)
                let span = step > 0 ? last - first : first - last
                return span <= 0 ? 0 : (span + abs(step) - 1) / abs(step)
            }
        }
    }
}

extension MILLowering {
    static let accumulationLowerings: [(String, Lowering)] = [
        ("one_hot", oneHot), ("cumsum", cumulativeSum), ("cumprod", cumulativeProduct), ("top_k", topK),
    ]

    /// Axes longer than this are refused for `cumprod`, which takes two operations per position.
    static let cumulativeProductLimit = 4096

    /// A running product along `axis`, position by position: each position's slice times the
    /// product before it (1 before the first when `exclusive`, from the far end when `reverse`),
    /// the slices joined again. Exact where a sum of logarithms would lose signs and zeros.
    static let cumulativeProduct: Lowering = { lowering, node, operands, shape, name throws(MLProgramConversionError) in
        let attributes = lowering.attributes(node)
        let rank = shape.count
        let given = try attributes.int("axis")
        let axis = given < 0 ? given + rank : given
        guard axis >= 0, axis < rank else { throw lowering.failure("cumprod: axis \(given) out of range") }
        let (exclusive, reverse) = (try attributes.bool("exclusive"), try attributes.bool("reverse"))
        let length = shape[axis]
        guard length <= cumulativeProductLimit else {
            throw lowering.failure(
                "cumprod: an axis of \(length) positions, over the \(cumulativeProductLimit) unrolled in ML Programs")
        }
        var sliceShape = shape
        sliceShape[axis] = 1
        func slice(_ position: Int) -> String {
            var (begin, end) = (Array(repeating: 0, count: rank), shape)
            (begin[axis], end[axis]) = (position, position + 1)
            return lowering.builder.op(
                "slice_by_index",
                [
                    "x": operands[0], "begin": lowering.builder.ints(begin), "end": lowering.builder.ints(end),
                    "stride": lowering.builder.ints(Array(repeating: 1, count: rank)),
                ], name: "\(name)_at\(position)", shape: sliceShape)
        }
        let order = reverse ? Array((0..<length).reversed()) : Array(0..<length)
        var products: [Int: String] = [:]
        var running: String? = nil
        for position in order {
            let value = slice(position)
            if exclusive {
                if let running {
                    products[position] = running
                } else {
                    products[position] = try lowering.builder.floats(
                        Array(repeating: 1, count: sliceShape.reduce(1, *)), shape: sliceShape, name: name + "_one")
                }
            }
            running =
                running.map { lowering.builder.binary("mul", $0, value, name: "\(name)_upto\(position)") } ?? value
            if !exclusive { products[position] = running }
        }
        return lowering.builder.op(
            "concat",
            [
                "values": (0..<length).compactMap { products[$0] },
                "axis": [lowering.builder.ints([axis], scalar: true)],
                "interleave": [lowering.builder.bools([false], scalar: true)],
            ], name: name, shape: shape)
    }

    /// `topk` along the last axis, largest first: its values, or its int32 indices as floats.
    static let topK: Lowering = { lowering, node, operands, shape, name throws(MLProgramConversionError) in
        let attributes = lowering.attributes(node)
        let k = try attributes.int("k")
        let wantsIndices = try attributes.string("output") == "indices"
        let outputs = lowering.builder.op(
            "topk",
            [
                "x": operands[0], "k": lowering.builder.ints([k], scalar: true),
                "axis": lowering.builder.ints([-1], scalar: true),
                "ascending": lowering.builder.bools([false], scalar: true),
            ],
            outputs: [
                ("_values", shape, lowering.builder.computeType), ("_indices", shape, .int32),
            ], name: name)
        guard wantsIndices else { return outputs[0] }
        return lowering.builder.op(
            "cast", ["x": outputs[1], "dtype": lowering.builder.string(lowering.builder.precision.dtypeName)],
            name: name, shape: shape)
    }

    /// on_value where the operand equals the position along a new last axis, else off_value:
    /// `equal` against the positions 0..<depth, then `select`.
    static let oneHot: Lowering = { lowering, node, operands, shape, name throws(MLProgramConversionError) in
        let attributes = lowering.attributes(node)
        let depth = try attributes.int("depth")
        let input = try lowering.shape(operands[0])
        let expanded = lowering.builder.reshape(operands[0], to: input + [1], name: name + "_expanded")
        let positions = try lowering.builder.floats(
            (0..<depth).map(Float.init), shape: [depth], name: name + "_positions")
        let hit = lowering.builder.op(
            "equal", ["x": expanded, "y": positions], name: name + "_hit", shape: shape, dataType: .bool)
        let on = lowering.builder.scalar(try attributes.float("on_value"))
        let off = lowering.builder.scalar(try attributes.float("off_value"))
        return lowering.builder.select(hit, on, off, name: name, shape: shape)
    }

    /// A running sum along `axis` as a product with a triangular matrix of ones (strict when
    /// `exclusive`, the other triangle when `reverse`), the axis moved last and back.
    static let cumulativeSum: Lowering = { lowering, node, operands, shape, name throws(MLProgramConversionError) in
        let attributes = lowering.attributes(node)
        let rank = shape.count
        let given = try attributes.int("axis")
        let axis = given < 0 ? given + rank : given
        guard axis >= 0, axis < rank else { throw lowering.failure("cumsum: axis \(given) out of range") }
        let (exclusive, reverse) = (try attributes.bool("exclusive"), try attributes.bool("reverse"))
        let length = shape[axis]
        // weights[source][target]: 1 where the source position counts toward the target's sum.
        var weights = [Float](repeating: 0, count: length * length)
        for source in 0..<length {
            for target in 0..<length {
                let counts =
                    reverse
                    ? source > target || (!exclusive && source == target)
                    : source < target || (!exclusive && source == target)
                weights[source * length + target] = counts ? 1 : 0
            }
        }
        var perm = Array(0..<rank)
        perm.remove(at: axis)
        perm.append(axis)
        let inverse = (0..<rank).map { perm.firstIndex(of: $0) ?? $0 }
        let moved = lowering.builder.transpose(operands[0], perm: perm, name: name + "_moved")
        let matrix = try lowering.builder.floats(weights, shape: [length, length], name: name + "_triangle")
        let summed = lowering.builder.op(
            "matmul", ["x": moved, "y": matrix], name: name + "_summed", shape: perm.map { shape[$0] })
        return lowering.builder.transpose(summed, perm: inverse, name: name)
    }
}
