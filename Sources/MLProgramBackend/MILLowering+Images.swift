import CoreOps
import KerasModel

extension MILLowering {
    static let imageLowerings: [(String, Lowering)] = [
        ("resize", resize), ("space_to_depth", spaceToDepth), ("depth_to_space", depthToSpace),
    ]

    /// TensorFlow's resize is separable: each output row mixes input rows by fixed weights, and
    /// each output column input columns. The two weight matrices come from the catalog's own
    /// evaluation of the node on one-hot images, so every method and coordinate convention it
    /// knows is kept; the program multiplies channels-first data by them (`matmul` on each side).
    ///
    /// A whole-number enlargement whose sampling MIL's upsampling operations share (nearest
    /// without aligned corners; bilinear at half-pixel centers or with aligned corners) is that
    /// operation instead: it holds any image size, where the matrices fix it.
    static let resize: Lowering = { lowering, node, operands, shape, name throws(MLProgramConversionError) in
        let input = try lowering.shape(operands[0])
        guard input.count == 4, shape.count == 4 else { throw lowering.failure("resize: expected NHWC images") }
        let (height, width, newHeight, newWidth) = (input[1], input[2], shape[1], shape[2])
        let attributes = lowering.attributes(node)
        let method = try attributes.string("method")
        let (aligned, halfPixel) = (try attributes.bool("align_corners"), try attributes.bool("half_pixel_centers"))
        if newHeight % height == 0, newWidth % width == 0 {
            let factors = [newHeight / height, newWidth / width]
            let planar = lowering.builder.transpose(operands[0], perm: [0, 3, 1, 2], name: name + "_nchw")
            let grown = [input[0], input[3], newHeight, newWidth]
            var upsampled: String?
            if method == "nearest", !aligned {
                upsampled = lowering.builder.op(
                    "upsample_nearest_neighbor",
                    [
                        "x": planar, "scale_factor_height": lowering.builder.ints([factors[0]], scalar: true),
                        "scale_factor_width": lowering.builder.ints([factors[1]], scalar: true),
                    ], name: name + "_upsampled", shape: grown)
            } else if method == "bilinear", aligned || halfPixel {
                upsampled = lowering.builder.op(
                    "upsample_bilinear",
                    [
                        "x": planar, "scale_factor_height": lowering.builder.ints([factors[0]], scalar: true),
                        "scale_factor_width": lowering.builder.ints([factors[1]], scalar: true),
                        "align_corners": lowering.builder.bools([aligned], scalar: true),
                    ], name: name + "_upsampled", shape: grown)
            }
            if let upsampled { return lowering.builder.transpose(upsampled, perm: [0, 2, 3, 1], name: name) }
        }
        let rows = try lowering.resizeWeights(node, length: height, resized: newHeight, vertical: true)
        let columns = try lowering.resizeWeights(node, length: width, resized: newWidth, vertical: false)
        return try lowering.builder.resizeImage(
            operands[0], rows: rows, columns: WeightLayout.permuted(columns, shape: [newWidth, width], perm: [1, 0]),
            inputShape: input, height: newHeight, width: newWidth, name: name)
    }

    /// The [resized, length] matrix of the node's resize along one axis: the catalog resizing a
    /// one-hot image whose channel c marks position c.
    func resizeWeights(_ node: CoreOpGraph.Node, length: Int, resized: Int, vertical: Bool)
        throws(MLProgramConversionError) -> [Float]
    {
        guard let op = CoreOpCatalog.op(named: "resize") else { throw failure("'resize' is not a core op") }
        var attributes = node.attributes
        attributes["size"] = .ints(vertical ? [resized, 1] : [1, resized])
        let shape = vertical ? [1, length, 1, length] : [1, 1, length, length]
        do {
            let image = Tensor(shape: shape) { (index: [Int]) in index[vertical ? 1 : 2] == index[3] ? 1 : 0 }
            let result = try op.evaluate([image], attributes)
            // result[0, i, 0, c] (or [0, 0, i, c]) is the weight of input position c in output i.
            return result.values.map(Float.init)
        } catch {
            throw failure("resize: \(error)")
        }
    }

    /// Blocks of space to channels in TensorFlow's order ((dy * block + dx) * C + c), on the
    /// batch-less rank-5 view [H / b, b, W / b, b, C].
    static let spaceToDepth: Lowering = { lowering, node, operands, shape, name throws(MLProgramConversionError) in
        let input = try lowering.shape(operands[0])
        let block = try lowering.attributes(node).int("block_size")
        guard input.count == 4, input[0] == 1 else { throw lowering.failure("space_to_depth: expected NHWC images") }
        let view = [input[1] / block, block, input[2] / block, block, input[3]]
        let blocks = lowering.builder.reshape(operands[0], to: view, name: name + "_blocks")
        let moved = lowering.builder.transpose(blocks, perm: [0, 2, 1, 3, 4], name: name + "_moved")
        return lowering.builder.reshape(moved, to: shape, name: name)
    }

    /// The inverse: channels (dy * block + dx) * C' + c spread over a block of space.
    static let depthToSpace: Lowering = { lowering, node, operands, shape, name throws(MLProgramConversionError) in
        let input = try lowering.shape(operands[0])
        let block = try lowering.attributes(node).int("block_size")
        guard input.count == 4, input[0] == 1 else { throw lowering.failure("depth_to_space: expected NHWC images") }
        let view = [input[1], input[2], block, block, input[3] / (block * block)]
        let blocks = lowering.builder.reshape(operands[0], to: view, name: name + "_blocks")
        let moved = lowering.builder.transpose(blocks, perm: [0, 2, 1, 3, 4], name: name + "_moved")
        return lowering.builder.reshape(moved, to: shape, name: name)
    }
}

extension MILProgramBuilder {
    /// An NHWC image resized as `rows · x · columns` on its channels-first form: `rows` is the
    /// [height, input height] matrix of TensorFlow's interpolation weights, `columns` the
    /// [input width, width] one. Shared by the `resize` core op and Keras's `Resizing` layer.
    mutating func resizeImage(
        _ input: String, rows: [Float], columns: [Float], inputShape: [Int], height: Int, width: Int, name: String
    ) throws(MLProgramConversionError) -> String {
        let (batch, channels) = (inputShape[0], inputShape[3])
        let first = transpose(input, perm: [0, 3, 1, 2], name: name + "_nchw")
        let rowMatrix = try floats(rows, shape: [height, inputShape[1]], name: name + "_rows")
        let mixedRows = op(
            "matmul", ["x": rowMatrix, "y": first], name: name + "_mix_rows",
            shape: [batch, channels, height, inputShape[2]])
        let columnMatrix = try floats(columns, shape: [inputShape[2], width], name: name + "_columns")
        let mixed = op(
            "matmul", ["x": mixedRows, "y": columnMatrix], name: name + "_mix_columns",
            shape: [batch, channels, height, width])
        return transpose(mixed, perm: [0, 2, 3, 1], name: name)
    }
}
