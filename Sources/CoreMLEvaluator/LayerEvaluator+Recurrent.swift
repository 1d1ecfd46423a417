import CoreMLSpec
import CoreOps

/// The classic recurrent layers `simpleRecurrent` and `gru` (the LSTMs are in
/// `LayerEvaluator+LSTM.swift`), from the equations of `NeuralNetwork.proto`.
///
/// Each reads `[Seq, Batch, inputVectorSize, 1, 1]` and, optionally, the initial output
/// `[1, Batch, outputVectorSize, 1, 1]` (zeros when absent); it writes the outputs of every step
/// (`sequenceOutput`) or of the last one, then, when a second output is declared, the final state.
///
/// `reverseInput` visits the steps from last to first. The specification does not say where a
/// reversed sequence's outputs go; here they are stored in the order they were computed (the
/// first output is the one after reading the last input), which is how coremltools' Keras
/// converter used the flag for `go_backwards`. With `sequenceOutput` off both readings agree.
extension LayerEvaluator {
    static let recurrentEvaluators: [LayerEvaluator] = [
        .make("simpleRecurrent", \.simpleRecurrent, simpleRecurrent),
        .make("gru", \.gru, gru),
        .make("uniDirectionalLstm", \.uniDirectionalLstm, uniDirectionalLSTM),
        .make("biDirectionalLstm", \.biDirectionalLstm, biDirectionalLSTM),
    ]

    /// `y_t = f(clip(W x_t + R y_{t-1} + b))`.
    private static func simpleRecurrent(
        _ params: CoreML_Specification_SimpleRecurrentLayerParams, _ context: LayerContext
    ) throws(CoreMLEvaluationError) -> [Tensor] {
        let (inputs, units) = (Int(params.inputVectorSize), Int(params.outputVectorSize))
        let sequence = try RecurrentSequence(try recurrentInput(context, states: 1), size: inputs, context)
        try checkOutputs(context, allowed: 1...2)
        let gate = try RecurrentGate(
            input: params.weightMatrix, recursion: params.recursionMatrix,
            bias: params.hasBiasVector_p ? params.biasVector : nil, name: "", inputs: inputs, units: units, context)
        let activation = try RecurrentActivation.function(params.activation, context)
        var states = try sequence.initialState(1, units: units, context)
        var outputs: [[[Double]]] = Array(repeating: [], count: sequence.batch)
        for item in 0..<sequence.batch {
            for step in sequence.order(reverse: params.reverseInput) {
                states[item] = gate.preactivation(sequence.vector(step: step, item: item), states[item]).map(activation)
                outputs[item].append(states[item])
            }
        }
        let output = try RecurrentSequence.output(outputs, sequence: params.sequenceOutput, units: units, context)
        return Array([output, try RecurrentSequence.state(states, units: units, context)].prefix(context.outputCount))
    }

    /// Update gate `z`, reset gate `r`, `c = y_{t-1} ⊙ r`, output gate `o = g(clip(W_o x + R_o c + b_o))`,
    /// `y_t = (1 - z) ⊙ o + z ⊙ y_{t-1}`; `f` is the first activation, `g` the second.
    private static func gru(
        _ params: CoreML_Specification_GRULayerParams, _ context: LayerContext
    ) throws(CoreMLEvaluationError) -> [Tensor] {
        let (inputs, units) = (Int(params.inputVectorSize), Int(params.outputVectorSize))
        let sequence = try RecurrentSequence(try recurrentInput(context, states: 1), size: inputs, context)
        try checkOutputs(context, allowed: 1...2)
        let bias = params.hasBiasVectors_p
        let update = try RecurrentGate(
            input: params.updateGateWeightMatrix, recursion: params.updateGateRecursionMatrix,
            bias: bias ? params.updateGateBiasVector : nil, name: "update gate", inputs: inputs, units: units, context)
        let reset = try RecurrentGate(
            input: params.resetGateWeightMatrix, recursion: params.resetGateRecursionMatrix,
            bias: bias ? params.resetGateBiasVector : nil, name: "reset gate", inputs: inputs, units: units, context)
        let output = try RecurrentGate(
            input: params.outputGateWeightMatrix, recursion: params.outputGateRecursionMatrix,
            bias: bias ? params.outputGateBiasVector : nil, name: "output gate", inputs: inputs, units: units, context)
        let activations = try RecurrentActivation.functions(params.activations, count: 2, context)
        let (f, g) = (activations[0], activations[1])
        var states = try sequence.initialState(1, units: units, context)
        var outputs: [[[Double]]] = Array(repeating: [], count: sequence.batch)
        for item in 0..<sequence.batch {
            for step in sequence.order(reverse: params.reverseInput) {
                let (x, y) = (sequence.vector(step: step, item: item), states[item])
                let z = update.preactivation(x, y).map(f)
                let r = reset.preactivation(x, y).map(f)
                let o = output.preactivation(x, zip(y, r).map(*)).map(g)
                states[item] = (0..<units).map { (1 - z[$0]) * o[$0] + z[$0] * y[$0] }
                outputs[item].append(states[item])
            }
        }
        let result = try RecurrentSequence.output(outputs, sequence: params.sequenceOutput, units: units, context)
        return Array([result, try RecurrentSequence.state(states, units: units, context)].prefix(context.outputCount))
    }

    /// The sequence input of a layer that reads it alone or followed by all its `states` initial
    /// states.
    static func recurrentInput(_ context: LayerContext, states: Int) throws(CoreMLEvaluationError) -> Tensor {
        guard context.inputs.count == 1 || context.inputs.count == 1 + states else {
            throw context.fail(.wrongArity("expected 1 or \(1 + states) inputs, got \(context.inputs.count)"))
        }
        return context.inputs[0]
    }

    /// Checks that the layer declares a number of outputs within `allowed`.
    static func checkOutputs(_ context: LayerContext, allowed: ClosedRange<Int>) throws(CoreMLEvaluationError) {
        guard allowed.contains(context.outputCount) else {
            throw context.fail(.wrongArity("expected \(allowed) outputs, got \(context.outputCount)"))
        }
    }
}
