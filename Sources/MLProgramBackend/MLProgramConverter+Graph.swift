import CoreOps
import KerasModel

extension MLProgramConverter {
    /// Converts every call of every layer of `graph`, in order; `tensors` maps each Keras tensor
    /// to the MIL value holding it. A nested model's layers are converted in place for each call.
    func convert(
        _ graph: ModelGraph, owner: String?, shapes: ShapeInference, tensors: inout [TensorReference: String],
        builder: inout MILProgramBuilder, failures: inout [MLProgramConversionError]
    ) {
        for layer in graph.layers where layer.className != "InputLayer" {
            for (nodeIndex, node) in layer.inboundNodes.enumerated() {
                let output = TensorReference(layer: layer.name, nodeIndex: nodeIndex, tensorIndex: 0)
                // A layer fed by one that failed is not reported again: its failure would only echo.
                let inputs = node.tensors.compactMap { tensors[$0] }
                guard inputs.count == node.tensors.count else { continue }
                do {
                    let tensor = try convert(
                        layer, inputs: inputs, owner: owner, builder: &builder, failures: &failures)
                    // Keras's own shape, where it knows every dimension, is the one lowerings read.
                    if let known = shapes.shape(of: output)?.dimensions.dropFirst(), !known.contains(nil) {
                        builder.shapes[tensor] = [1] + known.compactMap { $0 }
                    }
                    tensors[output] = tensor
                } catch {
                    if !failures.contains(error) { failures.append(error) }
                }
            }
        }
    }

    /// One call of `layer` on `inputs`; returns the value of its output.
    private func convert(
        _ layer: Layer, inputs: [String], owner: String?, builder: inout MILProgramBuilder,
        failures: inout [MLProgramConversionError]
    ) throws(MLProgramConversionError) -> String {
        if let nested = layer.model {
            var inner: [TensorReference: String] = [:]
            for (input, tensor) in zip(nested.inputs, inputs) { inner[input] = tensor }
            convert(
                nested, owner: owner ?? layer.name, shapes: ShapeInference(graph: nested), tensors: &inner,
                builder: &builder, failures: &failures)
            guard let output = nested.outputs.first, let tensor = inner[output] else {
                throw MLProgramConversionError(
                    layer: layer.name, className: layer.className, message: "nested model has no output")
            }
            return tensor
        }
        if let graph = lambdas[layer.name] {
            var lowering = MILLowering(layerName: layer.name, className: layer.className, builder: builder)
            let output = try lowering.lower(graph, inputs: inputs)
            builder = lowering.builder
            return output
        }
        guard let converter = MILLayerConverters.table[layer.className] else {
            throw MLProgramConversionError(
                layer: layer.name, className: layer.className, message: "no ML Program converter for this layer class")
        }
        let stored = model.weights.weights(of: layer.name, owner: owner)
        var weights: [[Float]] = []
        for weight in stored {
            do {
                weights.append(try file.root.dataset(weight.path).readFloats())
            } catch {
                throw MLProgramConversionError(
                    layer: layer.name, className: layer.className,
                    message: "cannot read weight \(weight.name): \(error)")
            }
        }
        let context = MILLayerContext(
            layer: layer, inputs: inputs, weights: weights, weightShapes: stored.map(\.shape),
            weightKeys: stored.map(\.path), flavour: model.flavour)
        return try converter(context, &builder)
    }
}
