/// Ops that make values rather than transform them: `const`, `shape` and `random_normal`.
extension CoreOpCatalog {
    static let sourceOps: [CoreOp] = [
        CoreOp(
            name: "const",
            summary: "A constant: value (one float or a list) in shape; one value fills the whole shape.",
            operands: .fixed(0),
            attributes: [.required("value", .floatOrFloats), .axesOrAll("shape")],
            shape: { _, attributes throws(CoreOpError) in
                ShapeRules.known(try constant(attributes).shape)
            },
            evaluate: { _, attributes throws(CoreOpError) in
                try constant(attributes)
            }
        ),
        CoreOp(
            name: "shape",
            summary: "The operand's shape as a 1-D tensor (tf.shape); unknown dimensions are known when evaluated.",
            operands: .fixed(1),
            shape: { shapes, _ throws(CoreOpError) in [shapes[0].count] },
            evaluate: { operands, _ throws(CoreOpError) in
                Tensor(vector: operands[0].shape.map(Double.init))
            }
        ),
        CoreOp(
            name: "random_normal",
            summary:
                "Normal samples (mean, stddev) in the shape of the operand like; evaluation is deterministic from seed "
                + "but does not reproduce TensorFlow's values.",
            operands: .fixed(1),
            attributes: [.float("mean", 0), .float("stddev", 1), .int("seed", 0)],
            shape: { shapes, _ throws(CoreOpError) in shapes[0] },
            evaluate: { operands, attributes throws(CoreOpError) in
                let (mean, stddev) = (try attributes.float("mean"), try attributes.float("stddev"))
                var sampler = SeededNormalSampler(seed: try attributes.int("seed"))
                return Tensor(shape: operands[0].shape) { (_: [Int]) -> Double in mean + stddev * sampler.next() }
            }
        ),
    ]

    /// `const`'s tensor. Without a shape, one float is a scalar and a list is a vector.
    private static func constant(_ attributes: AttributeReader) throws(CoreOpError) -> Tensor {
        let value = try attributes.value("value")
        let values = try attributes.floats("value")
        guard let shape = try attributes.intsOrNone("shape") else {
            return value.floatValue.map(Tensor.init(scalar:)) ?? Tensor(vector: values)
        }
        guard shape.allSatisfy({ $0 >= 0 }) else {
            throw CoreOpError("shape \(shape) has a negative dimension")
        }
        let count = try ShapeRules.product(ShapeRules.known(shape)) ?? 0
        if values.count == 1 {
            return Tensor(unchecked: shape, values: Array(repeating: values[0], count: count))
        }
        guard values.count == count else {
            throw CoreOpError("\(values.count) values do not fill shape \(shape)")
        }
        return Tensor(unchecked: shape, values: values)
    }
}
