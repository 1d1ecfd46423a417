import CoreMLBackend
import CoreMLSpec
import JSON
import KerasModel

extension InputShapeOptions {
    /// The shape of every input of `model` that is flexible or was given: the user's ranges or
    /// shapes checked against the Keras shape, the default range elsewhere. Inputs whose Keras
    /// shape is known and that nobody named are left out (converted as before, batch 1).
    /// - Throws: ``PipelineError`` (usage, exit 2): an unknown input name, a rank other than the
    ///   model's, or a size the model fixes otherwise.
    func resolve(_ model: KerasModel) throws(PipelineError) -> [String: FlexibleInputShape] {
        let inference = ShapeInference(graph: model.graph)
        let names = model.graph.inputs.map(\.layer)
        for (name, _, text) in declared where !names.contains(name) {
            throw PipelineError(
                .usage,
                "--input-shape \(text): the model has no input '\(name)'; its inputs are "
                    + names.joined(separator: ", "))
        }
        var resolved: [String: FlexibleInputShape] = [:]
        for name in names {
            guard let keras = inference.outputShape(of: name)?.dimensions, !keras.isEmpty else { continue }
            if let given = declared.first(where: { $0.name == name }) {
                resolved[name] = try shape(given.shape, keras: keras, text: given.text)
            } else if keras.dropFirst().contains(where: { $0 == nil }) || batch != nil {
                resolved[name] = defaultShape(keras: keras)
            }
        }
        return resolved
    }

    /// The default ranges: `--batch` (or 1) on the batch, ``defaultRange`` on unknown dimensions.
    private func defaultShape(keras: [Int?]) -> FlexibleInputShape {
        var ranges = [batch ?? SizeRange(fixed: 1)]
        var sizes = [ranges[0].lower]
        for (axis, size) in keras.enumerated().dropFirst() {
            ranges.append(size.map { SizeRange(fixed: $0) } ?? Self.defaultRange)
            sizes.append(size ?? Self.defaultSize(rank: keras.count, axis: axis))
        }
        return FlexibleInputShape(defaultShape: sizes, flexibility: .ranges(ranges))
    }

    private func shape(_ given: Declared, keras: [Int?], text: String) throws(PipelineError) -> FlexibleInputShape {
        switch given {
        case .enumerated(let shapes):
            for shape in shapes { try check(shape.map { SizeRange(fixed: $0) }, keras: keras, text: text) }
            return FlexibleInputShape(defaultShape: shapes[0], flexibility: .enumerated(shapes))
        case .ranges(let ranges):
            try check(ranges, keras: keras, text: text)
            let sizes = ranges.enumerated().map { axis, range in
                range.contains(Self.defaultSize(rank: ranges.count, axis: axis)) && axis > 0
                    ? Self.defaultSize(rank: ranges.count, axis: axis) : range.lower
            }
            return FlexibleInputShape(defaultShape: sizes, flexibility: .ranges(ranges))
        }
    }

    /// Refuses a shape whose rank or fixed sizes disagree with the Keras shape (batch included).
    private func check(_ ranges: [SizeRange], keras: [Int?], text: String) throws(PipelineError) {
        let kerasText = TensorShape(keras).description
        guard ranges.count == keras.count else {
            throw PipelineError(
                .usage,
                "--input-shape \(text): \(ranges.count) dimensions, but the model's input is \(kerasText) "
                    + "(\(keras.count) dimensions, batch first)")
        }
        for (axis, (range, size)) in zip(ranges, keras).enumerated() {
            guard let size, axis > 0 else { continue }
            guard range == SizeRange(fixed: size) else {
                throw PipelineError(
                    .usage,
                    "--input-shape \(text): dimension \(axis) is \(size) in the model \(kerasText), "
                        + "not \(range)")
            }
        }
    }
}

extension KerasModel {
    /// The model with each input in `shapes` declared at that concrete shape (batch first), so
    /// that shape inference and the rules see sizes.
    func withInputShapes(_ shapes: [String: [Int]]) -> KerasModel {
        var copy = self
        for (index, layer) in copy.graph.layers.enumerated() {
            guard let shape = shapes[layer.name], copy.graph.inputs.contains(where: { $0.layer == layer.name })
            else { continue }
            let value = JSONValue.array(shape.map { .int($0) })
            copy.graph.layers[index].config["batch_input_shape"] = value
            if layer.config["batch_shape"] != nil { copy.graph.layers[index].config["batch_shape"] = value }
        }
        return copy
    }
}
