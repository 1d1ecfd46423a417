import JSON
import KerasModel

/// LSTM, GRU, SimpleRNN and Bidirectional unrolled over the sequence's known length into MIL
/// `linear`, slices and elementwise operations: each step is the cell's equations as Keras
/// writes them, so every gate layout and GRU variant (`reset_after` or not) is exact, and the
/// reference evaluator checks them with the operations it already has.
///
/// The input side of every step is one `linear` over the whole sequence; each step adds the
/// recurrent side `linear(h)`. `go_backwards` reads the steps last first and returns the
/// sequence in the order it computed it, as Keras does; Bidirectional puts the backward sequence
/// back in time order before merging.
extension MILLayerConverters {
    static func recurrent(_ context: MILLayerContext, _ builder: inout MILProgramBuilder)
        throws(MLProgramConversionError) -> String
    {
        let input = try context.input()
        let cell = try recurrentCell(
            context.layer.className, context.config, context.weights[...], context.weightShapes[...], context)
        let run = try unroll(cell, input: input, name: context.name, context, &builder)
        return cell.returnSequences ? try sequence(run.outputs, name: context.name, &builder) : run.outputs.last!
    }

    static func bidirectional(_ context: MILLayerContext, _ builder: inout MILProgramBuilder)
        throws(MLProgramConversionError) -> String
    {
        let input = try context.input()
        let wrapper = try context.bidirectionalWeights()
        let (forward, backward, merge) = (wrapper.forward, wrapper.backward, wrapper.merge)
        let name = context.name
        let ahead = try unroll(forward, input: input, name: name + "_forward", context, &builder)
        let behind = try unroll(backward, input: input, name: name + "_backward", context, &builder)
        let (first, second): (String, String)
        if forward.returnSequences {
            first = try sequence(ahead.outputs, name: name + "_forward_sequence", &builder)
            second = try sequence(behind.outputs.reversed(), name: name + "_backward_sequence", &builder)
        } else {
            (first, second) = (ahead.outputs.last!, behind.outputs.last!)
        }
        switch merge {
        case "sum": return builder.binary("add", first, second, name: name)
        case "mul": return builder.binary("mul", first, second, name: name)
        case "ave":
            let total = builder.binary("add", first, second, name: name + "_sum")
            return builder.binary("mul", total, builder.scalar(0.5), name: name)
        default:
            var shape = builder.shapes[first] ?? []
            if let last = shape.indices.last { shape[last] += builder.shapes[second]?.last ?? 0 }
            return builder.op(
                "concat",
                [
                    "values": [first, second], "axis": [builder.ints([-1], scalar: true)],
                    "interleave": [builder.bools([false], scalar: true)],
                ],
                name: name, shape: shape)
        }
    }

    private static func recurrentCell(
        _ className: String, _ config: JSONObject, _ weights: ArraySlice<[Float]>, _ shapes: ArraySlice<[Int]>,
        _ context: MILLayerContext
    ) throws(MLProgramConversionError) -> RecurrentCellWeights {
        do {
            return try RecurrentCellWeights(className: className, config: config, weights: weights, shapes: shapes)
        } catch {
            throw context.failure(error.message)
        }
    }

    /// The steps' outputs `[1, units]` in the order computed.
    private struct Run {
        var outputs: [String]
    }

    private static func unroll(
        _ cell: RecurrentCellWeights, input: String, name: String, _ context: MILLayerContext,
        _ builder: inout MILProgramBuilder
    ) throws(MLProgramConversionError) -> Run {
        guard let shape = builder.shapes[input], shape.count == 3 else {
            throw context.failure("expected a [batch, steps, features] input of known length")
        }
        let (steps, features, units) = (shape[1], shape[2], cell.units)
        guard steps > 0 else { throw context.failure("a sequence of no steps") }
        guard features == cell.inputs else {
            throw context.failure("the kernel reads \(cell.inputs) features, the input has \(features)")
        }
        let gates = cell.kind.gates
        let width = gates * units
        // The input side of every step at once: [1, steps, gates · units].
        var arguments = [
            "x": input,
            "weight": try builder.floats(
                WeightLayout.permuted(cell.kernel, shape: [features, width], perm: [1, 0]), shape: [width, features],
                name: name + "_kernel"),
        ]
        if let bias = cell.bias { arguments["bias"] = try builder.floats(bias, shape: [width], name: name + "_bias") }
        let projected = builder.op("linear", arguments, name: name + "_inputs", shape: [1, steps, width])
        // The recurrent kernel as MIL's [out, in]; a GRU without reset_after applies its h gate to r * h.
        let recurrent = WeightLayout.permuted(cell.recurrentKernel, shape: [units, width], perm: [1, 0])
        let splitCandidate = cell.kind == .gru && !cell.resetAfter
        let recurrentWeight = try builder.floats(
            Array(recurrent.prefix((splitCandidate ? 2 : gates) * units * units)),
            shape: [(splitCandidate ? 2 : gates) * units, units], name: name + "_recurrent")
        let candidateWeight =
            splitCandidate
            ? try builder.floats(
                Array(recurrent.suffix(units * units)), shape: [units, units], name: name + "_recurrent_candidate")
            : nil
        let recurrentBias = try cell.recurrentBias.map { bias throws(MLProgramConversionError) in
            try builder.floats(bias, shape: [width], name: name + "_recurrent_bias")
        }
        func activation(_ function: String, _ x: String, _ label: String, _ builder: inout MILProgramBuilder)
            throws(MLProgramConversionError) -> String
        {
            guard
                let output = MILActivations.apply(
                    function, to: x, name: label, flavour: context.flavour, &builder)
            else { throw context.failure("activation '\(function)' is not supported") }
            return output
        }
        func gate(_ z: String, _ index: Int, _ label: String, _ builder: inout MILProgramBuilder)
            -> String
        {
            builder.op(
                "slice_by_index",
                [
                    "x": z, "begin": builder.ints([0, index * units]), "end": builder.ints([1, (index + 1) * units]),
                    "stride": builder.ints([1, 1]),
                ], name: label, shape: [1, units])
        }
        var h = try builder.floats(Array(repeating: 0, count: units), shape: [1, units], name: name + "_h0")
        var c = h
        var outputs: [String] = []
        let order = cell.goBackwards ? Array((0..<steps).reversed()) : Array(0..<steps)
        for (position, step) in order.enumerated() {
            let label = "\(name)_t\(position)"
            let slice = builder.op(
                "slice_by_index",
                [
                    "x": projected, "begin": builder.ints([0, step, 0]), "end": builder.ints([1, step + 1, width]),
                    "stride": builder.ints([1, 1, 1]),
                ], name: label + "_x3", shape: [1, 1, width])
            let x = builder.reshape(slice, to: [1, width], name: label + "_x")
            var inner = ["x": h, "weight": recurrentWeight]
            if let recurrentBias { inner["bias"] = recurrentBias }
            let hidden = builder.op(
                "linear", inner, name: label + "_hidden",
                shape: [1, (splitCandidate ? 2 : gates) * units])
            switch cell.kind {
            case .simple:
                h = try activation(
                    cell.activation, builder.binary("add", x, hidden, name: label + "_z"), label, &builder)
            case .lstm:
                let z = builder.binary("add", x, hidden, name: label + "_z")
                let i = try activation(
                    cell.recurrentActivation, gate(z, 0, label + "_zi", &builder), label + "_i", &builder)
                let f = try activation(
                    cell.recurrentActivation, gate(z, 1, label + "_zf", &builder), label + "_f", &builder)
                let g = try activation(cell.activation, gate(z, 2, label + "_zg", &builder), label + "_g", &builder)
                let o = try activation(
                    cell.recurrentActivation, gate(z, 3, label + "_zo", &builder), label + "_o", &builder)
                c = builder.binary(
                    "add", builder.binary("mul", f, c, name: label + "_fc"),
                    builder.binary("mul", i, g, name: label + "_ig"),
                    name: label + "_c")
                h = builder.binary(
                    "mul", o, try activation(cell.activation, c, label + "_tanh_c", &builder), name: label + "_h")
            case .gru:
                let xz = gate(x, 0, label + "_xz", &builder)
                let xr = gate(x, 1, label + "_xr", &builder)
                let xh = gate(x, 2, label + "_xh", &builder)
                let hz = gate(hidden, 0, label + "_hz", &builder)
                let hr = gate(hidden, 1, label + "_hr", &builder)
                let z = try activation(
                    cell.recurrentActivation, builder.binary("add", xz, hz, name: label + "_zz"), label + "_z", &builder
                )
                let r = try activation(
                    cell.recurrentActivation, builder.binary("add", xr, hr, name: label + "_zr"), label + "_r", &builder
                )
                let candidateInput: String
                if let candidateWeight {
                    let reset = builder.binary("mul", r, h, name: label + "_rh")
                    candidateInput = builder.op(
                        "linear", ["x": reset, "weight": candidateWeight], name: label + "_hh", shape: [1, units])
                } else {
                    candidateInput = builder.binary(
                        "mul", r, gate(hidden, 2, label + "_hh", &builder), name: label + "_rhh")
                }
                let candidate = try activation(
                    cell.activation, builder.binary("add", xh, candidateInput, name: label + "_zh"), label + "_n",
                    &builder)
                // h = z * h + (1 - z) * candidate = candidate + z * (h - candidate)
                let delta = builder.binary("sub", h, candidate, name: label + "_delta")
                h = builder.binary(
                    "add", candidate, builder.binary("mul", z, delta, name: label + "_zdelta"), name: label + "_h")
            }
            outputs.append(h)
        }
        return Run(outputs: outputs)
    }

    /// Step outputs `[1, units]` as one `[1, steps, units]` sequence.
    private static func sequence(_ outputs: [String], name: String, _ builder: inout MILProgramBuilder)
        throws(MLProgramConversionError) -> String
    {
        let units = outputs.first.flatMap { builder.shapes[$0]?.last } ?? 0
        let rows = outputs.enumerated().map { index, output in
            builder.reshape(output, to: [1, 1, units], name: "\(name)_row\(index)")
        }
        return builder.op(
            "concat",
            [
                "values": rows, "axis": [builder.ints([1], scalar: true)],
                "interleave": [builder.bools([false], scalar: true)],
            ],
            name: name, shape: [1, outputs.count, units])
    }
}
