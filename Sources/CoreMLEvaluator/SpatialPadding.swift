import CoreMLSpec

/// The padding and output size of one spatial axis of a convolution or pooling window.
struct SpatialPadding: Equatable {
    /// Padding added before the first input element.
    var before: Int
    /// Padding added after the last input element.
    var after: Int
    /// The number of window positions.
    var output: Int

    /// Valid padding with explicit amounts: `floor((in + before + after - kernel) / stride) + 1`.
    static func valid(input: Int, kernel: Int, stride: Int, before: Int, after: Int) -> SpatialPadding {
        let span = input + before + after - kernel
        return SpatialPadding(before: before, after: after, output: span < 0 ? 0 : span / stride + 1)
    }

    /// Same padding: `ceil(in / stride)` outputs; the odd padding unit goes after the input
    /// (bottom/right heavy) or before it (top/left heavy).
    static func same(
        input: Int, kernel: Int, stride: Int, mode: CoreML_Specification_SamePadding.SamePaddingMode
    ) -> SpatialPadding {
        let output = (input + stride - 1) / stride
        let total = Swift.max(0, (output - 1) * stride + kernel - input)
        let small = total / 2
        return mode == .topLeftHeavy
            ? SpatialPadding(before: total - small, after: small, output: output)
            : SpatialPadding(before: small, after: total - small, output: output)
    }

    /// The explicit amounts of a `ValidPadding` (zeros when none are given), height then width.
    static func amounts(
        _ border: CoreML_Specification_BorderAmounts, _ context: LayerContext
    ) throws(CoreMLEvaluationError) -> [(Int, Int)] {
        let edges = border.borderAmounts
        if edges.isEmpty { return [(0, 0), (0, 0)] }
        guard edges.count == 2 else {
            throw context.fail(.invalidParameter("paddingAmounts has \(edges.count) entries, not 2"))
        }
        return edges.map { (Int($0.startEdgeSize), Int($0.endEdgeSize)) }
    }

    /// Two `[H, W]` values from a repeated field, or the default when it is empty.
    static func pair(
        _ values: [UInt64], default fallback: Int, _ label: String, _ context: LayerContext
    ) throws(CoreMLEvaluationError) -> (Int, Int) {
        if values.isEmpty { return (fallback, fallback) }
        guard values.count == 2, values.allSatisfy({ $0 > 0 }) else {
            throw context.fail(.invalidParameter("\(label) \(values) is not two positive values"))
        }
        return (Int(values[0]), Int(values[1]))
    }
}
