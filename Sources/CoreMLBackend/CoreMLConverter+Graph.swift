import CoreMLSpec
import KerasModel

extension CoreMLConverter {
    /// Converts every call of every layer of `graph` (``ModelGraph/convertCalls``); `blobs` maps
    /// each Keras tensor to the blob holding it.
    func convert(
        _ graph: ModelGraph, blobs: inout [TensorReference: String], builder: inout NetworkBuilder,
        failures: inout [CoreMLConversionError]
    ) {
        graph.convertCalls(
            shapes: ShapeInference(graph: graph), values: &blobs, failures: &failures
        ) { (call: LayerCall) throws(CoreMLConversionError) -> String in
            builder.owner = call.layer.name
            return try convert(call, builder: &builder)
        }
    }

    /// One call of a layer; returns the blob of its output.
    private func convert(_ call: LayerCall, builder: inout NetworkBuilder) throws(CoreMLConversionError) -> String {
        let layer = call.layer
        if let graph = lambdas[layer.name] {
            var lowering = LambdaLowering(layerName: layer.name, className: layer.className, builder: builder)
            let output = try lowering.lower(graph, inputs: call.inputs)
            builder = lowering.builder
            return output
        }
        guard let converter = KerasLayerConverters.table[layer.className] else {
            throw CoreMLConversionError(
                layer: layer.name, className: layer.className, message: "no Core ML converter for this layer class")
        }
        let weights: LayerWeights
        do {
            weights = try model.readWeights(of: layer.name, owner: call.owner, from: file)
        } catch {
            throw CoreMLConversionError(
                layer: layer.name, className: layer.className,
                message: "cannot read weight \(error.weight): \(error.reason)")
        }
        let context = ConversionContext(
            layer: layer, inputs: call.inputs, weights: weights.values, weightShapes: weights.shapes,
            flavour: model.flavour)
        if KerasLayerConverters.needsChannelsLast(context) {
            return try KerasLayerConverters.channelsFirst(context, converter, &builder)
        }
        return try converter(context, &builder)
    }
}

extension CoreMLConversionError: LayerConversionFailure {}
