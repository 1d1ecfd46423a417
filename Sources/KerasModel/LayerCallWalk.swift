/// One call of a layer met by ``ModelGraph/convertCalls(owner:shapes:values:failures:_:)``.
public struct LayerCall: Sendable {
    public let layer: Layer
    /// The Keras tensor the call produces.
    public let output: TensorReference
    /// The backend's values (blob, tensor or variable names) of the call's inputs, in order.
    public let inputs: [String]
    /// The top-level layer whose weight group holds a nested model's layers; nil at top level.
    public let owner: String?
    /// The output's shape as Keras infers it, batch excluded, when every dimension is known.
    public let knownShape: [Int]?
}

/// Why a backend could not convert a layer: each backend's error names the layer and its class.
public protocol LayerConversionFailure: Error, Equatable {
    init(layer: String, className: String, message: String)
}

extension ModelGraph {
    /// Converts every call of every layer in order, the walk every backend shares: `values` maps each
    /// Keras tensor to the backend's value holding it, and `convert` turns one call into the value
    /// of its output. A shared layer is converted once per call. A nested model is not a call of its
    /// own: its layers are converted in place for each call, its inputs being the values it was
    /// called on. A call fed by one that failed is skipped, since its failure would only echo (so is a
    /// nested model whose own layers failed), and each failure is kept once.
    public func convertCalls<Failure: LayerConversionFailure>(
        owner: String? = nil, shapes: ShapeInference, values: inout [TensorReference: String],
        failures: inout [Failure],
        _ convert: (LayerCall) throws(Failure) -> String
    ) {
        for layer in layers where layer.className != "InputLayer" {
            for (nodeIndex, node) in layer.inboundNodes.enumerated() {
                let output = TensorReference(layer: layer.name, nodeIndex: nodeIndex, tensorIndex: 0)
                let inputs = node.tensors.compactMap { values[$0] }
                guard inputs.count == node.tensors.count else { continue }
                if let nested = layer.model {
                    let failed = failures.count
                    var inner: [TensorReference: String] = [:]
                    for (input, value) in zip(nested.inputs, inputs) { inner[input] = value }
                    nested.convertCalls(
                        owner: owner ?? layer.name, shapes: ShapeInference(graph: nested), values: &inner,
                        failures: &failures, convert)
                    if let result = nested.outputs.first.flatMap({ inner[$0] }) {
                        values[output] = result
                    } else if failures.count == failed {
                        failures.append(
                            Failure(
                                layer: layer.name, className: layer.className, message: "nested model has no output"))
                    }
                    continue
                }
                let known = shapes.shape(of: output)?.dimensions.dropFirst()
                let call = LayerCall(
                    layer: layer, output: output, inputs: inputs, owner: owner,
                    knownShape: known.flatMap { $0.contains(nil) ? nil : $0.compactMap { $0 } })
                do {
                    values[output] = try convert(call)
                } catch {
                    if !failures.contains(error) { failures.append(error) }
                }
            }
        }
    }
}
