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
        return onChannelsFirst(input, name: name, step: "_pad", outputShape: outputShape) { layer in
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
        onChannelsFirst(input, name: name, step: "_reorganize", outputShape: outputShape) { layer in
            var params = CoreML_Specification_ReorganizeDataLayerParams()
            params.mode = toDepth ? .spaceToDepth : .depthToSpace
            params.blockSize = UInt64(blockSize)
            layer.reorganizeData = params
        }
    }

    /// `resize` of an NHWC image by whole factors: Core ML's `upsample` on the [C, H, W] image,
    /// nearest, or bilinear on the grid TensorFlow's flags choose (legacy, aligned corners, or
    /// half-pixel centers, the last two needing specification version 5).
    mutating func resize(
        _ input: String, _ node: CoreOpGraph.Node, name: String, shapes: Shapes
    ) throws(CoreMLConversionError) -> String {
        let (inputShape, outputShape) = (shapes.input, shapes.output)
        guard inputShape.count == 4, outputShape.count == 4 else { throw failure("resize needs an NHWC image") }
        let factors = [outputShape[1], outputShape[2]].enumerated().map { axis, size in
            inputShape[axis + 1] > 0 && size % inputShape[axis + 1] == 0 ? size / inputShape[axis + 1] : 0
        }
        guard factors.allSatisfy({ $0 >= 1 }) else {
            throw failure(
                "resize from \(inputShape[1])x\(inputShape[2]) to \(outputShape[1])x\(outputShape[2]) "
                    + "is lowered for whole scaling factors only")
        }
        let attributes = self.attributes(node)
        let bilinear = try attributes.string("method") == "bilinear"
        let alignCorners = try attributes.bool("align_corners")
        let halfPixel = try attributes.bool("half_pixel_centers")
        if !bilinear && alignCorners {
            throw failure("nearest resize with align_corners has no Core ML upsample mode")
        }
        return onChannelsFirst(input, name: name, step: "_upsample", outputShape: outputShape) { layer in
            var params = CoreML_Specification_UpsampleLayerParams()
            params.scalingFactor = factors.map(UInt64.init)
            params.mode = bilinear ? .bilinear : .nn
            // Nearest sampling by a whole factor picks the same pixel with or without half-pixel
            // centers; bilinear follows the flags. Aligned corners by a factor of one is the identity.
            if bilinear && alignCorners {
                params.linearUpsampleMode = .alignCornersTrue
            } else if bilinear && halfPixel {
                params.linearUpsampleMode = .alignCornersFalse
            }
            layer.upsample = params
        }
    }

    /// One Core ML image layer, defined on [C, H, W], applied to an NHWC tensor: transposed to
    /// channels-first, the layer (`configure`), and back; `outputShape` is the NHWC result's.
    private mutating func onChannelsFirst(
        _ input: String, name: String, step: String, outputShape: [Int],
        _ configure: (inout CoreML_Specification_NeuralNetworkLayer) -> Void
    ) -> String {
        let channelsFirst = builder.transpose(input, perm: [0, 3, 1, 2], name: name + "_nchw")
        let result = builder.add(
            name + step, inputs: [channelsFirst],
            shape: [outputShape[0], outputShape[3], outputShape[1], outputShape[2]], configure)
        return builder.transpose(result, perm: [0, 2, 3, 1], name: name)
    }
}
