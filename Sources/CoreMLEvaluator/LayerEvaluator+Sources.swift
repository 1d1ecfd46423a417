import CoreMLSpec
import CoreOps
import Foundation

/// Layers whose values come from parameters rather than inputs: constants, fills and noise.
extension LayerEvaluator {
    static let sourceEvaluators: [LayerEvaluator] = [
        .single("loadConstantNd", \.loadConstantNd) { (params, context) throws(CoreMLEvaluationError) -> Tensor in
            _ = try context.inputs(0...0)
            let shape = params.shape.map { Int($0) }
            guard !shape.isEmpty else { throw context.fail(.invalidParameter("empty shape")) }
            let values = try context.weights(params.data, "data", count: shape.reduce(1, *))
            return try context.tensor(shape: shape, values: values)
        },
        .single("loadConstant", \.loadConstant) { (params, context) throws(CoreMLEvaluationError) -> Tensor in
            _ = try context.inputs(0...0)
            let shape = params.shape.map { Int($0) }
            guard shape.count == 3 else { throw context.fail(.invalidParameter("shape \(shape) is not [C, H, W]")) }
            let values = try context.weights(params.data, "data", count: shape.reduce(1, *))
            return try context.tensor(shape: [1, 1] + shape, values: values)
        },
        .single("fillLike", \.fillLike) { (params, context) throws(CoreMLEvaluationError) -> Tensor in
            let input = try context.single()
            return input.map { _ in Double(params.value) }
        },
        .single("randomNormalLike", \.randomNormalLike) {
            (params, context) throws(CoreMLEvaluationError) -> Tensor in
            let input = try context.single()
            var sampler = NormalSampler(seed: params.seed)
            return input.map { _ in Double(params.mean) + Double(params.stdDev) * sampler.next() }
        },
    ]
}

/// Seeded normal samples (SplitMix64 bits, Box–Muller shape).
///
/// Core ML does not document its generator, so `randomNormalLike` here matches it only in
/// distribution: tests compare the shape and the sample moments, never the values.
struct NormalSampler {
    private var state: UInt64

    init(seed: Int64) {
        state = UInt64(bitPattern: seed)
    }

    /// The next standard normal sample.
    mutating func next() -> Double {
        let u = 1 - uniform()
        let v = uniform()
        return (-2 * Foundation.log(u)).squareRoot() * Foundation.cos(2 * Double.pi * v)
    }

    private mutating func uniform() -> Double {
        state &+= 0x9E37_79B9_7F4A_7C15
        var bits = state
        bits = (bits ^ (bits >> 30)) &* 0xBF58_476D_1CE4_E5B9
        bits = (bits ^ (bits >> 27)) &* 0x94D0_49BB_1331_11EB
        bits ^= bits >> 31
        return Double(bits >> 11) * 0x1.0p-53
    }
}
