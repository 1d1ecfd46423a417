import CoreMLSpec
import CoreOps
import Foundation

/// The `activation` layer: every `ActivationParams` non-linearity. PReLU and parametric softplus
/// take per-channel parameters along axis -3.
extension LayerEvaluator {
    static let activationEvaluators: [LayerEvaluator] = [
        .single("activation", \.activation, activation)
    ]

    private static func activation(
        _ params: CoreML_Specification_ActivationParams, _ context: LayerContext
    ) throws(CoreMLEvaluationError) -> Tensor {
        let input = try context.single()
        switch params.nonlinearityType {
        case .linear(let p)?:
            return input.map { Double(p.alpha) * $0 + Double(p.beta) }
        case .reLu?:
            return input.map { Swift.max(0, $0) }
        case .leakyReLu(let p)?:
            return input.map { $0 >= 0 ? $0 : Double(p.alpha) * $0 }
        case .thresholdedReLu(let p)?:
            return input.map { $0 >= Double(p.alpha) ? $0 : 0 }
        case .tanh?:
            return input.map { Foundation.tanh($0) }
        case .scaledTanh(let p)?:
            return input.map { Double(p.alpha) * Foundation.tanh(Double(p.beta) * $0) }
        case .sigmoid?:
            return input.map { 1 / (1 + Foundation.exp(-$0)) }
        case .sigmoidHard(let p)?:
            return input.map { Swift.min(Swift.max(Double(p.alpha) * $0 + Double(p.beta), 0), 1) }
        case .elu(let p)?:
            return input.map { $0 >= 0 ? $0 : Double(p.alpha) * (Foundation.exp($0) - 1) }
        case .softsign?:
            return input.map { $0 / (1 + Swift.abs($0)) }
        case .softplus?:
            return input.map { Foundation.log(1 + Foundation.exp($0)) }
        case .preLu(let p)?:
            let alphas = try channelParameter(p.alpha, "PReLU alpha", input, context)
            return perChannel(input) { value, channel in value >= 0 ? value : alphas[channel] * value }
        case .parametricSoftplus(let p)?:
            let alphas = try channelParameter(p.alpha, "parametric softplus alpha", input, context)
            let betas = try channelParameter(p.beta, "parametric softplus beta", input, context)
            return perChannel(input) { value, channel in
                alphas[channel] * Foundation.log(1 + Foundation.exp(betas[channel] * value))
            }
        case nil:
            throw context.fail(.invalidParameter("no non-linearity is set"))
        }
    }

    /// A per-channel parameter (one value, or one per channel of axis -3).
    private static func channelParameter(
        _ blob: CoreML_Specification_WeightParams, _ label: String, _ input: Tensor, _ context: LayerContext
    ) throws(CoreMLEvaluationError) -> [Double] {
        try context.require(input, minimumRank: 3)
        return try context.weights(blob, label, oneOr: input.shape[input.rank - 3])
    }

    /// Maps every element together with its index along axis -3.
    static func perChannel(_ input: Tensor, _ transform: (Double, Int) -> Double) -> Tensor {
        let channels = input.shape[input.rank - 3]
        let plane = input.shape[input.rank - 2] * input.shape[input.rank - 1]
        var result = input
        for position in input.values.indices {
            result.values[position] = transform(input.values[position], (position / Swift.max(plane, 1)) % channels)
        }
        return result
    }
}
