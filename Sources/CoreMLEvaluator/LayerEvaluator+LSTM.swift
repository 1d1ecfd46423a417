import CoreMLSpec
import CoreOps

/// The LSTM layers `uniDirectionalLSTM` and `biDirectionalLSTM`, from the `LSTMParams`
/// equations of `NeuralNetwork.proto`.
///
/// Inputs: `[Seq, Batch, inputVectorSize, 1, 1]`, then optionally the initial output and cell
/// state of each direction (`[1, Batch, outputVectorSize, 1, 1]`, zeros when absent). Outputs: the
/// layer's output, then, when declared, the final output and cell state of each direction.
extension LayerEvaluator {
    static func uniDirectionalLSTM(
        _ params: CoreML_Specification_UniDirectionalLSTMLayerParams, _ context: LayerContext
    ) throws(CoreMLEvaluationError) -> [Tensor] {
        let (inputs, units) = (Int(params.inputVectorSize), Int(params.outputVectorSize))
        let sequence = try RecurrentSequence(try recurrentInput(context, states: 2), size: inputs, context)
        try checkOutputs(context, allowed: 1...3)
        let cell = try LSTMCell(
            params.weightParams, params.params, params.activations, inputs: inputs, units: units, context)
        var ys = try sequence.initialState(1, units: units, context)
        var cs = try sequence.initialState(2, units: units, context)
        var outputs: [[[Double]]] = []
        for item in 0..<sequence.batch {
            var itemOutputs: [[Double]] = []
            for step in sequence.order(reverse: params.reverseInput) {
                (ys[item], cs[item]) = cell.step(sequence.vector(step: step, item: item), ys[item], cs[item])
                itemOutputs.append(ys[item])
            }
            outputs.append(itemOutputs)
        }
        let output = try RecurrentSequence.output(
            outputs, sequence: params.params.sequenceOutput, units: units, context)
        let states = [
            output, try RecurrentSequence.state(ys, units: units, context),
            try RecurrentSequence.state(cs, units: units, context),
        ]
        return Array(states.prefix(context.outputCount))
    }

    /// A forward and a backward LSTM over the same input; output step `t` joins the forward
    /// output after `x_1 ... x_t` and the backward output after `x_T ... x_t`, the last output
    /// joins both final outputs.
    static func biDirectionalLSTM(
        _ params: CoreML_Specification_BiDirectionalLSTMLayerParams, _ context: LayerContext
    ) throws(CoreMLEvaluationError) -> [Tensor] {
        let (inputs, units) = (Int(params.inputVectorSize), Int(params.outputVectorSize))
        let sequence = try RecurrentSequence(try recurrentInput(context, states: 4), size: inputs, context)
        try checkOutputs(context, allowed: 1...5)
        guard params.weightParams.count == 2 else {
            throw context.fail(.invalidParameter("expected 2 weightParams, got \(params.weightParams.count)"))
        }
        let forward = try LSTMCell(
            params.weightParams[0], params.params, params.activationsForwardLstm, inputs: inputs, units: units, context)
        let backward = try LSTMCell(
            params.weightParams[1], params.params, params.activationsBackwardLstm, inputs: inputs, units: units, context
        )
        var states: [[[Double]]] = []
        for index in 1...4 { states.append(try sequence.initialState(index, units: units, context)) }
        let steps = sequence.steps
        var outputs: [[[Double]]] = []
        for item in 0..<sequence.batch {
            var joined = [[Double]](repeating: [], count: steps)
            for step in 0..<steps {
                (states[0][item], states[1][item]) = forward.step(
                    sequence.vector(step: step, item: item), states[0][item], states[1][item])
                joined[step] += states[0][item]
            }
            for step in (0..<steps).reversed() {
                (states[2][item], states[3][item]) = backward.step(
                    sequence.vector(step: step, item: item), states[2][item], states[3][item])
                joined[step] += states[2][item]
            }
            if !params.params.sequenceOutput, steps > 0 {
                joined = [Array(joined[steps - 1].prefix(units)) + Array(joined[0].suffix(units))]
            }
            outputs.append(joined)
        }
        var results = [try RecurrentSequence.output(outputs, sequence: true, units: 2 * units, context)]
        for state in states { results.append(try RecurrentSequence.state(state, units: units, context)) }
        return Array(results.prefix(context.outputCount))
    }
}

/// One LSTM direction: its four gates, optional peepholes, activations `[f, g, h]`, the coupled
/// input-forget option and the cell clip.
struct LSTMCell {
    let inputGate: RecurrentGate
    let forgetGate: RecurrentGate
    let blockInput: RecurrentGate
    let outputGate: RecurrentGate
    /// `p_i`, `p_f`, `p_o`, or `nil` without peepholes.
    let peepholes: (input: [Double], forget: [Double], output: [Double])?
    let f: @Sendable (Double) -> Double
    let g: @Sendable (Double) -> Double
    let h: @Sendable (Double) -> Double
    let coupled: Bool
    let clip: Double

    init(
        _ weights: CoreML_Specification_LSTMWeightParams, _ params: CoreML_Specification_LSTMParams,
        _ activations: [CoreML_Specification_ActivationParams], inputs: Int, units: Int, _ context: LayerContext
    ) throws(CoreMLEvaluationError) {
        let bias = params.hasBiasVectors_p
        func gate(
            _ name: String, _ input: CoreML_Specification_WeightParams,
            _ recursion: CoreML_Specification_WeightParams, _ biasVector: CoreML_Specification_WeightParams
        ) throws(CoreMLEvaluationError) -> RecurrentGate {
            try RecurrentGate(
                input: input, recursion: recursion, bias: bias ? biasVector : nil, name: name, inputs: inputs,
                units: units, context)
        }
        inputGate = try gate(
            "input gate", weights.inputGateWeightMatrix, weights.inputGateRecursionMatrix, weights.inputGateBiasVector)
        var forget = try gate(
            "forget gate", weights.forgetGateWeightMatrix, weights.forgetGateRecursionMatrix,
            weights.forgetGateBiasVector)
        if params.forgetBias { forget.bias = forget.bias.map { $0 + 1 } }
        forgetGate = forget
        blockInput = try gate(
            "block input", weights.blockInputWeightMatrix, weights.blockInputRecursionMatrix,
            weights.blockInputBiasVector)
        outputGate = try gate(
            "output gate", weights.outputGateWeightMatrix, weights.outputGateRecursionMatrix,
            weights.outputGateBiasVector)
        if params.hasPeepholeVectors_p {
            peepholes = (
                try context.weights(weights.inputGatePeepholeVector, "input gate peephole", count: units),
                try context.weights(weights.forgetGatePeepholeVector, "forget gate peephole", count: units),
                try context.weights(weights.outputGatePeepholeVector, "output gate peephole", count: units)
            )
        } else {
            peepholes = nil
        }
        let functions = try RecurrentActivation.functions(activations, count: 3, context)
        (f, g, h) = (functions[0], functions[1], functions[2])
        coupled = params.coupledInputAndForgetGate
        // The specification: a threshold of 0 means the default, 50.
        clip = params.cellClipThreshold == 0 ? 50 : Double(params.cellClipThreshold)
    }

    /// One time step: the new output and cell state from `x_t`, `y_{t-1}` and `c_{t-1}`.
    func step(_ x: ArraySlice<Double>, _ y: [Double], _ c: [Double]) -> ([Double], [Double]) {
        let i = inputGate.preactivation(x, y, extra: peepholes.map { zip($0.input, c).map(*) }).map(f)
        let forget = forgetGate.preactivation(x, y, extra: peepholes.map { zip($0.forget, c).map(*) }).map(f)
        let z = blockInput.preactivation(x, y).map(g)
        let cell = c.indices.map { unit in
            let kept = coupled ? c[unit] * (1 - i[unit]) : c[unit] * forget[unit]
            return Swift.min(Swift.max(kept + i[unit] * z[unit], -clip), clip)
        }
        let o = outputGate.preactivation(x, y, extra: peepholes.map { zip($0.output, cell).map(*) }).map(f)
        return (cell.indices.map { h(cell[$0]) * o[$0] }, cell)
    }
}
