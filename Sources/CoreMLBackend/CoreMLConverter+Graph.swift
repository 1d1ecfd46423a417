import CoreMLSpec
import KerasModel

extension CoreMLConverter {
    /// Converts every layer of `graph` in order; `blobs` maps a Keras layer to the blob holding its
    /// output. A nested model's layers are converted in place, its inputs being the blobs feeding it.
    func convert(
        _ graph: ModelGraph, owner: String?, blobs: inout [String: String], builder: inout NetworkBuilder
    ) throws(CoreMLConversionError) {
        for layer in graph.layers where layer.className != "InputLayer" {
            let inputs = try layer.inboundLayerNames.map { name throws(CoreMLConversionError) -> String in
                guard let blob = blobs[name] else {
                    throw CoreMLConversionError(
                        layer: layer.name, className: layer.className, message: "input '\(name)' was not computed")
                }
                return blob
            }
            if let nested = layer.model {
                var inner: [String: String] = [:]
                for (input, blob) in zip(nested.inputs, inputs) { inner[input.layer] = blob }
                try convert(nested, owner: owner ?? layer.name, blobs: &inner, builder: &builder)
                guard let output = nested.outputs.first, let blob = inner[output.layer] else {
                    throw CoreMLConversionError(
                        layer: layer.name, className: layer.className, message: "nested model has no output")
                }
                blobs[layer.name] = blob
                continue
            }
            if let graph = lambdas[layer.name] {
                var lowering = LambdaLowering(layerName: layer.name, className: layer.className, builder: builder)
                blobs[layer.name] = try lowering.lower(graph, inputs: inputs)
                builder = lowering.builder
                continue
            }
            guard let converter = KerasLayerConverters.table[layer.className] else {
                throw CoreMLConversionError(
                    layer: layer.name, className: layer.className, message: "no Core ML converter for this layer class")
            }
            let (weights, shapes) = try self.weights(of: layer, owner: owner)
            let context = ConversionContext(layer: layer, inputs: inputs, weights: weights, weightShapes: shapes)
            blobs[layer.name] = try converter(context, &builder)
        }
    }

    /// The layer's weights, read from the file one tensor at a time.
    private func weights(of layer: Layer, owner: String?) throws(CoreMLConversionError) -> ([[Float]], [[Int]]) {
        let stored =
            owner.map { owner in
                model.weights.weights(of: owner).filter {
                    $0.name.split(separator: "/").dropLast().contains { $0 == layer.name }
                }
            } ?? model.weights.weights(of: layer.name)
        var values: [[Float]] = []
        for weight in stored {
            do {
                values.append(try file.root.dataset(weight.path).readFloats())
            } catch {
                throw CoreMLConversionError(
                    layer: layer.name, className: layer.className,
                    message: "cannot read weight \(weight.name): \(error)")
            }
        }
        return (values, stored.map(\.shape))
    }
}
