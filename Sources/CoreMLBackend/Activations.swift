import CoreMLSpec
import KerasModel

/// Keras activations as Core ML layers.
enum Activations {
    /// Activations that are one `ActivationParams` kind.
    static let simple: [String: @Sendable (inout CoreML_Specification_ActivationParams) -> Void] = [
        "relu": { $0.reLu = CoreML_Specification_ActivationReLU() },
        "sigmoid": { $0.sigmoid = CoreML_Specification_ActivationSigmoid() },
        "tanh": { $0.tanh = CoreML_Specification_ActivationTanh() },
        "softplus": { $0.softplus = CoreML_Specification_ActivationSoftplus() },
        "softsign": { $0.softsign = CoreML_Specification_ActivationSoftsign() },
        "elu": {
            var elu = CoreML_Specification_ActivationELU()
            elu.alpha = 1
            $0.elu = elu
        },
        // Keras 2's; `apply` picks Keras 3's for Keras 3 files.
        "hard_sigmoid": {
            var hard = CoreML_Specification_ActivationSigmoidHard()
            hard.alpha = 0.2
            hard.beta = 0.5
            $0.sigmoidHard = hard
        },
    ]

    static func apply(
        _ name: String, to input: String, _ context: ConversionContext, _ builder: inout NetworkBuilder
    ) throws(CoreMLConversionError) -> String {
        // The last layer of a Keras layer carries its name: outputs keep the names Keras gave them.
        let layerName = context.layer.name
        switch name {
        case "linear": return input
        case "softmax": return softmax(input, axis: -1, name: layerName, &builder)
        case "log_softmax": return logSoftmax(input, name: layerName, &builder)
        case "relu6": return clip(input, min: 0, max: 6, name: layerName, &builder)
        case "exponential": return NDLayers.unary(input, .exp, name: layerName, &builder)
        case "gelu":
            return builder.add(layerName, inputs: [input], shape: builder.shapes[input] ?? []) { layer in
                var params = CoreML_Specification_GeluLayerParams()
                params.mode = .exact
                layer.gelu = params
            }
        case "hard_sigmoid":
            return hardSigmoid(input, context.flavour, name: layerName, &builder)
        case "swish", "silu":
            let gate = activation(input, name: layerName + "_sigmoid", &builder) { simple["sigmoid"]?(&$0) }
            return Elementwise.binary(.multiply, input, gate, name: layerName, &builder)
        case "hard_silu", "hard_swish":
            let gate = hardSigmoid(input, context.flavour, name: layerName + "_gate", &builder)
            return Elementwise.binary(.multiply, input, gate, name: layerName, &builder)
        case "mish":
            let softplus = activation(input, name: layerName + "_softplus", &builder) { simple["softplus"]?(&$0) }
            let gate = activation(softplus, name: layerName + "_tanh", &builder) { simple["tanh"]?(&$0) }
            return Elementwise.binary(.multiply, input, gate, name: layerName, &builder)
        case "selu":
            let elu = activation(input, name: layerName + "_elu", &builder) { params in
                var elu = CoreML_Specification_ActivationELU()
                elu.alpha = Float(seluAlpha)
                params.elu = elu
            }
            return activation(elu, name: layerName, &builder) { params in
                var linear = CoreML_Specification_ActivationLinear()
                linear.alpha = Float(seluScale)
                params.linear = linear
            }
        case "leaky_relu":
            return activation(input, name: layerName, &builder) { params in
                var leaky = CoreML_Specification_ActivationLeakyReLU()
                leaky.alpha = 0.2  // Keras 3's default negative slope
                params.leakyReLu = leaky
            }
        default:
            guard let configure = simple[name] else {
                throw KerasLayerConverters.failure(context, "activation '\(name)' is not supported")
            }
            return activation(input, name: layerName, &builder, configure)
        }
    }

    /// SELU's constants (Klambauer et al.), as Keras writes them.
    static let seluAlpha = 1.6732632423543772848170429916717
    static let seluScale = 1.0507009873554804934193349852946

    /// `clip(alpha * x + 0.5, 0, 1)`: Keras 2 uses `alpha = 0.2`, Keras 3 `relu6(x + 3) / 6`.
    static func hardSigmoid(
        _ input: String, _ flavour: KerasFlavour, name: String, _ builder: inout NetworkBuilder
    ) -> String {
        activation(input, name: name, &builder) { params in
            var hard = CoreML_Specification_ActivationSigmoidHard()
            hard.alpha = flavour == .keras3 ? Float(1.0 / 6.0) : 0.2
            hard.beta = 0.5
            params.sigmoidHard = hard
        }
    }

    /// `x - log(sum(exp(x)))` over the last axis.
    static func logSoftmax(_ input: String, name: String, _ builder: inout NetworkBuilder) -> String {
        var shape = builder.shapes[input] ?? []
        if !shape.isEmpty { shape[shape.count - 1] = 1 }
        let total = builder.add(name + "_logsumexp", inputs: [input], shape: shape) { layer in
            var params = CoreML_Specification_ReduceLogSumExpLayerParams()
            params.axes = [-1]
            params.keepDims = true
            layer.reduceLogSumExp = params
        }
        return Elementwise.binary(.subtract, input, total, name: name, &builder)
    }

    static func activation(
        _ input: String, name: String, _ builder: inout NetworkBuilder,
        _ configure: (inout CoreML_Specification_ActivationParams) -> Void
    ) -> String {
        builder.add(name, inputs: [input], shape: builder.shapes[input] ?? []) { layer in
            var params = CoreML_Specification_ActivationParams()
            configure(&params)
            layer.activation = params
        }
    }

    static func softmax(_ input: String, axis: Int, name: String, _ builder: inout NetworkBuilder) -> String {
        builder.add(name, inputs: [input], shape: builder.shapes[input] ?? []) { layer in
            var params = CoreML_Specification_SoftmaxNDLayerParams()
            params.axis = Int64(axis)
            layer.softmaxNd = params
        }
    }

    static func clip(_ input: String, min: Double, max: Double, name: String, _ builder: inout NetworkBuilder) -> String
    {
        builder.add(name, inputs: [input], shape: builder.shapes[input] ?? []) { layer in
            var params = CoreML_Specification_ClipLayerParams()
            params.minVal = Float(min)
            params.maxVal = Float(max)
            layer.clip = params
        }
    }
}

/// Broadcasting elementwise layers.
enum Elementwise {
    enum Operation {
        case add, subtract, multiply, divide, maximum, minimum, power
    }

    static func binary(
        _ operation: Operation, _ left: String, _ right: String, name: String, _ builder: inout NetworkBuilder
    ) -> String {
        if let fused = builder.scaleAndShift(operation, left, right, name: name) { return fused }
        let shape = broadcast(builder.shapes[left] ?? [], builder.shapes[right] ?? [])
        return builder.add(name, inputs: [left, right], shape: shape) { layer in
            switch operation {
            case .add: layer.addBroadcastable = CoreML_Specification_AddBroadcastableLayerParams()
            case .subtract: layer.subtractBroadcastable = CoreML_Specification_SubtractBroadcastableLayerParams()
            case .multiply: layer.multiplyBroadcastable = CoreML_Specification_MultiplyBroadcastableLayerParams()
            case .divide: layer.divideBroadcastable = CoreML_Specification_DivideBroadcastableLayerParams()
            case .maximum: layer.maxBroadcastable = CoreML_Specification_MaxBroadcastableLayerParams()
            case .minimum: layer.minBroadcastable = CoreML_Specification_MinBroadcastableLayerParams()
            case .power: layer.powBroadcastable = CoreML_Specification_PowBroadcastableLayerParams()
            }
        }
    }

    /// NumPy broadcasting of two static shapes.
    static func broadcast(_ left: [Int], _ right: [Int]) -> [Int] {
        let rank = max(left.count, right.count)
        let a = Array(repeating: 1, count: rank - left.count) + left
        let b = Array(repeating: 1, count: rank - right.count) + right
        return zip(a, b).map { $0 == 1 ? $1 : $0 }
    }
}
