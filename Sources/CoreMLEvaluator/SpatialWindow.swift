import CoreMLSpec

/// Where a 2-D window (a kernel with stride and dilation) sits over an `H × W` plane: the
/// padding and output size of each axis.
struct SpatialWindow {
    /// Kernel height and width, before dilation.
    var kernel: (height: Int, width: Int)
    /// Step between window positions.
    var stride: (height: Int, width: Int)
    /// Spacing between kernel taps.
    var dilation: (height: Int, width: Int)
    /// Padding and output size along the height.
    var rows: SpatialPadding
    /// Padding and output size along the width.
    var columns: SpatialPadding

    /// The input row read by window row `row`, tap `tap` (may fall in the padding).
    func inputRow(_ row: Int, tap: Int) -> Int {
        row * stride.height - rows.before + tap * dilation.height
    }

    /// The input column read by window column `column`, tap `tap` (may fall in the padding).
    func inputColumn(_ column: Int, tap: Int) -> Int {
        column * stride.width - columns.before + tap * dilation.width
    }

    /// The window of a convolution, from its kernel, stride, dilation and padding parameters.
    static func convolution(
        _ params: CoreML_Specification_ConvolutionLayerParams, height: Int, width: Int, _ context: LayerContext
    ) throws(CoreMLEvaluationError) -> SpatialWindow {
        let kernel = try SpatialPadding.pair(params.kernelSize, default: 3, "kernelSize", context)
        let stride = try SpatialPadding.pair(params.stride, default: 1, "stride", context)
        let dilation = try SpatialPadding.pair(params.dilationFactor, default: 1, "dilationFactor", context)
        let reach = ((kernel.0 - 1) * dilation.0 + 1, (kernel.1 - 1) * dilation.1 + 1)
        var amounts = [(0, 0), (0, 0)]
        switch params.convolutionPaddingType {
        case .same(let same)?:
            return SpatialWindow(
                kernel: kernel, stride: stride, dilation: dilation,
                rows: .same(input: height, kernel: reach.0, stride: stride.0, mode: same.asymmetryMode),
                columns: .same(input: width, kernel: reach.1, stride: stride.1, mode: same.asymmetryMode))
        case .valid(let valid)?:
            amounts = try SpatialPadding.amounts(valid.paddingAmounts, context)
        case nil:
            break
        }
        return SpatialWindow(
            kernel: kernel, stride: stride, dilation: dilation,
            rows: .valid(input: height, kernel: reach.0, stride: stride.0, before: amounts[0].0, after: amounts[0].1),
            columns: .valid(input: width, kernel: reach.1, stride: stride.1, before: amounts[1].0, after: amounts[1].1))
    }

    /// The window of a pooling layer. Global pooling covers the whole plane once; include-last-pixel
    /// padding is symmetric and drops a last window that would start in the end padding.
    static func pooling(
        _ params: CoreML_Specification_PoolingLayerParams, height: Int, width: Int, _ context: LayerContext
    ) throws(CoreMLEvaluationError) -> SpatialWindow {
        if params.globalPooling {
            return SpatialWindow(
                kernel: (height, width), stride: (1, 1), dilation: (1, 1),
                rows: .valid(input: height, kernel: height, stride: 1, before: 0, after: 0),
                columns: .valid(input: width, kernel: width, stride: 1, before: 0, after: 0))
        }
        let kernel = try SpatialPadding.pair(params.kernelSize, default: 3, "kernelSize", context)
        let stride = try SpatialPadding.pair(params.stride, default: 1, "stride", context)
        var window = SpatialWindow(
            kernel: kernel, stride: stride, dilation: (1, 1),
            rows: .valid(input: height, kernel: kernel.0, stride: stride.0, before: 0, after: 0),
            columns: .valid(input: width, kernel: kernel.1, stride: stride.1, before: 0, after: 0))
        switch params.poolingPaddingType {
        case .same(let same)?:
            window.rows = .same(input: height, kernel: kernel.0, stride: stride.0, mode: same.asymmetryMode)
            window.columns = .same(input: width, kernel: kernel.1, stride: stride.1, mode: same.asymmetryMode)
        case .valid(let valid)?:
            let amounts = try SpatialPadding.amounts(valid.paddingAmounts, context)
            window.rows = .valid(
                input: height, kernel: kernel.0, stride: stride.0, before: amounts[0].0, after: amounts[0].1)
            window.columns = .valid(
                input: width, kernel: kernel.1, stride: stride.1, before: amounts[1].0, after: amounts[1].1)
        case .includeLastPixel(let complete)?:
            let padding = complete.paddingAmounts.isEmpty ? [0, 0] : complete.paddingAmounts.map { Int($0) }
            guard padding.count == 2 else { throw context.fail(.invalidParameter("paddingAmounts must have 2 values")) }
            window.rows = includingLastPixel(input: height, kernel: kernel.0, stride: stride.0, padding: padding[0])
            window.columns = includingLastPixel(input: width, kernel: kernel.1, stride: stride.1, padding: padding[1])
        case nil:
            break
        }
        return window
    }

    /// `ceil((in + 2p - k) / s) + 1` windows, one fewer when padding is used and the last one
    /// would start at or past `in + p`.
    private static func includingLastPixel(input: Int, kernel: Int, stride: Int, padding: Int) -> SpatialPadding {
        let span = input + 2 * padding - kernel
        guard span >= 0 else { return SpatialPadding(before: padding, after: padding, output: 0) }
        var output = (span + stride - 1) / stride + 1
        if padding > 0 && (output - 1) * stride >= input + padding { output -= 1 }
        return SpatialPadding(before: padding, after: padding, output: output)
    }
}
