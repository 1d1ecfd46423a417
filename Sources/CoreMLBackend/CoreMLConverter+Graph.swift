import CoreMLSpec
import KerasModel

extension CoreMLConverter {
    /// Converts every call of every layer of `graph`, in order; `blobs` maps each Keras tensor to
    /// the blob holding it. A shared layer is converted once per call; a nested model's layers are
    /// converted in place for each call, its inputs being the tensors it was called on.
    func convert(
        _ graph: ModelGraph, owner: String?, blobs: inout [TensorReference: String], builder: inout NetworkBuilder,
        failures: inout [CoreMLConversionError]
    ) {
        for layer in graph.layers where layer.className != "InputLayer" {
            for (nodeIndex, node) in layer.inboundNodes.enumerated() {
                let output = TensorReference(layer: layer.name, nodeIndex: nodeIndex, tensorIndex: 0)
                // A layer fed by one that failed is not reported again: its own failure would only echo.
                let inputs = node.tensors.compactMap { blobs[$0] }
                guard inputs.count == node.tensors.count else { continue }
                builder.owner = layer.name
                do {
                    blobs[output] = try convert(
                        layer, inputs: inputs, owner: owner, builder: &builder, failures: &failures)
                } catch {
                    if !failures.contains(error) { failures.append(error) }
                }
            }
        }
    }

    /// One call of `layer` on the blobs `inputs`; returns the blob of its output.
    private func convert(
        _ layer: Layer, inputs: [String], owner: String?, builder: inout NetworkBuilder,
        failures: inout [CoreMLConversionError]
    ) throws(CoreMLConversionError) -> String {
        if let nested = layer.model {
            var inner: [TensorReference: String] = [:]
            for (input, blob) in zip(nested.inputs, inputs) { inner[input] = blob }
            convert(nested, owner: owner ?? layer.name, blobs: &inner, builder: &builder, failures: &failures)
            guard let output = nested.outputs.first, let blob = inner[output] else {
                throw CoreMLConversionError(
                    layer: layer.name, className: layer.className, message: "nested model has no output")
            }
            return blob
        }
        if let graph = lambdas[layer.name] {
            var lowering = LambdaLowering(layerName: layer.name, className: layer.className, builder: builder)
            let output = try lowering.lower(graph, inputs: inputs)
            builder = lowering.builder
            return output
        }
        guard let converter = KerasLayerConverters.table[layer.className] else {
            throw CoreMLConversionError(
                layer: layer.name, className: layer.className, message: "no Core ML converter for this layer class")
        }
        let (weights, shapes) = try self.weights(of: layer, owner: owner)
        let context = ConversionContext(
            layer: layer, inputs: inputs, weights: weights, weightShapes: shapes, flavour: model.flavour)
        if KerasLayerConverters.needsChannelsLast(context) {
            return try KerasLayerConverters.channelsFirst(context, converter, &builder)
        }
        return try converter(context, &builder)
    }

    /// The layer's weights, read from the file one tensor at a time.
    private func weights(of layer: Layer, owner: String?) throws(CoreMLConversionError) -> ([[Float]], [[Int]]) {
        let stored = model.weights.weights(of: layer.name, owner: owner)
        var values: [[Float]] = []
        for weight in stored {
            do {
                let stored = try file.root.dataset(weight.path).readFloats()
                values.append(weight.storedOrder?.arrange(stored) ?? stored)
            } catch {
                throw CoreMLConversionError(
                    layer: layer.name, className: layer.className,
                    message: "cannot read weight \(weight.name): \(error)")
            }
        }
        return (values, stored.map(\.shape))
    }
}
