import CoreMLSpec

/// Activation layers with parameters of their own.
extension KerasLayerConverters {
    /// PReLU: `max(x, 0) + alpha * min(x, 0)`, alpha broadcast over the shared axes.
    static func parametricReLU(_ context: ConversionContext, _ builder: inout NetworkBuilder)
        throws(CoreMLConversionError) -> String
    {
        guard let input = context.inputs.first, let alpha = context.weights.first,
            let alphaShape = context.weightShapes.first
        else { throw failure(context, "expected an input and alpha") }
        let inputShape = shape(builder, input)
        guard alphaShape.count == inputShape.count - 1,
            zip(alphaShape, inputShape.dropFirst()).allSatisfy({ $0 == $1 || $0 == 1 })
        else { throw failure(context, "alpha of shape \(alphaShape) does not fit an input of shape \(inputShape)") }
        let name = context.layer.name
        let positive = Activations.activation(input, name: name + "_positive", &builder) { params in
            params.reLu = CoreML_Specification_ActivationReLU()
        }
        let zero = builder.constant([0], shape: [1], name: name + "_zero")
        let negative = Elementwise.binary(.minimum, input, zero, name: name + "_negative", &builder)
        let slopes = builder.constant(alpha.map(Double.init), shape: [1] + alphaShape, name: name + "_alpha")
        let scaled = Elementwise.binary(.multiply, negative, slopes, name: name + "_scaled", &builder)
        return Elementwise.binary(.add, positive, scaled, name: name, &builder)
    }

    /// ThresholdedReLU: `x` where `x > theta`, else 0 (Core ML keeps `x == theta` too).
    static func thresholdedReLU(_ context: ConversionContext, _ builder: inout NetworkBuilder)
        throws(CoreMLConversionError) -> String
    {
        guard let input = context.inputs.first else { throw failure(context, "no input") }
        let theta = context.config["theta"]?.double ?? 1
        return Activations.activation(input, name: context.layer.name, &builder) { params in
            var thresholded = CoreML_Specification_ActivationThresholdedReLU()
            thresholded.alpha = Float(theta)
            params.thresholdedReLu = thresholded
        }
    }
}
