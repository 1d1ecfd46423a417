/// Output shapes of every layer call of a graph, by propagating declared input shapes through
/// ``LayerCatalog``'s shape rules. Layers whose shape cannot be known yet (most Lambdas before
/// rewriting) get `nil`, and so do the layers downstream of them.
public struct ShapeInference: Sendable {
    /// Output shapes per layer call (`TensorReference` with `tensorIndex` 0 names the call).
    public private(set) var shapes: [CallKey: [TensorShape]] = [:]

    public struct CallKey: Hashable, Sendable {
        public var layer: String
        public var nodeIndex: Int
    }

    /// Shapes Keras 3 recorded on the tensors a layer reads, for producers whose own rule
    /// cannot tell (a Lambda, say).
    private var recordedInputShapes: [CallKey: TensorShape] = [:]

    /// Output shapes of layers no rule covers, known from elsewhere (a Lambda once rewritten).
    private var knownOutputs: [String: TensorShape] = [:]

    public init(graph: ModelGraph) {
        self.init(graph: graph, knownOutputs: [:])
    }

    /// Infers shapes with `knownOutputs` standing in for the outputs of layers (by name) whose
    /// class has no shape rule, such as Lambdas whose function has been rewritten.
    public init(graph: ModelGraph, knownOutputs: [String: TensorShape]) {
        self.knownOutputs = knownOutputs
        recordedInputShapes = Self.recordedInputShapes(graph)
        var pending = graph.layers
        var progress = true
        while progress, !pending.isEmpty {
            progress = false
            pending.removeAll { layer in
                guard let computed = outputs(of: layer) else { return false }
                for (index, shapes) in computed.enumerated() {
                    // A size no real tensor has (negative, or past 2^31) is unknown, so later
                    // rules' arithmetic stays in range.
                    self.shapes[CallKey(layer: layer.name, nodeIndex: index)] = shapes.map {
                        TensorShape($0.dimensions.map(Dimension.bounded))
                    }
                }
                progress = true
                return true
            }
        }
    }

    /// The shape of `reference`, if known.
    public func shape(of reference: TensorReference) -> TensorShape? {
        shapes[CallKey(layer: reference.layer, nodeIndex: reference.nodeIndex)]?[safe: reference.tensorIndex]
    }

    /// The shapes of the tensors the first call of `layer` reads, in order (a shared layer's
    /// two outputs, or one tensor read twice, each get theirs); nil where unknown.
    public func inputShapes(of layer: Layer) -> [TensorShape?] {
        (layer.inboundNodes.first?.tensors ?? []).map { shape(of: $0) }
    }

    /// The output shape of the first call of `layer`, if known.
    public func outputShape(of layer: String) -> TensorShape? {
        shape(of: TensorReference(layer: layer))
    }

    /// The output shapes of each call of `layer` once all its inputs are resolved (an empty
    /// list stands for unknown), or `nil` while some input is still pending.
    private func outputs(of layer: Layer) -> [[TensorShape]]? {
        if layer.inboundNodes.isEmpty {
            let rule = LayerCatalog.shapeRules[layer.className]
            return [rule?([], layer.config) ?? []]
        }
        var result: [[TensorShape]] = []
        for node in layer.inboundNodes {
            var inputs: [TensorShape] = []
            var known = true
            for reference in node.tensors {
                let key = CallKey(layer: reference.layer, nodeIndex: reference.nodeIndex)
                guard let produced = shapes[key] else { return nil }
                if let shape = produced[safe: reference.tensorIndex] { inputs.append(shape) } else { known = false }
            }
            var computed = known ? shapes(of: layer, inputs: inputs) : []
            if computed.isEmpty, let shape = knownOutputs[layer.name] { computed = [shape] }
            let key = CallKey(layer: layer.name, nodeIndex: result.count)
            result.append(computed.isEmpty ? recordedInputShapes[key].map { [$0] } ?? [] : computed)
        }
        return result
    }

    private static func recordedInputShapes(_ graph: ModelGraph) -> [CallKey: TensorShape] {
        var recorded: [CallKey: TensorShape] = [:]
        for node in graph.layers.flatMap(\.inboundNodes) {
            for (reference, shape) in node.recordedShapes where reference.tensorIndex == 0 {
                recorded[CallKey(layer: reference.layer, nodeIndex: reference.nodeIndex)] = shape
            }
        }
        return recorded
    }

    private func shapes(of layer: Layer, inputs: [TensorShape]) -> [TensorShape] {
        if let inner = layer.model {
            let nested = ShapeInference(graph: inner, knownOutputs: knownOutputs)
            let outputs = inner.outputs.map { nested.shape(of: $0) }
            return outputs.allSatisfy { $0 != nil } ? outputs.compactMap { $0 } : []
        }
        return LayerCatalog.shapeRules[layer.className]?(inputs, layer.config) ?? []
    }
}
