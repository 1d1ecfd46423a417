import CoreMLSpec
import CoreOps

/// The `pooling` layer: max, average and L2 pooling over windows of each `H × W` plane.
extension LayerEvaluator {
    /// Pools each plane. Max and L2 pooling read only real input elements (padding never
    /// wins a max); average pooling divides by the real elements when `avgPoolExcludePadding`
    /// is set and otherwise by the window positions inside the padded input.
    static func pooling(
        _ params: CoreML_Specification_PoolingLayerParams, _ context: LayerContext
    ) throws(CoreMLEvaluationError) -> Tensor {
        let input = try context.single(minimumRank: 4)
        let (batch, channels, height, width) = TensorLayout.images(input)
        let window = try SpatialWindow.pooling(params, height: height, width: width, context)
        guard window.rows.output > 0, window.columns.output > 0 else {
            throw context.fail(.shapeMismatch("the pooling window does not fit a \(height)x\(width) input"))
        }
        let combine: ([Double], Int) -> Double
        switch params.type {
        case .max: combine = { values, _ in values.max() ?? 0 }
        case .l2: combine = { values, _ in values.reduce(0) { $0 + $1 * $1 }.squareRoot() }
        case .average:
            let exclude = params.avgPoolExcludePadding
            combine = { values, padded in values.reduce(0, +) / Double(exclude ? Swift.max(values.count, 1) : padded) }
        case .UNRECOGNIZED(let value): throw context.fail(.unsupported("pooling type \(value)"))
        }
        var values: [Double] = []
        for plane in 0..<(batch * channels) {
            for row in 0..<window.rows.output {
                for column in 0..<window.columns.output {
                    let (inside, padded) = windowValues(input, plane: plane, row: row, column: column, window)
                    values.append(combine(inside, padded))
                }
            }
        }
        let shape = Array(input.shape.dropLast(2)) + [window.rows.output, window.columns.output]
        return try context.tensor(shape: shape, values: values)
    }

    /// The input elements under one window position, and how many window taps lie inside the
    /// padded input (`-before ..< in + after`).
    private static func windowValues(
        _ input: Tensor, plane: Int, row: Int, column: Int, _ window: SpatialWindow
    ) -> (values: [Double], padded: Int) {
        let (height, width) = (input.shape[input.rank - 2], input.shape[input.rank - 1])
        var values: [Double] = []
        var padded = 0
        for i in 0..<window.kernel.height {
            let y = window.inputRow(row, tap: i)
            guard y >= -window.rows.before && y < height + window.rows.after else { continue }
            for j in 0..<window.kernel.width {
                let x = window.inputColumn(column, tap: j)
                guard x >= -window.columns.before && x < width + window.columns.after else { continue }
                padded += 1
                if y >= 0 && y < height && x >= 0 && x < width {
                    values.append(input.values[(plane * height + y) * width + x])
                }
            }
        }
        return (values, padded)
    }
}
