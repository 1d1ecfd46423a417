import KerasModel
import ONNXSpec

/// LSTM, GRU, SimpleRNN and Bidirectional as ONNX's recurrent operators, which read the
/// sequence time-major: a transpose before, and the outputs put back batch-first after.
///
/// `go_backwards`: Keras returns a sequence in the order it computed it (the first output after
/// reading the last step); ONNX's reverse direction stores each output at its step, so the
/// sequence is reversed along time afterwards. Bidirectional puts the backward sequence back in
/// time order itself, as ONNX's bidirectional direction does.
extension ONNXLayerConverters {
    static func recurrent(_ context: ONNXLayerContext, _ builder: inout ONNXGraphBuilder)
        throws(ONNXConversionError) -> String
    {
        let input = try sequenceInput(context, builder)
        let cell = try ONNXRecurrentCell(
            className: context.layer.className, config: context.config, weights: context.weights[...],
            shapes: context.weightShapes[...], fail: context.failure)
        return try emit([cell], input: input, merge: nil, context, &builder)
    }

    static func bidirectional(_ context: ONNXLayerContext, _ builder: inout ONNXGraphBuilder)
        throws(ONNXConversionError) -> String
    {
        let input = try sequenceInput(context, builder)
        let wrapper = try context.bidirectionalWeights()
        let (forward, backward) = (ONNXRecurrentCell(wrapper.forward), ONNXRecurrentCell(wrapper.backward))
        // ONNX runs both directions in one node: they must share kind, size and GRU variant.
        guard forward.kind == backward.kind, forward.units == backward.units,
            forward.resetAfter == backward.resetAfter
        else { throw context.failure("the forward and backward layers differ in kind or shape") }
        let merge = wrapper.merge
        return try emit([forward, backward], input: input, merge: merge, context, &builder)
    }

    /// The layer's input, checked to be a `[batch, steps, features]` sequence.
    private static func sequenceInput(_ context: ONNXLayerContext, _ builder: ONNXGraphBuilder)
        throws(ONNXConversionError) -> String
    {
        let input = try context.input()
        if let shape = builder.shapes[input], shape.count != 3 {
            throw context.failure("expected a [batch, steps, features] input, got rank \(shape.count)")
        }
        return input
    }

    /// One ONNX recurrent node over `cells` (one per direction) and the outputs made batch-first.
    private static func emit(
        _ cells: [ONNXRecurrentCell], input: String, merge: String?, _ context: ONNXLayerContext,
        _ builder: inout ONNXGraphBuilder
    ) throws(ONNXConversionError) -> String {
        let cell = cells[0]
        if let features = builder.shapes[input]?.last, features != cell.inputs {
            throw context.failure("the kernel reads \(cell.inputs) features, the input has \(features)")
        }
        var functions: [(name: String, alpha: Double?, beta: Double?)] = []
        for direction in cells {
            guard let listed = direction.activations(context.flavour) else {
                throw context.failure(
                    "activation '\(direction.activation)' or '\(direction.recurrentActivation)' is not one of ONNX's "
                        + "recurrent operators (sigmoid, tanh, relu, linear, hard_sigmoid)")
            }
            functions += listed
        }
        let name = context.name
        let (units, count) = (cell.units, cells.count)
        let width = cell.kind.gates * units
        let weights = builder.floats(
            cells.flatMap { $0.onnxMatrix($0.kernel, rows: $0.inputs) }, shape: [count, width, cell.inputs],
            name: name + "_W")
        let recurrence = builder.floats(
            cells.flatMap { $0.onnxMatrix($0.recurrentKernel, rows: units) }, shape: [count, width, units],
            name: name + "_R")
        let bias = builder.floats(cells.flatMap(\.onnxBias), shape: [count, 2 * width], name: name + "_B")
        let timeMajor = builder.transpose(input, perm: [1, 0, 2], name: name + "_time_major")
        var attributes = [
            ONNXAttribute.int("hidden_size", units),
            ONNXAttribute.string("direction", count == 2 ? "bidirectional" : cell.goBackwards ? "reverse" : "forward"),
            ONNXAttribute.strings("activations", functions.map(\.name)),
        ]
        if functions.contains(where: { $0.alpha != nil }) {
            attributes.append(ONNXAttribute.floats("activation_alpha", functions.compactMap(\.alpha)))
            attributes.append(ONNXAttribute.floats("activation_beta", functions.compactMap(\.beta)))
        }
        if cell.kind == .gru { attributes.append(ONNXAttribute.int("linear_before_reset", cell.resetAfter ? 1 : 0)) }
        let outputs = builder.node(
            cell.operatorName, [timeMajor, weights, recurrence, bias], outputs: 2, name: name + "_rnn", attributes)
        let steps = builder.shapes[input]?[1]
        let batch = builder.shapes[input]?[0] ?? 1
        guard cell.returnSequences else {
            // Y_h: [directions, batch, units].
            let last = builder.transpose(outputs[1], perm: [1, 0, 2], name: name + "_last")
            builder.shapes[last] = [batch, count, units]
            return joined(last, axis: 1, merge: merge, count: count, shape: [batch, units], name: name, &builder)
        }
        // Y: [steps, directions, batch, units].
        builder.shapes[outputs[0]] = steps.map { [$0, count, batch, units] }
        var sequence = builder.transpose(outputs[0], perm: [2, 0, 1, 3], name: name + "_batch_major")
        if count == 1 && cell.goBackwards {
            sequence = builder.slice(
                sequence, starts: [-1], ends: [Int.min], axes: [1], steps: [-1], name: name + "_in_computed_order",
                shape: builder.shapes[sequence])
        }
        return joined(
            sequence, axis: 2, merge: merge, count: count, shape: steps.map { [batch, $0, units] }, name: name, &builder
        )
    }

    /// The directions' outputs (along `axis`) as one: concatenated, summed, multiplied or averaged.
    private static func joined(
        _ tensor: String, axis: Int, merge: String?, count: Int, shape: [Int]?, name: String,
        _ builder: inout ONNXGraphBuilder
    ) -> String {
        let reductions = ["sum": "ReduceSum", "mul": "ReduceProd", "ave": "ReduceMean"]
        if count == 2, let merge, let op = reductions[merge] {
            return builder.reduce(op, tensor, axes: [axis], keepDims: false, name: name)
        }
        let target = Array(repeating: 0, count: axis) + [-1]
        let joinedShape = shape.map { Array($0.dropLast()) + [$0[$0.count - 1] * count] }
        return builder.reshape(tensor, to: target, staticShape: joinedShape, name: name)
    }
}
