import CoreMLSpec
import CoreOps

/// Spatial windows: `convolution` (grouped, strided, dilated; valid or same padding; or a
/// deconvolution) and `pooling` (max, average, L2; valid, same, include-last-pixel or global).
extension LayerEvaluator {
    static let convolutionEvaluators: [LayerEvaluator] = [
        .single("convolution", \.convolution, convolution),
        .single("pooling", \.pooling, pooling),
    ]

    /// Zero-padded cross-correlation of `[..., C_in, H, W]` with weights
    /// `[C_out, C_in / groups, kH, kW]`, each group of output channels reading its own group of
    /// input channels.
    private static func convolution(
        _ params: CoreML_Specification_ConvolutionLayerParams, _ context: LayerContext
    ) throws(CoreMLEvaluationError) -> Tensor {
        let input = try context.single(minimumRank: 4)
        if params.isDeconvolution { return try deconvolution(params, input, context) }
        let (_, channels, height, width) = TensorLayout.images(input)
        let groups = params.nGroups == 0 ? 1 : Int(params.nGroups)
        let (outputs, kernelChannels) = (Int(params.outputChannels), Int(params.kernelChannels))
        guard kernelChannels * groups == channels, outputs % groups == 0 else {
            throw context.fail(
                .shapeMismatch(
                    "\(channels) input channels, kernelChannels \(kernelChannels), nGroups \(groups), "
                        + "outputChannels \(outputs)"))
        }
        let window = try SpatialWindow.convolution(params, height: height, width: width, context)
        let (rows, columns) = (window.rows, window.columns)
        guard rows.output > 0, columns.output > 0 else {
            throw context.fail(.shapeMismatch("the kernel does not fit a \(height)x\(width) input"))
        }
        let weights = try context.weights(
            params.weights, "weights", count: outputs * kernelChannels * window.kernel.height * window.kernel.width)
        let bias = params.hasBias_p ? try context.weights(params.bias, "bias", count: outputs) : nil
        let filter = Filter(
            weights: weights, bias: bias, outputs: outputs, kernelChannels: kernelChannels,
            perGroup: outputs / groups)
        let values = correlate(input, filter, window)
        let shape = Array(input.shape.dropLast(3)) + [outputs, rows.output, columns.output]
        return try context.tensor(shape: shape, values: values)
    }

    /// A convolution's weights and how its output channels map onto input channel groups.
    private struct Filter {
        let weights: [Double]
        let bias: [Double]?
        let outputs: Int
        let kernelChannels: Int
        let perGroup: Int
    }

    private static func correlate(_ input: Tensor, _ filter: Filter, _ window: SpatialWindow) -> [Double] {
        let (batch, channels, height, width) = TensorLayout.images(input)
        let (kh, kw) = window.kernel
        var values: [Double] = []
        values.reserveCapacity(batch * filter.outputs * window.rows.output * window.columns.output)
        for item in 0..<batch {
            for output in 0..<filter.outputs {
                let firstChannel = (output / filter.perGroup) * filter.kernelChannels
                for row in 0..<window.rows.output {
                    for column in 0..<window.columns.output {
                        var total = filter.bias?[output] ?? 0
                        for k in 0..<filter.kernelChannels {
                            let plane = (item * channels + firstChannel + k) * height
                            let taps = ((output * filter.kernelChannels + k) * kh) * kw
                            for i in 0..<kh {
                                let y = window.inputRow(row, tap: i)
                                guard y >= 0 && y < height else { continue }
                                for j in 0..<kw {
                                    let x = window.inputColumn(column, tap: j)
                                    guard x >= 0 && x < width else { continue }
                                    total += filter.weights[taps + i * kw + j] * input.values[(plane + y) * width + x]
                                }
                            }
                        }
                        values.append(total)
                    }
                }
            }
        }
        return values
    }
}
