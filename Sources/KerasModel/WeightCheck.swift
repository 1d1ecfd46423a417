/// Checks every stored weight of a model against what its layer needs (``WeightExpectations``)
/// before anything reads a value.
enum WeightCheck {
    /// The first layer whose stored weights disagree with its config, as an error naming the
    /// layer, the weight and both shapes; nil when every checkable layer agrees.
    static func firstProblem(in graph: ModelGraph, weights: WeightIndex, file: String) -> KerasModelError? {
        // Each top-level layer owns its weights group; a nested model's layers share their owner's.
        var pending: [(graph: ModelGraph, owner: String?)] = [(graph, nil)]
        while let (graph, owner) = pending.popLast() {
            let shapes = ShapeInference(graph: graph)
            for layer in graph.layers {
                if let inner = layer.model {
                    pending.append((inner, owner ?? layer.name))
                    continue
                }
                let input = layer.inboundTensors.first?.first.flatMap(shapes.shape(of:))
                guard let expected = WeightExpectations.shapes(of: layer, input: input) else { continue }
                let stored = weights.weights(of: layer.name, owner: owner)
                if let problem = mismatch(layer, stored: stored, expected: expected, file: file) { return problem }
            }
        }
        return nil
    }

    private static func mismatch(
        _ layer: Layer, stored: [WeightInfo], expected: [[Int?]], file: String
    ) -> KerasModelError? {
        func problem(_ message: String) -> KerasModelError {
            KerasModelError(
                .unexpectedWeights, file: file, layer: layer.name, message: "\(layer.className): \(message)")
        }
        guard stored.count == expected.count else {
            let needed = expected.map(describe).joined(separator: ", ")
            return problem("the file stores \(stored.count) weights but the layer needs \(expected.count) (\(needed))")
        }
        for (weight, shape) in zip(stored, expected) {
            guard weight.dtype.hasPrefix("float") else {
                return problem("weight \(weight.name) holds \(weight.dtype) values, not floats")
            }
            // A dimension inference could not give sensibly (unknown, or not positive because the
            // layers before it do not fit their input) is not checked.
            let agrees =
                weight.shape.count == shape.count
                && zip(weight.shape, shape).allSatisfy { stored, needed in
                    needed.map { $0 <= 0 || $0 == stored } ?? true
                }
            guard agrees else {
                let stored =
                    weight.storedOrder.map { "\(describe($0.storedShape)), read as \(describe(weight.shape))," }
                    ?? describe(weight.shape)
                return problem("weight \(weight.name) is stored as \(stored) but the layer needs \(describe(shape))")
            }
        }
        return nil
    }

    /// `(4, 2)`, `(None, 2)`, `(3,)`.
    private static func describe(_ shape: [Int?]) -> String {
        TensorShape(shape).description.replacingOccurrences(of: "None", with: "?")
    }

    private static func describe(_ shape: [Int]) -> String {
        describe(shape.map(Optional.some))
    }
}
