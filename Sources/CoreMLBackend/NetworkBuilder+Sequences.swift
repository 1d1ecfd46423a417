import CoreMLSpec

/// Small layers the recurrent converters put together: reshapes, slices and reversals along
/// one axis, and products with a constant matrix.
extension NetworkBuilder {
    /// `reshapeStatic` of `blob` to `shape` (same element count).
    mutating func reshape(_ blob: String, to shape: [Int], name: String) -> String {
        add(name, inputs: [blob], shape: shape) { layer in
            var params = CoreML_Specification_ReshapeStaticLayerParams()
            params.targetShape = shape.map(Int64.init)
            layer.reshapeStatic = params
        }
    }

    /// `blob[..., range, ...]` along `axis`, every other axis kept whole.
    mutating func slice(_ blob: String, axis: Int, _ range: Range<Int>, name: String) -> String {
        var shape = shapes[blob] ?? []
        let rank = shape.count
        if shape.indices.contains(axis) { shape[axis] = range.count }
        return add(name, inputs: [blob], shape: shape) { layer in
            var params = CoreML_Specification_SliceStaticLayerParams()
            params.beginIds = (0..<rank).map { $0 == axis ? Int64(range.lowerBound) : 0 }
            params.endIds = (0..<rank).map { $0 == axis ? Int64(range.upperBound) : 0 }
            params.strides = Array(repeating: 1, count: rank)
            params.beginMasks = (0..<rank).map { $0 != axis }
            params.endMasks = (0..<rank).map { $0 != axis }
            layer.sliceStatic = params
        }
    }

    /// `blob` with `axis` reversed.
    mutating func reverse(_ blob: String, axis: Int, name: String) -> String {
        let shape = shapes[blob] ?? []
        return add(name, inputs: [blob], shape: shape) { layer in
            var params = CoreML_Specification_ReverseLayerParams()
            params.reverseDim = shape.indices.map { $0 == axis }
            layer.reverse = params
        }
    }

    /// `blob · kernel (+ bias)` over the last axis, `kernel` being `[inputs, outputs]` row-major
    /// (Keras's order).
    mutating func matmul(
        _ blob: String, kernel: [Float], inputs: Int, outputs: Int, bias: [Float]?, name: String
    ) -> String {
        var shape = shapes[blob] ?? []
        if !shape.isEmpty { shape[shape.count - 1] = outputs }
        return add(name, inputs: [blob], shape: shape) { layer in
            var params = CoreML_Specification_BatchedMatMulLayerParams()
            params.weightMatrixFirstDimension = UInt64(inputs)
            params.weightMatrixSecondDimension = UInt64(outputs)
            // Core ML stores the [inputs, outputs] matrix column by column: as [outputs, inputs].
            var transposed = [Float](repeating: 0, count: kernel.count)
            for row in 0..<inputs {
                for column in 0..<outputs { transposed[column * inputs + row] = kernel[row * outputs + column] }
            }
            params.weights = WeightParams.floats(transposed)
            params.hasBias_p = bias != nil
            if let bias { params.bias = WeightParams.floats(bias) }
            layer.batchedMatmul = params
        }
    }
}
