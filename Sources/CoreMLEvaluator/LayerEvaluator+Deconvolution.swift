import CoreMLSpec
import CoreOps

/// The `convolution` layer with `isDeconvolution` set: a transposed convolution.
///
/// Each input position `(i, j)` of channel `c` adds `x[c, i, j] * w[c, o, ky, kx]` to output
/// position `(i * strideH + ky * dilationH, j * strideW + kx * dilationW)` of every output channel
/// `o` of its group; weights are `[C_in, C_out / nGroups, kH, kW]`. That full result spans
/// `(H_in - 1) * stride + dilated kernel` per axis; the padding type then trims it as the
/// specification gives the output sizes: valid padding amounts crop that many rows and columns
/// from each edge (`H_out = (H_in - 1) * stride + kernel - top - bottom`); same padding gives
/// `H_in * stride`, trimmed like convolution's same padding, the odd unit at the end for
/// `BOTTOM_RIGHT_HEAVY` and at the start for `TOP_LEFT_HEAVY`, or extended with zeros at the end
/// when the kernel is shorter than the stride (the specification gives only the size). An `outputShape` other than
/// the one the padding type gives is refused: the specification does not say where that output sits.
extension LayerEvaluator {
    static func deconvolution(
        _ params: CoreML_Specification_ConvolutionLayerParams, _ input: Tensor, _ context: LayerContext
    ) throws(CoreMLEvaluationError) -> Tensor {
        let (batch, channels, height, width) = TensorLayout.images(input)
        let groups = params.nGroups == 0 ? 1 : Int(params.nGroups)
        let (outputs, kernelChannels) = (Int(params.outputChannels), Int(params.kernelChannels))
        guard kernelChannels == channels, channels % groups == 0, outputs % groups == 0 else {
            throw context.fail(
                .shapeMismatch(
                    "\(channels) input channels, kernelChannels \(kernelChannels), nGroups \(groups), "
                        + "outputChannels \(outputs)"))
        }
        let kernel = try SpatialPadding.pair(params.kernelSize, default: 3, "kernelSize", context)
        let stride = try SpatialPadding.pair(params.stride, default: 1, "stride", context)
        let dilation = try SpatialPadding.pair(params.dilationFactor, default: 1, "dilationFactor", context)
        let full = (
            (height - 1) * stride.0 + (kernel.0 - 1) * dilation.0 + 1,
            (width - 1) * stride.1 + (kernel.1 - 1) * dilation.1 + 1
        )
        let trim = try deconvolutionTrim(params, input: (height, width), full: full, stride: stride, context)
        let (rows, columns) = (full.0 - trim[0].0 - trim[0].1, full.1 - trim[1].0 - trim[1].1)
        guard rows > 0, columns > 0 else {
            throw context.fail(.shapeMismatch("the padding leaves no output of a \(full.0)x\(full.1) deconvolution"))
        }
        let perGroup = (inputs: channels / groups, outputs: outputs / groups)
        let weights = try context.weights(
            params.weights, "weights", count: channels * perGroup.outputs * kernel.0 * kernel.1)
        let bias = params.hasBias_p ? try context.weights(params.bias, "bias", count: outputs) : nil
        var values = [Double](repeating: 0, count: batch * outputs * rows * columns)
        for item in 0..<batch {
            for c in 0..<channels {
                let group = c / perGroup.inputs
                for i in 0..<height {
                    for j in 0..<width {
                        let x = input.values[((item * channels + c) * height + i) * width + j]
                        for local in 0..<perGroup.outputs {
                            let o = group * perGroup.outputs + local
                            let taps = ((c * perGroup.outputs + local) * kernel.0) * kernel.1
                            for ky in 0..<kernel.0 {
                                let y = i * stride.0 + ky * dilation.0 - trim[0].0
                                guard y >= 0 && y < rows else { continue }
                                for kx in 0..<kernel.1 {
                                    let column = j * stride.1 + kx * dilation.1 - trim[1].0
                                    guard column >= 0 && column < columns else { continue }
                                    values[((item * outputs + o) * rows + y) * columns + column] +=
                                        x * weights[taps + ky * kernel.1 + kx]
                                }
                            }
                        }
                    }
                }
            }
        }
        if let bias {
            for position in values.indices { values[position] += bias[(position / (rows * columns)) % outputs] }
        }
        let shape = Array(input.shape.dropLast(3)) + [outputs, rows, columns]
        return try context.tensor(shape: shape, values: values)
    }

    /// How much of the full result each edge loses (negative: zeros added), height then width.
    private static func deconvolutionTrim(
        _ params: CoreML_Specification_ConvolutionLayerParams, input: (Int, Int), full: (Int, Int),
        stride: (Int, Int), _ context: LayerContext
    ) throws(CoreMLEvaluationError) -> [(Int, Int)] {
        var trim = [(0, 0), (0, 0)]
        switch params.convolutionPaddingType {
        case .valid(let valid)?:
            trim = try SpatialPadding.amounts(valid.paddingAmounts, context)
        case .same(let same)?:
            for (axis, total) in [full.0 - input.0 * stride.0, full.1 - input.1 * stride.1].enumerated() {
                let small = max(total, 0) / 2
                trim[axis] = same.asymmetryMode == .topLeftHeavy ? (total - small, small) : (small, total - small)
                // A result shorter than `H_in * stride` (kernel shorter than the stride) gets zeros at the end.
                if total < 0 { trim[axis] = (0, total) }
            }
        case nil:
            break
        }
        if !params.outputShape.isEmpty {
            let sizes = [full.0 - trim[0].0 - trim[0].1, full.1 - trim[1].0 - trim[1].1]
            guard params.outputShape.map({ Int($0) }) == sizes else {
                throw context.fail(
                    .unsupported(
                        "deconvolution outputShape \(params.outputShape) other than the padding's \(sizes)"))
            }
        }
        return trim
    }
}
