import CoreMLSpec
import JSON

/// LSTM, GRU, SimpleRNN and Bidirectional.
///
/// Core ML's classic recurrent layers read `[Seq, Batch, C, 1, 1]`; with the batch fixed to 1 the
/// Keras `[1, T, F]` blob holds the same values in the same order, so a reshape gets there and
/// another one gets back to `[1, T, U]` (or `[1, U]` for the last output).
///
/// `go_backwards`: Keras returns the outputs in the order it computed them (the first one after
/// reading the last step). For the last output only, the layer's `reverseInput` is used; for a
/// sequence, whose order under `reverseInput` the specification leaves open, the input is
/// reversed by a `reverse` layer instead and the layer runs forwards.
extension KerasLayerConverters {
    static func recurrent(_ context: ConversionContext, _ builder: inout NetworkBuilder) throws(CoreMLConversionError)
        -> String
    {
        let input = try sequenceInput(context, builder)
        let cell = try RecurrentCell(
            className: context.layer.className, config: context.config, weights: context.weights[...],
            shapes: context.weightShapes[...], flavour: context.flavour, fail: { failure(context, $0) })
        try checkFeatures(cell, input, context, builder)
        if builder.flexible && cell.kind == .gru && cell.resetAfter {
            throw failure(
                context,
                "a GRU with reset_after=True is written out step by step, so its number of steps must be "
                    + "fixed (--input-shape with a fixed size), or the layer saved with reset_after=False")
        }
        return RecurrentEmitter.emit(cell, input: input, name: context.layer.name, &builder)
    }

    /// The layer's input, checked to be a `[1, T, F]` sequence.
    static func sequenceInput(_ context: ConversionContext, _ builder: NetworkBuilder) throws(CoreMLConversionError)
        -> String
    {
        guard let input = context.inputs.first else { throw failure(context, "no input") }
        let inputShape = shape(builder, input)
        // With flexible inputs the layers read the sequence through a view that holds any batch.
        guard inputShape.count == 3, inputShape[0] == 1 || builder.flexible, inputShape[1] > 0 else {
            throw failure(context, "expected a [batch, steps, features] input with known steps, got \(inputShape)")
        }
        return input
    }

    /// Checks that the kernel reads as many features as the input has.
    static func checkFeatures(
        _ cell: RecurrentCell, _ input: String, _ context: ConversionContext, _ builder: NetworkBuilder
    ) throws(CoreMLConversionError) {
        let features = shape(builder, input).last ?? 0
        guard cell.inputs == features else {
            throw failure(context, "the kernel reads \(cell.inputs) features, the input has \(features)")
        }
    }

    /// A forward and a backward copy of a recurrent layer, their outputs (the backward one put back
    /// in time order for sequences) merged by `merge_mode`.
    static func bidirectional(_ context: ConversionContext, _ builder: inout NetworkBuilder)
        throws(CoreMLConversionError) -> String
    {
        let input = try sequenceInput(context, builder)
        guard !builder.flexibleBatch else {
            throw failure(context, "a Bidirectional layer is converted for a batch of 1 only (no --batch range)")
        }
        guard let inner = context.config["layer"]?.object, let className = inner["class_name"]?.string,
            let forwardConfig = inner["config"]?.object
        else { throw failure(context, "no wrapped layer in the config") }
        guard let merge = context.config["merge_mode"]?.string else {
            throw failure(context, "merge_mode None (two outputs) is not supported")
        }
        guard ["concat", "sum", "mul", "ave"].contains(merge) else {
            throw failure(context, "merge_mode '\(merge)' is not supported")
        }
        let backwardLayer = context.config["backward_layer"]?.object
        let half = context.weights.count / 2
        let fail = { (message: String) in failure(context, message) }
        let forward = try RecurrentCell(
            className: className, config: forwardConfig, weights: context.weights[..<half],
            shapes: context.weightShapes[..<half], flavour: context.flavour, fail: fail)
        var backward = try RecurrentCell(
            className: backwardLayer?["class_name"]?.string ?? className,
            config: backwardLayer?["config"]?.object ?? forwardConfig, weights: context.weights[half...],
            shapes: context.weightShapes[half...], flavour: context.flavour, fail: fail)
        if backwardLayer == nil { backward.goBackwards = !forward.goBackwards }
        try checkFeatures(forward, input, context, builder)
        try checkFeatures(backward, input, context, builder)
        guard forward.returnSequences == backward.returnSequences, forward.units == backward.units else {
            throw failure(context, "the forward and backward layers differ in return_sequences or units")
        }
        let name = context.layer.name
        if RecurrentEmitter.fitsBidirectionalLSTM(forward, backward) {
            let pair = RecurrentEmitter.bidirectionalLSTM(
                forward, backward, input: input, name: merge == "concat" ? name : name + "_pair", &builder)
            guard merge != "concat" else { return pair }
            let axis = forward.returnSequences ? 2 : 1
            let units = forward.units
            let first = builder.slice(pair, axis: axis, 0..<units, name: name + "_forward")
            let second = builder.slice(pair, axis: axis, units..<(2 * units), name: name + "_backward")
            return Self.merge(first, second, mode: merge, name: name, &builder)
        }
        let first = RecurrentEmitter.emit(forward, input: input, name: name + "_forward", &builder)
        var second = RecurrentEmitter.emit(backward, input: input, name: name + "_backward", &builder)
        if backward.returnSequences {
            second = builder.reverse(second, axis: 1, name: name + "_backward_in_time")
        }
        return Self.merge(first, second, mode: merge, name: name, &builder)
    }

    /// The two directions' outputs joined as Bidirectional's `merge_mode` says.
    private static func merge(
        _ first: String, _ second: String, mode: String, name: String, _ builder: inout NetworkBuilder
    ) -> String {
        switch mode {
        case "sum": return Elementwise.binary(.add, first, second, name: name, &builder)
        case "mul": return Elementwise.binary(.multiply, first, second, name: name, &builder)
        case "ave":
            let total = Elementwise.binary(.add, first, second, name: name + "_sum", &builder)
            let half = builder.constant([0.5], shape: [1], name: name + "_half")
            return Elementwise.binary(.multiply, total, half, name: name, &builder)
        default:
            var outputShape = builder.shapes[first] ?? []
            if let last = outputShape.indices.last {
                outputShape[last] += (builder.shapes[second] ?? []).last ?? 0
            }
            return builder.add(name, inputs: [first, second], shape: outputShape) { layer in
                var params = CoreML_Specification_ConcatNDLayerParams()
                params.axis = -1
                layer.concatNd = params
            }
        }
    }
}
