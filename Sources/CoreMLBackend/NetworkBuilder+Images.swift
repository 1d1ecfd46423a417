import CoreMLSpec
import CoreOps

/// Image layers that Core ML defines on [C, H, W], for NHWC tensors: shared by the Lambda
/// lowerings (`resize`, `pad`, `depth_to_space`) and the Keras layers that do the same
/// (`Resizing`).
extension NetworkBuilder {
    /// The most weights the linear-map form of a resize may store for one axis (a 2048 x 2048 resize).
    static let maximumResizeWeights = 1 << 22

    /// Why a resize has no Core ML form; the caller names the layer.
    struct ResizeRefusal: Error {
        var message: String
    }

    /// One Core ML image layer applied to an NHWC tensor: transposed to channels-first, the layer
    /// (`configure`), and back; `outputShape` is the NHWC result's.
    mutating func onChannelsFirst(
        _ input: String, name: String, step: String, outputShape: [Int],
        _ configure: (inout CoreML_Specification_NeuralNetworkLayer) -> Void
    ) -> String {
        let channelsFirst = transpose(input, perm: [0, 3, 1, 2], name: name + "_nchw")
        let result = add(
            name + step, inputs: [channelsFirst],
            shape: [outputShape[0], outputShape[3], outputShape[1], outputShape[2]], configure)
        return transpose(result, perm: [0, 2, 3, 1], name: name)
    }

    /// `resize` of an NHWC image on the Core ML layer whose sampling grid is TensorFlow's for the
    /// flags, or else as the linear map TensorFlow's sampling is.
    ///
    /// Whole up-scaling factors use `upsample` (nearest, or bilinear on the grid the flags choose);
    /// other bilinear sizes without half-pixel centers use `resizeBilinear`, whose
    /// `UPSAMPLE_MODE` grid is TensorFlow's legacy `i * in / out` and `STRICT_ALIGN_ENDPOINTS`
    /// its aligned corners. What remains (nearest sampling at other sizes, half-pixel bilinear at
    /// fractional factors, whose `upsample` output size the specification leaves open) is two
    /// `batchedMatmul` layers with TensorFlow's interpolation weights, one per axis.
    mutating func resizeImage(
        _ input: String, _ resize: ImageResize, inputShape: [Int], name: String
    ) throws(ResizeRefusal) -> String {
        guard inputShape.count == 4, inputShape[1] > 0, inputShape[2] > 0 else {
            throw ResizeRefusal(message: "resize needs a non-empty NHWC image")
        }
        let outputShape = [inputShape[0], resize.height, resize.width, inputShape[3]]
        let factors = [1, 2].map { axis in
            outputShape[axis] % inputShape[axis] == 0 ? outputShape[axis] / inputShape[axis] : 0
        }
        if factors.allSatisfy({ $0 >= 1 }) && !(resize.method == .nearest && resize.alignCorners) {
            return upsample(input, resize, factors: factors, name: name, outputShape: outputShape)
        }
        if resize.method == .bilinear && !resize.halfPixelCenters {
            return onChannelsFirst(input, name: name, step: "_resize", outputShape: outputShape) { layer in
                var params = CoreML_Specification_ResizeBilinearLayerParams()
                params.targetSize = [UInt64(resize.height), UInt64(resize.width)]
                params.mode.samplingMethod = resize.alignCorners ? .strictAlignEndpointsMode : .upsampleMode
                layer.resizeBilinear = params
            }
        }
        return try linearResize(input, resize, inputShape: inputShape, name: name)
    }

    /// `upsample` by whole factors. Nearest sampling by a whole factor picks the same pixel with or
    /// without half-pixel centers; bilinear follows the flags (aligned corners by a factor of one
    /// is the identity).
    private mutating func upsample(
        _ input: String, _ resize: ImageResize, factors: [Int], name: String, outputShape: [Int]
    ) -> String {
        onChannelsFirst(input, name: name, step: "_upsample", outputShape: outputShape) { layer in
            var params = CoreML_Specification_UpsampleLayerParams()
            params.scalingFactor = factors.map(UInt64.init)
            params.mode = resize.method == .bilinear ? .bilinear : .nn
            if resize.method == .bilinear && resize.alignCorners {
                params.linearUpsampleMode = .alignCornersTrue
            } else if resize.method == .bilinear && resize.halfPixelCenters {
                params.linearUpsampleMode = .alignCornersFalse
            }
            layer.upsample = params
        }
    }

    /// The resize as `x · Wᵀ` along width then height: [N, H, W, C] -> [N, H, C, W] (matmul to
    /// W') -> [N, W', C, H] (matmul to H') -> [N, H', W', C].
    private mutating func linearResize(
        _ input: String, _ resize: ImageResize, inputShape: [Int], name: String
    ) throws(ResizeRefusal) -> String {
        let (height, width) = (inputShape[1], inputShape[2])
        for (size, count) in [(height, resize.height), (width, resize.width)] {
            let (weights, overflow) = size.multipliedReportingOverflow(by: count)
            guard !overflow && weights <= Self.maximumResizeWeights else {
                throw ResizeRefusal(
                    message: "resize from \(height)x\(width) to \(resize.height)x\(resize.width) would need a "
                        + "\(size)x\(count) interpolation matrix, more than the \(Self.maximumResizeWeights) "
                        + "weights allowed")
            }
        }
        let columns = resize.axisWeights(count: resize.width, from: width).map(Float.init)
        let rows = resize.axisWeights(count: resize.height, from: height).map(Float.init)
        let byColumn = transpose(input, perm: [0, 1, 3, 2], name: name + "_nhcw")
        let wide = matmul(
            byColumn, kernel: columns, inputs: width, outputs: resize.width, bias: nil, name: name + "_width")
        let byRow = transpose(wide, perm: [0, 3, 2, 1], name: name + "_nwch")
        let tall = matmul(
            byRow, kernel: rows, inputs: height, outputs: resize.height, bias: nil, name: name + "_height")
        return transpose(tall, perm: [0, 3, 1, 2], name: name)
    }
}
