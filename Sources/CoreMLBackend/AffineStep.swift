import CoreMLSpec

/// `source * scale + shift` with scalar `scale` and `shift`: what a chain of arithmetic with
/// scalar constants (`x / 127.5 - 1`, `Rescaling`) folds into, written as one linear activation.
struct AffineStep: Equatable {
    var source: String
    var scale: Double
    var shift: Double

    /// This step followed by `value * scale + shift`.
    func then(scale outer: Double, shift outerShift: Double) -> AffineStep {
        AffineStep(source: source, scale: scale * outer, shift: shift * outer + outerShift)
    }
}

extension NetworkBuilder {
    /// `left op right` as one scale-and-shift layer when one operand is a scalar constant and the
    /// operation is affine in the other (`x + c`, `c - x`, `x * c`, `x / c`); a chain of them
    /// becomes a single layer reading the start of the chain. Nil when it is not such an operation.
    mutating func scaleAndShift(_ operation: Elementwise.Operation, _ left: String, _ right: String, name: String)
        -> String?
    {
        let (constant, tensor, constantFirst): (Double, String, Bool)
        if let value = scalars[right], scalars[left] == nil {
            (constant, tensor, constantFirst) = (value, left, false)
        } else if let value = scalars[left], scalars[right] == nil {
            (constant, tensor, constantFirst) = (value, right, true)
        } else {
            return nil
        }
        // The constant must not widen the tensor by broadcasting (a [1] constant with a scalar tensor).
        guard let shape = shapes[tensor], !shape.isEmpty else { return nil }
        let step: (scale: Double, shift: Double)
        switch (operation, constantFirst) {
        case (.add, _): step = (1, constant)
        case (.subtract, false): step = (1, -constant)
        case (.subtract, true): step = (-1, constant)
        case (.multiply, _): step = (constant, 0)
        case (.divide, false) where constant != 0: step = (1 / constant, 0)
        default: return nil
        }
        let fused =
            affine[tensor]?.then(scale: step.scale, shift: step.shift)
            ?? AffineStep(source: tensor, scale: step.scale, shift: step.shift)
        let output = add(name, inputs: [fused.source], shape: shape, deferred: true) { layer in
            var linear = CoreML_Specification_ActivationLinear()
            linear.alpha = Float(fused.scale)
            linear.beta = Float(fused.shift)
            var params = CoreML_Specification_ActivationParams()
            params.linear = linear
            layer.activation = params
        }
        affine[output] = fused
        return output
    }
}
