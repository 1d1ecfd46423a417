import CoreMLSpec
import CoreOps

extension LambdaLowering {
    static let imageLowerings: [(key: String, value: Lowering)] = [
        (
            "pad",
            shaped { lowering, node, operands, name, shapes throws(CoreMLConversionError) in
                try lowering.pad(operands[0], node, name: name, outputShape: shapes.output)
            }
        ),
        ("space_to_depth", reorganization(toDepth: true)), ("depth_to_space", reorganization(toDepth: false)),
        (
            "resize",
            shaped { lowering, node, operands, name, shapes throws(CoreMLConversionError) in
                try lowering.resize(operands[0], node, name: name, shapes: shapes)
            }
        ),
    ]

    private static func reorganization(toDepth: Bool) -> Lowering {
        shaped { lowering, node, operands, name, shapes throws(CoreMLConversionError) in
            let blockSize = try lowering.attributes(node).int("block_size")
            return lowering.reorganize(
                operands[0], toDepth: toDepth, blockSize: blockSize, name: name, outputShape: shapes.output)
        }
    }

    /// `pad`: constant padding on any axes; reflection and edge padding on the spatial axes of a
    /// channels-last image (Core ML pads [C, H, W] images, so the tensor is transposed around it).
    mutating func pad(
        _ input: String, _ node: CoreOpGraph.Node, name: String, outputShape: [Int]
    ) throws(CoreMLConversionError) -> String {
        let attributes = self.attributes(node)
        let paddings = try attributes.ints("paddings")
        let mode = try attributes.string("mode")
        if mode == "constant" {
            let constant = try attributes.float("constant")
            return builder.add(name, inputs: [input], shape: outputShape) { layer in
                var params = CoreML_Specification_ConstantPaddingLayerParams()
                params.value = Float(constant)
                params.padAmounts = paddings.map { UInt64(max(0, $0)) }
                layer.constantPad = params
            }
        }
        guard paddings.count == 8, paddings[0] == 0, paddings[1] == 0, paddings[6] == 0, paddings[7] == 0 else {
            throw failure("\(mode) padding is lowered for the height and width of an NHWC image only")
        }
        guard mode == "reflect" else {
            throw failure("'\(mode)' padding has no Core ML layer (reflect and constant do)")
        }
        return builder.onChannelsFirst(input, name: name, step: "_pad", outputShape: outputShape) { layer in
            var params = CoreML_Specification_PaddingLayerParams()
            params.reflection = CoreML_Specification_PaddingLayerParams.PaddingReflection()
            var amounts = CoreML_Specification_BorderAmounts()
            for axis in [2, 4] {
                var edges = CoreML_Specification_BorderAmounts.EdgeSizes()
                edges.startEdgeSize = UInt64(paddings[axis])
                edges.endEdgeSize = UInt64(paddings[axis + 1])
                amounts.borderAmounts.append(edges)
            }
            params.paddingAmounts = amounts
            layer.padding = params
        }
    }

    /// `space_to_depth` / `depth_to_space` on a channels-last image, through Core ML's [C, H, W]
    /// reorganization.
    private mutating func reorganize(
        _ input: String, toDepth: Bool, blockSize: Int, name: String, outputShape: [Int]
    ) -> String {
        builder.onChannelsFirst(input, name: name, step: "_reorganize", outputShape: outputShape) { layer in
            var params = CoreML_Specification_ReorganizeDataLayerParams()
            params.mode = toDepth ? .spaceToDepth : .depthToSpace
            params.blockSize = UInt64(blockSize)
            layer.reorganizeData = params
        }
    }
}
