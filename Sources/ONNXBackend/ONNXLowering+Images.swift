import CoreOps
import ONNXSpec

extension ONNXLowering {
    /// An op ONNX defines on channels-first images, between transposes of the NHWC tensor.
    static func channelsFirst(_ op: String, _ attributes: @escaping @Sendable (Int) -> [Onnx_AttributeProto])
        -> Lowering
    {
        { lowering, node, operands, name throws(ONNXConversionError) in
            let block = try lowering.attributes(node).int("block_size")
            let first = lowering.builder.transpose(operands[0], perm: [0, 3, 1, 2], name: name + "_nchw")
            let moved = lowering.builder.node(op, [first], name: name + "_moved", shape: nil, attributes(block))
            return lowering.builder.transpose(moved, perm: [0, 2, 3, 1], name: name)
        }
    }

    static let imageLowerings: [(String, Lowering)] = [
        ("space_to_depth", channelsFirst("SpaceToDepth") { [ONNXAttribute.int("blocksize", $0)] }),
        // TensorFlow's channel order is ONNX's DCR mode (depth, then column, then row).
        (
            "depth_to_space",
            channelsFirst("DepthToSpace") { [ONNXAttribute.int("blocksize", $0), ONNXAttribute.string("mode", "DCR")] }
        ),
        (
            "resize",
            { lowering, node, operands, name throws(ONNXConversionError) in try lowering.resize(node, operands, name) }
        ),
        (
            "pad",
            { lowering, node, operands, name throws(ONNXConversionError) in try lowering.pad(node, operands, name) }
        ),
    ]

    /// tf.image.resize on an NHWC image (``ONNXGraphBuilder/resizeImage(_:_:name:)``).
    private mutating func resize(_ node: CoreOpGraph.Node, _ operands: [String], _ name: String)
        throws(ONNXConversionError) -> String
    {
        let attributes = self.attributes(node)
        let size = try attributes.ints("size")
        guard try shape(operands[0]).count == 4, size.count == 2 else { throw failure("resize of an NHWC image batch") }
        let resize = ImageResize(
            height: size[0], width: size[1],
            method: try attributes.string("method") == "nearest" ? .nearest : .bilinear,
            alignCorners: try attributes.bool("align_corners"),
            halfPixelCenters: try attributes.bool("half_pixel_centers"))
        return builder.resizeImage(operands[0], resize, name: name)
    }

    /// tf.pad: constant and reflect are ONNX's own modes; symmetric (the edge repeated) is built
    /// from reversed slices joined around the tensor, axis by axis.
    private mutating func pad(_ node: CoreOpGraph.Node, _ operands: [String], _ name: String)
        throws(ONNXConversionError) -> String
    {
        let attributes = self.attributes(node)
        let flat = try attributes.ints("paddings")
        let mode = try attributes.string("mode")
        let rank = try shape(operands[0]).count
        guard flat.count == 2 * rank else { throw failure("pad: paddings \(flat) for a rank-\(rank) tensor") }
        let before = (0..<rank).map { flat[2 * $0] }
        let after = (0..<rank).map { flat[2 * $0 + 1] }
        if mode != "symmetric" {
            let pads = builder.ints(before + after, name: name + "_pads")
            var inputs = [operands[0], pads]
            if mode == "constant" { inputs.append(builder.scalar(try attributes.float("constant"))) }
            return builder.node("Pad", inputs, name: name, shape: nil, [ONNXAttribute.string("mode", mode)])
        }
        var tensor = operands[0]
        for axis in 0..<rank where before[axis] > 0 || after[axis] > 0 {
            var parts: [String] = []
            if before[axis] > 0 {
                parts.append(
                    builder.slice(
                        tensor, starts: [before[axis] - 1], ends: [Int.min], axes: [axis], steps: [-1],
                        name: "\(name)_before\(axis)", shape: nil))
            }
            parts.append(tensor)
            if after[axis] > 0 {
                parts.append(
                    builder.slice(
                        tensor, starts: [-1], ends: [-after[axis] - 1], axes: [axis], steps: [-1],
                        name: "\(name)_after\(axis)", shape: nil))
            }
            tensor = builder.node(
                "Concat", parts, name: "\(name)_axis\(axis)", shape: nil, [ONNXAttribute.int("axis", axis)])
        }
        return builder.node("Identity", [tensor], name: name, shape: nil)
    }
}
