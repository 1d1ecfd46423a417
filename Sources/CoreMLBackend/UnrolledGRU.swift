import CoreMLSpec

/// A GRU with `reset_after=True` (TensorFlow 2's default), unrolled over its time steps into ND
/// layers.
///
/// Keras computes the candidate as `act(W_h x + b_h + r ⊙ (R_h h + b'_h))`: the reset gate scales
/// the recurrent product. Core ML's `gru` layer resets the state before the product
/// (`R_o (h ⊙ r)`, Keras's `reset_after=False`), which is another function, so the recurrence is
/// written out step by step; the number of steps is static (inputs have known shapes).
enum UnrolledGRU {
    /// The GRU over `input` (`[1, T, F]`): `[1, T, U]` in the order Keras computes the steps, or
    /// `[1, U]`, from a last layer named `name`.
    static func emit(_ cell: RecurrentCell, input: String, name: String, _ builder: inout NetworkBuilder) -> String {
        let steps = builder.shapes[input]?[1] ?? 1
        let units = cell.units
        let width = 3 * units
        // Every step's input side at once: [1, T, 3U], gates z, r, h side by side.
        let projected = builder.matmul(
            input, kernel: cell.kernel, inputs: cell.inputs, outputs: width, bias: cell.bias, name: name + "_x")
        var state = builder.constant(
            Array(repeating: 0, count: units), shape: [1, 1, units], name: name + "_h0")
        var outputs: [String] = []
        for (index, step) in (cell.goBackwards ? Array((0..<steps).reversed()) : Array(0..<steps)).enumerated() {
            let prefix = "\(name)_t\(index)"
            let x = builder.slice(projected, axis: 1, step..<(step + 1), name: prefix + "_x")
            let h = builder.matmul(
                state, kernel: cell.recurrentKernel, inputs: units, outputs: width, bias: cell.recurrentBias,
                name: prefix + "_h")
            let gates = RecurrentActivations.apply(
                cell.recurrentActivation, cell.flavour,
                to: Elementwise.binary(
                    .add, builder.slice(x, axis: 2, 0..<(2 * units), name: prefix + "_xzr"),
                    builder.slice(h, axis: 2, 0..<(2 * units), name: prefix + "_hzr"), name: prefix + "_zr_sum",
                    &builder),
                layerName: prefix + "_zr", &builder)
            let update = builder.slice(gates, axis: 2, 0..<units, name: prefix + "_z")
            let reset = builder.slice(gates, axis: 2, units..<(2 * units), name: prefix + "_r")
            let recurrent = Elementwise.binary(
                .multiply, reset, builder.slice(h, axis: 2, (2 * units)..<width, name: prefix + "_hh"),
                name: prefix + "_reset", &builder)
            let candidate = RecurrentActivations.apply(
                cell.activation, cell.flavour,
                to: Elementwise.binary(
                    .add, builder.slice(x, axis: 2, (2 * units)..<width, name: prefix + "_xh"), recurrent,
                    name: prefix + "_candidate_sum", &builder),
                layerName: prefix + "_candidate", &builder)
            // z ⊙ h + (1 - z) ⊙ candidate, as candidate + z ⊙ (h - candidate).
            let change = Elementwise.binary(.subtract, state, candidate, name: prefix + "_change", &builder)
            let kept = Elementwise.binary(.multiply, update, change, name: prefix + "_kept", &builder)
            let last = index == steps - 1 && !cell.returnSequences
            state = Elementwise.binary(.add, candidate, kept, name: last ? name + "_last" : prefix, &builder)
            outputs.append(state)
        }
        guard cell.returnSequences else { return builder.reshape(state, to: [1, units], name: name) }
        guard outputs.count > 1 else { return builder.reshape(state, to: [1, 1, units], name: name) }
        return builder.add(name, inputs: outputs, shape: [1, steps, units]) { layer in
            var params = CoreML_Specification_ConcatNDLayerParams()
            params.axis = 1
            layer.concatNd = params
        }
    }
}
