import CoreOps
import KerasModel

extension ONNXConverter {
    /// Converts every call of every layer of `graph` (``ModelGraph/convertCalls``); `tensors` maps
    /// each Keras tensor to the ONNX tensor holding it.
    func convert(
        _ graph: ModelGraph, shapes: ShapeInference, tensors: inout [TensorReference: String],
        builder: inout ONNXGraphBuilder, failures: inout [ONNXConversionError]
    ) {
        graph.convertCalls(
            shapes: shapes, values: &tensors, failures: &failures
        ) { (call: LayerCall) throws(ONNXConversionError) -> String in
            let tensor = try convert(call, builder: &builder)
            // Keras's own shape, where it knows every dimension, is the one lowerings read.
            if let known = call.knownShape { builder.shapes[tensor] = [1] + known }
            return tensor
        }
    }

    /// One call of a layer; returns the tensor of its output.
    private func convert(_ call: LayerCall, builder: inout ONNXGraphBuilder) throws(ONNXConversionError) -> String {
        let layer = call.layer
        if let graph = lambdas[layer.name] {
            var lowering = ONNXLowering(layerName: layer.name, className: layer.className, builder: builder)
            let output = try lowering.lower(graph, inputs: call.inputs)
            builder = lowering.builder
            return output
        }
        guard let converter = ONNXLayerConverters.table[layer.className] else {
            throw ONNXConversionError(
                layer: layer.name, className: layer.className, message: "no ONNX converter for this layer class")
        }
        let weights: LayerWeights
        do {
            weights = try model.readWeights(of: layer.name, owner: call.owner, from: file)
        } catch {
            throw ONNXConversionError(
                layer: layer.name, className: layer.className,
                message: "cannot read weight \(error.weight): \(error.reason)")
        }
        let context = ONNXLayerContext(
            layer: layer, inputs: call.inputs, weights: weights.values, weightShapes: weights.shapes,
            flavour: model.flavour)
        if ONNXLayerConverters.needsChannelsLast(context) {
            return try ONNXLayerConverters.channelsFirst(context, converter, &builder)
        }
        return try converter(context, &builder)
    }
}

extension ONNXConversionError: LayerConversionFailure {}
