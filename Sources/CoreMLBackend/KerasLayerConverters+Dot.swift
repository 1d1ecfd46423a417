import CoreMLSpec

/// Keras' `Dot` merge layer on two rank-3 tensors (batch, rows, inner): its batch_dot sums one
/// axis of each and keeps x's other axis then y's, which is one batched matmul with the
/// operands' last two axes swapped where the summed axis is not where matmul sums. Other ranks
/// and `normalize=True` are refused.
extension KerasLayerConverters {
    static func dot(_ context: ConversionContext, _ builder: inout NetworkBuilder) throws(CoreMLConversionError)
        -> String
    {
        guard context.inputs.count == 2 else { throw failure(context, "Dot takes two inputs") }
        let (x, y) = (shape(builder, context.inputs[0]), shape(builder, context.inputs[1]))
        guard x.count == 3, y.count == 3 else {
            throw failure(context, "Dot on tensors of rank other than 3 has no Core ML converter yet")
        }
        guard context.bool("normalize") != true else {
            throw failure(context, "Dot with normalize=True has no Core ML converter yet")
        }
        let axes = context.pair("axes", default: [-1, -1]).map { $0 < 0 ? $0 + 3 : $0 }
        guard axes.allSatisfy({ $0 == 1 || $0 == 2 }) else {
            throw failure(context, "Dot over axes \(axes) (the batch axis cannot be summed)")
        }
        let (transposeA, transposeB) = (axes[0] == 1, axes[1] == 2)
        let (rows, inner) = transposeA ? (x[2], x[1]) : (x[1], x[2])
        let (innerB, columns) = transposeB ? (y[2], y[1]) : (y[1], y[2])
        guard inner == innerB else {
            throw failure(context, "Dot sums axes of different sizes (\(inner) and \(innerB))")
        }
        return builder.add(context.layer.name, inputs: context.inputs, shape: [x[0], rows, columns]) { layer in
            var params = CoreML_Specification_BatchedMatMulLayerParams()
            params.transposeA = transposeA
            params.transposeB = transposeB
            layer.batchedMatmul = params
        }
    }
}
