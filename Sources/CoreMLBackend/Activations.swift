import CoreMLSpec

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
        case "relu6": return clip(input, min: 0, max: 6, name: layerName, &builder)
        case "swish", "silu":
            let gate = activation(input, name: layerName + "_sigmoid", &builder) { simple["sigmoid"]?(&$0) }
            return Elementwise.binary(.multiply, input, gate, name: layerName, &builder)
        default:
            guard let configure = simple[name] else {
                throw KerasLayerConverters.failure(context, "activation '\(name)' is not supported")
            }
            return activation(input, name: layerName, &builder, configure)
        }
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
