import CoreMLSpec
import CoreOps
import Foundation

/// Spatial resizing of `[..., C, H, W]`: `upsample` (nearest or bilinear) and `resizeBilinear`.
extension LayerEvaluator {
    static let resamplingEvaluators: [LayerEvaluator] = [
        .single("upsample", \.upsample, upsample),
        .single("resizeBilinear", \.resizeBilinear) { (params, context) throws(CoreMLEvaluationError) -> Tensor in
            let input = try context.single(minimumRank: 3)
            let (outHeight, outWidth) = try SpatialPadding.pair(params.targetSize, default: 1, "targetSize", context)
            let (height, width) = (input.shape[input.rank - 2], input.shape[input.rank - 1])
            let method = params.mode.samplingMethod
            if case .UNRECOGNIZED(let value) = method { throw context.fail(.unsupported("sampling method \(value)")) }
            let rows = (0..<outHeight).map { grid(method, index: $0, input: height, output: outHeight) }
            let columns = (0..<outWidth).map { grid(method, index: $0, input: width, output: outWidth) }
            return bilinear(input, rows: rows, columns: columns)
        },
    ]

    /// Where output point `index` of `output` samples an input axis of `input` elements, as
    /// `SamplingMode` defines it through `linspace`.
    static func grid(_ method: CoreML_Specification_SamplingMode.Method, index: Int, input: Int, output: Int) -> Double
    {
        let (x, n, i) = (Double(input), Double(output), Double(index))
        func linspace(_ start: Double, _ end: Double) -> Double {
            output == 1 ? start : start + i * (end - start) / (n - 1)
        }
        switch method {
        case .strictAlignEndpointsMode: return linspace(0, x - 1)
        case .alignEndpointsMode: return output == 1 ? (x - 1) / 2 : linspace(0, x - 1)
        case .upsampleMode: return Swift.min(x - 1, linspace(0, x - x / n))
        case .roiAlignMode, .UNRECOGNIZED:
            let spacing = Swift.max(1, x - 1) / n
            return Swift.min(x - 1, linspace(0.5 * spacing, 0.5 * spacing + (n - 1) * spacing))
        }
    }

    /// Bilinear interpolation of each plane at the given fractional rows and columns.
    static func bilinear(_ input: Tensor, rows: [Double], columns: [Double]) -> Tensor {
        let (height, width) = (input.shape[input.rank - 2], input.shape[input.rank - 1])
        let shape = Array(input.shape.dropLast(2)) + [rows.count, columns.count]
        return Tensor(shape: shape) { index in
            let n = index.count
            let plane = input.offset(of: Array(index.prefix(n - 2)) + [0, 0])
            let (y, x) = (Swift.max(0, rows[index[n - 2]]), Swift.max(0, columns[index[n - 1]]))
            let (y0, x0) = (Swift.min(Int(y), height - 1), Swift.min(Int(x), width - 1))
            let (y1, x1) = (Swift.min(y0 + 1, height - 1), Swift.min(x0 + 1, width - 1))
            let (dy, dx) = (y - Double(y0), x - Double(x0))
            func at(_ r: Int, _ c: Int) -> Double { input.values[plane + r * width + c] }
            let top = at(y0, x0) * (1 - dx) + at(y0, x1) * dx
            let bottom = at(y1, x0) * (1 - dx) + at(y1, x1) * dx
            return top * (1 - dy) + bottom * dy
        }
    }

    /// Nearest-neighbour (`out[i] = in[i / s]`) or bilinear upsampling by integer factors;
    /// bilinear grids follow `linearUpsampleMode` (the default is the sampling mode UPSAMPLE_MODE).
    private static func upsample(
        _ params: CoreML_Specification_UpsampleLayerParams, _ context: LayerContext
    ) throws(CoreMLEvaluationError) -> Tensor {
        let input = try context.single(minimumRank: 3)
        guard params.fractionalScalingFactor.isEmpty else {
            throw context.fail(.unsupported("fractionalScalingFactor"))
        }
        let (sh, sw) = try SpatialPadding.pair(params.scalingFactor, default: 1, "scalingFactor", context)
        let (height, width) = (input.shape[input.rank - 2], input.shape[input.rank - 1])
        switch params.mode {
        case .nn:
            let shape = Array(input.shape.dropLast(2)) + [height * sh, width * sw]
            return Tensor(shape: shape) { index in
                var source = index
                source[index.count - 2] /= sh
                source[index.count - 1] /= sw
                return input[source]
            }
        case .bilinear:
            let rows = (0..<(height * sh)).map { upsampleGrid(params.linearUpsampleMode, $0, height, sh) }
            let columns = (0..<(width * sw)).map { upsampleGrid(params.linearUpsampleMode, $0, width, sw) }
            return bilinear(input, rows: rows, columns: columns)
        case .UNRECOGNIZED(let value):
            throw context.fail(.unsupported("upsample mode \(value)"))
        }
    }

    private static func upsampleGrid(
        _ mode: CoreML_Specification_UpsampleLayerParams.LinearUpsampleMode, _ index: Int, _ input: Int, _ factor: Int
    ) -> Double {
        let output = input * factor
        switch mode {
        case .alignCornersTrue:
            return output == 1 ? 0 : Double(index) * Double(input - 1) / Double(output - 1)
        case .alignCornersFalse:
            return Swift.min(Double(input - 1), Swift.max(0, (Double(index) + 0.5) / Double(factor) - 0.5))
        case .default, .UNRECOGNIZED:
            return grid(.upsampleMode, index: index, input: input, output: output)
        }
    }
}
