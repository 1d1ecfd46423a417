import KerasModel

extension InspectReport {
    /// `converted` with each Lambda that the rules cannot take at unknown sizes but can at the
    /// default sizes `convert` chooses (`tf.image.resize(x, tf.shape(x)[1:3] * 2)`, whose size
    /// is a number only once the input's is) taken from a conversion at those sizes, as `convert`
    /// does: so that `inspect`, `explain` and `convert` agree. Shapes stay the unknown ones.
    static func atDefaultSizes(
        _ model: KerasModel, _ converted: LambdaConversion.Converted, conversion: LambdaConversion
    ) -> (LambdaConversion.Converted, [String: String]) {
        let pending = converted.outcomes.filter { $0.value.status != .rewritable && $0.value.rewrite != nil }
        guard !pending.isEmpty, let shapes = try? InputShapeOptions().resolve(model),
            shapes.values.contains(where: \.isFlexible)
        else { return (converted, [:]) }
        var scratch = ModelRecord(input: model.file, output: "", target: "mlmodel", status: .converted)
        let sized = conversion.convert(model.withInputShapes(shapes.mapValues(\.defaultShape)), record: &scratch)
        var result = converted
        var notes: [String: String] = [:]
        let sizes = model.graph.inputs.compactMap { input in
            shapes[input.layer].map { "\(input.layer) \($0.defaultShape.map(String.init).joined(separator: "x"))" }
        }
        for (name, outcome) in pending {
            guard var other = sized.outcomes[name], other.status == .rewritable else { continue }
            other.inputShapes = outcome.inputShapes
            other.outputShape = outcome.outputShape
            result.outcomes[name] = other
            notes[name] =
                "rewritten at the default input sizes (\(sizes.joined(separator: ", "))); convert checks "
                + "that its Core ML layers are the same at other sizes"
        }
        return (result, notes)
    }
}
