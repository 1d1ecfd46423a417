import CoreMLSpec
import CoreOps
import Foundation

/// Normalizations: `batchnorm`, `l2normalize`, the classic `softmax` (axis -3), `softmaxND`
/// and `layerNormalization`.
extension LayerEvaluator {
    static let normalizationEvaluators: [LayerEvaluator] = [
        .single("batchnorm", \.batchnorm, batchnorm),
        .single("l2Normalize", \.l2Normalize) { (params, context) throws(CoreMLEvaluationError) -> Tensor in
            let input = try context.single(minimumRank: 3)
            let epsilon = params.epsilon == 0 ? 1e-6 : Double(params.epsilon)
            let axes = Set((input.rank - 3)..<input.rank)
            let norms = reduce(input, over: axes, keepDims: true) { sum($0.map { $0 * $0 }) }
            return try context.shapes { () throws(CoreOpError) in
                try Tensor.elementwise(input, norms) { $0 / ($1 + epsilon).squareRoot() }
            }
        },
        .single("softmax", \.softmax) { (_, context) throws(CoreMLEvaluationError) -> Tensor in
            let input = try context.single(minimumRank: 3)
            return try softmax(input, axis: input.rank - 3, context)
        },
        .single("softmaxNd", \.softmaxNd) { (params, context) throws(CoreMLEvaluationError) -> Tensor in
            let input = try context.single()
            return try softmax(input, axis: context.axis(params.axis, rank: input.rank), context)
        },
        .single("layerNormalization", \.layerNormalization, layerNormalization),
    ]

    /// `exp(x - max) / sum(exp(x - max))` along one axis.
    static func softmax(_ input: Tensor, axis: Int, _ context: LayerContext) throws(CoreMLEvaluationError) -> Tensor {
        let peaks = reduce(input, over: [axis], keepDims: true) { $0.max() ?? 0 }
        let exponentials = try context.shapes { () throws(CoreOpError) in
            try Tensor.elementwise(input, peaks) { Foundation.exp($0 - $1) }
        }
        let totals = reduce(exponentials, over: [axis], keepDims: true, sum)
        return try context.shapes { () throws(CoreOpError) in try Tensor.elementwise(exponentials, totals, /) }
    }

    /// `gamma * (x - mean) / sqrt(variance + epsilon) + beta` per channel of axis -3, with the
    /// stored statistics, or with statistics of each instance (over H, W) or of the batch (over
    /// every axis but -3) when `computeMeanVar` is set. A zero epsilon means 1e-5.
    private static func batchnorm(
        _ params: CoreML_Specification_BatchnormLayerParams, _ context: LayerContext
    ) throws(CoreMLEvaluationError) -> Tensor {
        let input = try context.single(minimumRank: 3)
        let channels = Int(params.channels)
        guard input.shape[input.rank - 3] == channels else {
            throw context.fail(.shapeMismatch("input \(input.shape) has not \(channels) channels on axis -3"))
        }
        let epsilon = params.epsilon == 0 ? 1e-5 : Double(params.epsilon)
        let gamma = try context.weights(params.gamma, "gamma", count: channels)
        let beta = try context.weights(params.beta, "beta", count: channels)
        let rank = input.rank
        guard params.computeMeanVar else {
            let mean = try context.weights(params.mean, "mean", count: channels)
            let variance = try context.weights(params.variance, "variance", count: channels)
            return perChannel(input) { value, c in
                gamma[c] * (value - mean[c]) / (variance[c] + epsilon).squareRoot() + beta[c]
            }
        }
        let axes = params.instanceNormalization ? Set([rank - 2, rank - 1]) : Set((0..<rank).filter { $0 != rank - 3 })
        let mean = reduce(input, over: axes, keepDims: true) { sum($0) / Double($0.count) }
        let centered = try context.shapes { () throws(CoreOpError) in try Tensor.elementwise(input, mean, -) }
        let variance = reduce(centered, over: axes, keepDims: true) { sum($0.map { $0 * $0 }) / Double($0.count) }
        let normalized = try context.shapes { () throws(CoreOpError) in
            try Tensor.elementwise(centered, variance) { $0 / ($1 + epsilon).squareRoot() }
        }
        return perChannel(normalized) { value, c in gamma[c] * value + beta[c] }
    }

    /// Normalizes over the trailing axes `normalizedShape` names, then applies gamma and beta
    /// (each of that shape).
    private static func layerNormalization(
        _ params: CoreML_Specification_LayerNormalizationLayerParams, _ context: LayerContext
    ) throws(CoreMLEvaluationError) -> Tensor {
        let input = try context.single()
        let trailing = params.normalizedShape.map { Int($0) }
        guard !trailing.isEmpty, trailing.count <= input.rank, Array(input.shape.suffix(trailing.count)) == trailing
        else {
            throw context.fail(.shapeMismatch("normalizedShape \(trailing) does not end input shape \(input.shape)"))
        }
        let size = trailing.reduce(1, *)
        let gamma = try context.weights(params.gamma, "gamma", count: size)
        let beta = try context.weights(params.beta, "beta", count: size)
        let epsilon = Double(params.eps)
        var result = input
        for start in stride(from: 0, to: input.count, by: Swift.max(size, 1)) {
            let group = input.values[start..<(start + size)]
            let mean = group.reduce(0, +) / Double(size)
            let variance = group.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(size)
            for offset in 0..<size {
                let normalized = (input.values[start + offset] - mean) / (variance + epsilon).squareRoot()
                result.values[start + offset] = gamma[offset] * normalized + beta[offset]
            }
        }
        return result
    }
}
