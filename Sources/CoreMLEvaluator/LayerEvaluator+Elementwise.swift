import CoreMLSpec
import CoreOps
import Foundation

/// One-input element-wise layers: the rank-N math functions, `clip`, `clampedReLU`, `gelu`,
/// `copy` and the classic `unary` function layer.
extension LayerEvaluator {
    static let elementwiseEvaluators: [LayerEvaluator] = [
        .elementwise("copy") { $0 },
        .elementwise("ceil") { Foundation.ceil($0) },
        .elementwise("floor") { Foundation.floor($0) },
        // The specification does not say how halves round; this rounds them away from zero.
        .elementwise("round") { $0.rounded(.toNearestOrAwayFromZero) },
        .elementwise("sign") { $0 > 0 ? 1 : ($0 < 0 ? -1 : 0) },
        .elementwise("sin") { Foundation.sin($0) },
        .elementwise("cos") { Foundation.cos($0) },
        .elementwise("tanh") { Foundation.tanh($0) },
        .elementwise("erf") { Foundation.erf($0) },
        .single("clip", \.clip) { (params, context) throws(CoreMLEvaluationError) -> Tensor in
            let low = Double(params.minVal)
            let high = Double(params.maxVal)
            return try context.single().map { Swift.min(Swift.max($0, low), high) }
        },
        .single("clampedReLu", \.clampedReLu) { (params, context) throws(CoreMLEvaluationError) -> Tensor in
            let alpha = Double(params.alpha)
            let beta = Double(params.beta)
            return try context.single().map { Swift.min(beta, $0 >= 0 ? $0 : alpha * $0) }
        },
        .single("gelu", \.gelu, gelu),
        .single("unary", \.unary, unaryFunction),
    ]

    private static func gelu(
        _ params: CoreML_Specification_GeluLayerParams, _ context: LayerContext
    ) throws(CoreMLEvaluationError) -> Tensor {
        let input = try context.single()
        switch params.mode {
        case .exact:
            return input.map { 0.5 * $0 * (1 + Foundation.erf($0 / 2.0.squareRoot())) }
        case .tanhApproximation:
            let factor = (2 / Double.pi).squareRoot()
            return input.map { 0.5 * $0 * (1 + Foundation.tanh(factor * ($0 + 0.044715 * $0 * $0 * $0))) }
        case .sigmoidApproximation:
            return input.map { $0 / (1 + Foundation.exp(-1.702 * $0)) }
        case .UNRECOGNIZED(let value):
            throw context.fail(.unsupported("gelu mode \(value)"))
        }
    }

    /// `f(scale * x + shift)`; a zero scale means 1 and a zero epsilon means 1e-6.
    private static func unaryFunction(
        _ params: CoreML_Specification_UnaryFunctionLayerParams, _ context: LayerContext
    ) throws(CoreMLEvaluationError) -> Tensor {
        let input = try context.single()
        let scale = params.scale == 0 ? 1 : Double(params.scale)
        let shift = Double(params.shift)
        let epsilon = params.epsilon == 0 ? 1e-6 : Double(params.epsilon)
        let alpha = Double(params.alpha)
        let function: (Double) -> Double
        switch params.type {
        case .sqrt: function = { $0.squareRoot() }
        case .rsqrt: function = { 1 / ($0 + epsilon).squareRoot() }
        case .inverse: function = { 1 / ($0 + epsilon) }
        case .power: function = { Foundation.pow($0, alpha) }
        case .exp: function = { Foundation.exp($0) }
        case .log: function = { Foundation.log($0) }
        case .abs: function = { Swift.abs($0) }
        case .threshold: function = { Swift.max(alpha, $0) }
        case .UNRECOGNIZED(let value): throw context.fail(.unsupported("unary operation \(value)"))
        }
        return input.map { function(scale * $0 + shift) }
    }
}
