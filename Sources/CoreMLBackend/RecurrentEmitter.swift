import CoreMLSpec

/// The Core ML layers of one Keras recurrent layer, or of the two directions of a Bidirectional
/// LSTM, on a `[1, T, F]` input blob.
enum RecurrentEmitter {
    /// Keras does not clip the LSTM cell; Core ML always does (0 meaning 50), so the bound is put
    /// far beyond any cell value a model reaches (coremltools' own default).
    static let cellClipThreshold: Float = 50_000

    /// The cell run over `input`; returns `[1, T, U]` (the outputs in the order Keras computes
    /// them) or `[1, U]`, from a last layer named `name`.
    static func emit(_ cell: RecurrentCell, input: String, name: String, _ builder: inout NetworkBuilder) -> String {
        if cell.kind == .gru && cell.resetAfter {
            return UnrolledGRU.emit(cell, input: input, name: name, &builder)
        }
        let steps = builder.shapes[input]?[1] ?? 1
        var sequence =
            builder.flexible
            ? timeMajor(input, name: name, &builder)
            : builder.reshape(input, to: [steps, 1, cell.inputs, 1, 1], name: name + "_steps")
        if cell.goBackwards && cell.returnSequences {
            sequence = builder.reverse(sequence, axis: 0, name: name + "_reversed")
        }
        let reverse = cell.goBackwards && !cell.returnSequences
        let outputShape = [cell.returnSequences ? steps : 1, 1, cell.units, 1, 1]
        let result = builder.add(name + "_rnn", inputs: [sequence], shape: outputShape) { layer in
            switch cell.kind {
            case .lstm:
                var params = CoreML_Specification_UniDirectionalLSTMLayerParams()
                params.inputVectorSize = UInt64(cell.inputs)
                params.outputVectorSize = UInt64(cell.units)
                params.activations = lstmActivations(cell)
                params.params = lstmParams(cell)
                params.weightParams = lstmWeights(cell)
                params.reverseInput = reverse
                layer.uniDirectionalLstm = params
            case .gru: layer.gru = gruParams(cell, reverse: reverse)
            case .simple: layer.simpleRecurrent = simpleParams(cell, reverse: reverse)
            }
        }
        guard !builder.flexible else {
            return batchMajor(result, sequences: cell.returnSequences, name: name, &builder)
        }
        return builder.reshape(
            result, to: cell.returnSequences ? [1, steps, cell.units] : [1, cell.units], name: name)
    }

    /// `[B, T, F]` as the `[T, B, F, 1, 1]` the recurrent layers read, by layers that hold for any
    /// number of steps and any batch (a reshape would fix both): used when inputs are flexible.
    static func timeMajor(_ input: String, name: String, _ builder: inout NetworkBuilder) -> String {
        let steps = builder.transpose(input, perm: [1, 0, 2], name: name + "_time_major")
        return NDLayers.expandDims(steps, axes: [3, 4], name: name + "_steps", &builder)
    }

    /// The recurrent layer's `[T, B, U, 1, 1]` (or `[1, B, U, 1, 1]`) output as Keras's `[B, T, U]`
    /// (or `[B, U]`), for any number of steps and any batch.
    static func batchMajor(_ output: String, sequences: Bool, name: String, _ builder: inout NetworkBuilder)
        -> String
    {
        guard sequences else { return NDLayers.squeeze(output, axes: [0, 3, 4], name: name, &builder) }
        let steps = NDLayers.squeeze(output, axes: [3, 4], name: name + "_outputs", &builder)
        return builder.transpose(steps, perm: [1, 0, 2], name: name)
    }

    /// Whether Core ML's `biDirectionalLSTM` computes this pair: a forward and a backward LSTM
    /// sharing their options (the layer has one set of `LSTMParams`, and the specification asks
    /// for equal activations).
    static func fitsBidirectionalLSTM(_ forward: RecurrentCell, _ backward: RecurrentCell) -> Bool {
        forward.kind == .lstm && backward.kind == .lstm && !forward.goBackwards && backward.goBackwards
            && forward.activation == backward.activation && forward.recurrentActivation == backward.recurrentActivation
            && (forward.bias == nil) == (backward.bias == nil) && forward.inputs == backward.inputs
    }

    /// `biDirectionalLSTM` over `input`: `[1, T, 2U]` (forward then backward outputs of each step,
    /// the backward ones in time order) or `[1, 2U]`.
    static func bidirectionalLSTM(
        _ forward: RecurrentCell, _ backward: RecurrentCell, input: String, name: String,
        _ builder: inout NetworkBuilder
    ) -> String {
        let steps = builder.shapes[input]?[1] ?? 1
        let units = forward.units
        let sequence = builder.reshape(input, to: [steps, 1, forward.inputs, 1, 1], name: name + "_steps")
        let outputShape = [forward.returnSequences ? steps : 1, 1, 2 * units, 1, 1]
        let result = builder.add(name + "_rnn", inputs: [sequence], shape: outputShape) { layer in
            var params = CoreML_Specification_BiDirectionalLSTMLayerParams()
            params.inputVectorSize = UInt64(forward.inputs)
            params.outputVectorSize = UInt64(units)
            params.activationsForwardLstm = lstmActivations(forward)
            params.activationsBackwardLstm = lstmActivations(backward)
            params.params = lstmParams(forward)
            params.weightParams = [lstmWeights(forward), lstmWeights(backward)]
            layer.biDirectionalLstm = params
        }
        let finalShape = forward.returnSequences ? [1, steps, 2 * units] : [1, 2 * units]
        return builder.reshape(result, to: finalShape, name: name)
    }

    /// `[f, g, h]`: the recurrent activation on the gates, the activation on the block input and
    /// on the output.
    private static func lstmActivations(_ cell: RecurrentCell) -> [CoreML_Specification_ActivationParams] {
        [cell.recurrentActivation, cell.activation, cell.activation].map {
            RecurrentActivations.params($0, cell.flavour)
        }
    }

    private static func lstmParams(_ cell: RecurrentCell) -> CoreML_Specification_LSTMParams {
        var params = CoreML_Specification_LSTMParams()
        params.sequenceOutput = cell.returnSequences
        params.hasBiasVectors_p = cell.bias != nil
        params.cellClipThreshold = cellClipThreshold
        return params
    }

    /// Keras's i, f, c, o gates as Core ML's input gate, forget gate, block input, output gate.
    private static func lstmWeights(_ cell: RecurrentCell) -> CoreML_Specification_LSTMWeightParams {
        var weights = CoreML_Specification_LSTMWeightParams()
        weights.inputGateWeightMatrix = WeightParams.floats(cell.inputMatrix(0))
        weights.forgetGateWeightMatrix = WeightParams.floats(cell.inputMatrix(1))
        weights.blockInputWeightMatrix = WeightParams.floats(cell.inputMatrix(2))
        weights.outputGateWeightMatrix = WeightParams.floats(cell.inputMatrix(3))
        weights.inputGateRecursionMatrix = WeightParams.floats(cell.recursionMatrix(0))
        weights.forgetGateRecursionMatrix = WeightParams.floats(cell.recursionMatrix(1))
        weights.blockInputRecursionMatrix = WeightParams.floats(cell.recursionMatrix(2))
        weights.outputGateRecursionMatrix = WeightParams.floats(cell.recursionMatrix(3))
        if let bias = cell.bias {
            weights.inputGateBiasVector = WeightParams.floats(cell.gateBias(0, of: bias))
            weights.forgetGateBiasVector = WeightParams.floats(cell.gateBias(1, of: bias))
            weights.blockInputBiasVector = WeightParams.floats(cell.gateBias(2, of: bias))
            weights.outputGateBiasVector = WeightParams.floats(cell.gateBias(3, of: bias))
        }
        return weights
    }

    /// Keras's z, r, h gates (reset before the recursion matrix, `reset_after=False`) as Core ML's
    /// update, reset and output gates; activations `[recurrent_activation, activation]`.
    private static func gruParams(_ cell: RecurrentCell, reverse: Bool) -> CoreML_Specification_GRULayerParams {
        var params = CoreML_Specification_GRULayerParams()
        params.inputVectorSize = UInt64(cell.inputs)
        params.outputVectorSize = UInt64(cell.units)
        params.activations = [cell.recurrentActivation, cell.activation].map {
            RecurrentActivations.params($0, cell.flavour)
        }
        params.sequenceOutput = cell.returnSequences
        params.hasBiasVectors_p = cell.bias != nil
        params.updateGateWeightMatrix = WeightParams.floats(cell.inputMatrix(0))
        params.resetGateWeightMatrix = WeightParams.floats(cell.inputMatrix(1))
        params.outputGateWeightMatrix = WeightParams.floats(cell.inputMatrix(2))
        params.updateGateRecursionMatrix = WeightParams.floats(cell.recursionMatrix(0))
        params.resetGateRecursionMatrix = WeightParams.floats(cell.recursionMatrix(1))
        params.outputGateRecursionMatrix = WeightParams.floats(cell.recursionMatrix(2))
        if let bias = cell.bias {
            params.updateGateBiasVector = WeightParams.floats(cell.gateBias(0, of: bias))
            params.resetGateBiasVector = WeightParams.floats(cell.gateBias(1, of: bias))
            params.outputGateBiasVector = WeightParams.floats(cell.gateBias(2, of: bias))
        }
        params.reverseInput = reverse
        return params
    }

    private static func simpleParams(_ cell: RecurrentCell, reverse: Bool)
        -> CoreML_Specification_SimpleRecurrentLayerParams
    {
        var params = CoreML_Specification_SimpleRecurrentLayerParams()
        params.inputVectorSize = UInt64(cell.inputs)
        params.outputVectorSize = UInt64(cell.units)
        params.activation = RecurrentActivations.params(cell.activation, cell.flavour)
        params.sequenceOutput = cell.returnSequences
        params.hasBiasVector_p = cell.bias != nil
        params.weightMatrix = WeightParams.floats(cell.inputMatrix(0))
        params.recursionMatrix = WeightParams.floats(cell.recursionMatrix(0))
        if let bias = cell.bias { params.biasVector = WeightParams.floats(bias) }
        params.reverseInput = reverse
        return params
    }
}
