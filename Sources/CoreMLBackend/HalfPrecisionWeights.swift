import CoreMLSpec

/// `--precision float16` for the NeuralNetwork format: each layer's float weights stored as
/// binary16 (`float16Value`) instead of float32 (`floatValue`), halving the file; Core ML widens
/// them when it loads the model, so compute precision is unchanged.
///
/// The layer kinds are the ones coremltools stores in half precision (its fp16 weight
/// quantization): convolution, inner product, batch norm, batched matmul, embeddings, scale,
/// bias, constants and the recurrent layers. A PReLU's slopes and a layer normalization's gamma
/// and beta stay float32, as coremltools leaves them; so do constants of fewer than
/// ``smallestConstant`` values (a Lambda's scalars and per-channel vectors, where an epsilon such
/// as 1e-12 would round to zero in half precision while the file would shrink by a few bytes).
enum HalfPrecisionWeights {
    static let smallestConstant = 64

    static func convert(_ layer: inout CoreML_Specification_NeuralNetworkLayer) {
        switch layer.layer {
        case .convolution(var params)?:
            half(&params, \.weights, \.bias)
            layer.convolution = params
        case .innerProduct(var params)?:
            half(&params, \.weights, \.bias)
            layer.innerProduct = params
        case .batchnorm(var params)?:
            half(&params, \.gamma, \.beta, \.mean, \.variance)
            layer.batchnorm = params
        case .batchedMatmul(var params)?:
            half(&params, \.weights, \.bias)
            layer.batchedMatmul = params
        case .embedding(var params)?:
            half(&params, \.weights, \.bias)
            layer.embedding = params
        case .embeddingNd(var params)?:
            half(&params, \.weights, \.bias)
            layer.embeddingNd = params
        case .scale(var params)?:
            half(&params, \.scale, \.bias)
            layer.scale = params
        case .bias(var params)?:
            half(&params, \.bias)
            layer.bias = params
        case .loadConstant(var params)? where params.data.floatValue.count >= smallestConstant:
            half(&params, \.data)
            layer.loadConstant = params
        case .loadConstantNd(var params)? where params.data.floatValue.count >= smallestConstant:
            half(&params, \.data)
            layer.loadConstantNd = params
        case .simpleRecurrent(var params)?:
            half(&params, \.weightMatrix, \.recursionMatrix, \.biasVector)
            layer.simpleRecurrent = params
        case .gru(var params)?:
            half(&params, \.updateGateWeightMatrix, \.resetGateWeightMatrix, \.outputGateWeightMatrix)
            half(&params, \.updateGateRecursionMatrix, \.resetGateRecursionMatrix, \.outputGateRecursionMatrix)
            half(&params, \.updateGateBiasVector, \.resetGateBiasVector, \.outputGateBiasVector)
            layer.gru = params
        case .uniDirectionalLstm(var params)?:
            half(&params.weightParams)
            layer.uniDirectionalLstm = params
        case .biDirectionalLstm(var params)?:
            for index in params.weightParams.indices { half(&params.weightParams[index]) }
            layer.biDirectionalLstm = params
        default:
            break
        }
    }

    private typealias Weights = CoreML_Specification_WeightParams

    private static func half(_ lstm: inout CoreML_Specification_LSTMWeightParams) {
        half(
            &lstm, \.inputGateWeightMatrix, \.forgetGateWeightMatrix, \.blockInputWeightMatrix,
            \.outputGateWeightMatrix, \.inputGateRecursionMatrix, \.forgetGateRecursionMatrix,
            \.blockInputRecursionMatrix, \.outputGateRecursionMatrix, \.inputGateBiasVector, \.forgetGateBiasVector,
            \.blockInputBiasVector, \.outputGateBiasVector, \.inputGatePeepholeVector, \.forgetGatePeepholeVector,
            \.outputGatePeepholeVector)
    }

    /// The weights at `paths` of `params` in half precision (those stored as float32).
    private static func half<Params>(_ params: inout Params, _ paths: WritableKeyPath<Params, Weights>...) {
        for path in paths where !params[keyPath: path].floatValue.isEmpty {
            params[keyPath: path].float16Value = HalfPrecision.bytes(params[keyPath: path].floatValue)
            params[keyPath: path].floatValue = []
        }
    }
}
