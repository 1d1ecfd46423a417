import CoreMLEvaluator
import CoreMLSpec
import CoreOps
import Testing

private func w(_ values: [Double]) -> CoreML_Specification_WeightParams { EvaluatorHarness.weights(values) }

/// `[Seq, 1, C, 1, 1]` from one vector per step.
private func steps(_ vectors: [[Double]]) -> Tensor {
    EvaluatorHarness.tensor([vectors.count, 1, vectors.first?.count ?? 0, 1, 1], vectors.flatMap { $0 })
}

private let linear: CoreML_Specification_ActivationParams = {
    var params = CoreML_Specification_ActivationParams()
    params.linear.alpha = 1
    return params
}()

private let sigmoid: CoreML_Specification_ActivationParams = {
    var params = CoreML_Specification_ActivationParams()
    params.sigmoid = .init()
    return params
}()

/// The recurrent layers, against values worked out by hand. Linear activations keep the
/// arithmetic exact; distinct per-gate numbers catch swapped gates, matrices and activations.
@Suite struct RecurrentLayerTests {
    /// A 1 → 1 simple recurrent layer: `y_t = 2 x_t + 0.5 y_{t-1} + 1`.
    static func simple(sequence: Bool, reverse: Bool = false) -> EvaluatorHarness.Layer {
        EvaluatorHarness.layer { layer in
            var params = CoreML_Specification_SimpleRecurrentLayerParams()
            params.inputVectorSize = 1
            params.outputVectorSize = 1
            params.activation = linear
            params.sequenceOutput = sequence
            params.hasBiasVector_p = true
            params.weightMatrix = w([2])
            params.recursionMatrix = w([0.5])
            params.biasVector = w([1])
            params.reverseInput = reverse
            layer.simpleRecurrent = params
        }
    }

    @Test(arguments: [
        (true, false, [3, 6.5, 10.25]),
        (false, false, [10.25]),
        // Visits 3, 2, 1; the outputs are kept in the order they were computed.
        (true, true, [7, 8.5, 7.25]),
        (false, true, [7.25]),
    ])
    func simpleRecurrent(sequence: Bool, reverse: Bool, expected: [Double]) throws {
        let result = try EvaluatorHarness.run(
            Self.simple(sequence: sequence, reverse: reverse), steps([[1], [2], [3]]))
        #expect(close(result, EvaluatorHarness.tensor([expected.count, 1, 1, 1, 1], expected)))
    }

    @Test func simpleRecurrentMatricesAreRowMajorOutputsByInputs() throws {
        let layer = EvaluatorHarness.layer { layer in
            layer.simpleRecurrent.inputVectorSize = 2
            layer.simpleRecurrent.outputVectorSize = 2
            layer.simpleRecurrent.activation = linear
            layer.simpleRecurrent.sequenceOutput = true
            layer.simpleRecurrent.weightMatrix = w([1, 2, 3, 4])
            // R y = [y_1, 0]: row 0 reads the second unit.
            layer.simpleRecurrent.recursionMatrix = w([0, 1, 0, 0])
        }
        let result = try EvaluatorHarness.run(layer, steps([[1, 10], [0, 0]]))
        #expect(close(result, EvaluatorHarness.tensor([2, 1, 2, 1, 1], [21, 43, 43, 0])))
    }

    @Test func simpleRecurrentRunsEachBatchItemOnItsOwn() throws {
        var layer = Self.simple(sequence: true)
        layer.simpleRecurrent.weightMatrix = w([1])
        layer.simpleRecurrent.recursionMatrix = w([1])
        layer.simpleRecurrent.hasBiasVector_p = false
        let input = EvaluatorHarness.tensor([2, 2, 1, 1, 1], [1, 10, 2, 20])
        let result = try EvaluatorHarness.run(layer, input)
        #expect(close(result, EvaluatorHarness.tensor([2, 2, 1, 1, 1], [1, 10, 3, 30])))
    }

    @Test func gatesAreClippedToFifty() throws {
        var layer = Self.simple(sequence: false)
        layer.simpleRecurrent.weightMatrix = w([100])
        let result = try EvaluatorHarness.run(layer, steps([[1]]))
        #expect(close(result, EvaluatorHarness.tensor([1, 1, 1, 1, 1], [50])))
    }

    @Test func initialStateAndFinalStateBlobs() throws {
        var layer = Self.simple(sequence: true)
        layer.input = ["x", "h0"]
        layer.output = ["y", "h"]
        let inputs = ["x": steps([[1], [2]]), "h0": EvaluatorHarness.tensor([1, 1, 1, 1, 1], [4])]
        let model = EvaluatorHarness.model([layer], inputs: inputs, outputs: ["y", "h"])
        let outputs = try CoreMLEvaluator(model: model).predict(inputs)
        // y_1 = 2 + 2 + 1, y_2 = 4 + 2.5 + 1.
        #expect(close(try #require(outputs["y"]), EvaluatorHarness.tensor([2, 1, 1, 1, 1], [5, 7.5])))
        #expect(close(try #require(outputs["h"]), EvaluatorHarness.tensor([1, 1, 1, 1, 1], [7.5])))
    }

    /// A 1 → 1 GRU: z = 0.25, r = 2, o = g(x + c) with c = y ⊙ r.
    static func gru(f: CoreML_Specification_ActivationParams = linear) -> EvaluatorHarness.Layer {
        EvaluatorHarness.layer { layer in
            var params = CoreML_Specification_GRULayerParams()
            params.inputVectorSize = 1
            params.outputVectorSize = 1
            params.activations = [f, linear]
            params.sequenceOutput = true
            params.hasBiasVectors_p = true
            params.updateGateWeightMatrix = w([0])
            params.updateGateRecursionMatrix = w([0])
            params.updateGateBiasVector = w([0.25])
            params.resetGateWeightMatrix = w([0])
            params.resetGateRecursionMatrix = w([0])
            params.resetGateBiasVector = w([2])
            params.outputGateWeightMatrix = w([1])
            params.outputGateRecursionMatrix = w([1])
            params.outputGateBiasVector = w([0])
            layer.gru = params
        }
    }

    @Test func gruFollowsTheSpecificationEquations() throws {
        // y_1 = 0.75 · 1 + 0.25 · 0; c_2 = 0.75 · 2, o_2 = 2 + 1.5, y_2 = 0.75 · 3.5 + 0.25 · 0.75.
        let result = try EvaluatorHarness.run(Self.gru(), steps([[1], [2]]))
        #expect(close(result, EvaluatorHarness.tensor([2, 1, 1, 1, 1], [0.75, 2.8125])))
    }

    @Test func gruAppliesTheFirstActivationToTheGates() throws {
        var layer = Self.gru(f: sigmoid)
        layer.gru.updateGateBiasVector = w([0])
        layer.gru.resetGateBiasVector = w([0])
        // z = r = 0.5: y_1 = 0.5; c_2 = 0.25, o_2 = 2.25, y_2 = 0.5 · 2.25 + 0.5 · 0.5.
        let result = try EvaluatorHarness.run(layer, steps([[1], [2]]))
        #expect(close(result, EvaluatorHarness.tensor([2, 1, 1, 1, 1], [0.5, 1.375])))
    }

    /// One LSTM direction of one unit whose gates are constants (their biases): the block input
    /// reads `z = x + recursion · y`.
    static func lstmWeights(input: Double, forget: Double, output: Double, recursion: Double = 0)
        -> CoreML_Specification_LSTMWeightParams
    {
        var weights = CoreML_Specification_LSTMWeightParams()
        weights.inputGateWeightMatrix = w([0])
        weights.forgetGateWeightMatrix = w([0])
        weights.blockInputWeightMatrix = w([1])
        weights.outputGateWeightMatrix = w([0])
        weights.inputGateRecursionMatrix = w([0])
        weights.forgetGateRecursionMatrix = w([0])
        weights.blockInputRecursionMatrix = w([recursion])
        weights.outputGateRecursionMatrix = w([0])
        weights.inputGateBiasVector = w([input])
        weights.forgetGateBiasVector = w([forget])
        weights.blockInputBiasVector = w([0])
        weights.outputGateBiasVector = w([output])
        return weights
    }

    static func lstm(_ configure: (inout CoreML_Specification_UniDirectionalLSTMLayerParams) -> Void)
        -> EvaluatorHarness.Layer
    {
        EvaluatorHarness.layer { layer in
            var params = CoreML_Specification_UniDirectionalLSTMLayerParams()
            params.inputVectorSize = 1
            params.outputVectorSize = 1
            params.activations = [linear, linear, linear]
            params.params.sequenceOutput = true
            params.params.hasBiasVectors_p = true
            params.weightParams = lstmWeights(input: 0.5, forget: 0.25, output: 2)
            configure(&params)
            layer.uniDirectionalLstm = params
        }
    }

    static let lstmCases: [(String, EvaluatorHarness.Layer, [Double])] = [
        // c_1 = 0.5 · 2 = 1, y_1 = 2; c_2 = 0.25 · 1 + 0.5 · 4 = 2.25, y_2 = 4.5.
        ("plain", lstm { _ in }, [2, 4.5]),
        ("last output only", lstm { $0.params.sequenceOutput = false }, [4.5]),
        ("recursion into the block input", lstm { $0.weightParams.blockInputRecursionMatrix = w([1]) }, [2, 6.5]),
        // The forget gate gets 1 more: c_2 = 1.25 · 1 + 2.
        ("forget bias", lstm { $0.params.forgetBias = true }, [2, 6.5]),
        // c_2 = (1 - 0.5) · 1 + 2.
        ("coupled input and forget gate", lstm { $0.params.coupledInputAndForgetGate = true }, [2, 5]),
        ("cell clip", lstm { $0.params.cellClipThreshold = 2 }, [2, 4]),
        (
            "peepholes",
            lstm {
                $0.params.hasPeepholeVectors_p = true
                $0.weightParams.inputGatePeepholeVector = w([1])
                $0.weightParams.forgetGatePeepholeVector = w([0])
                $0.weightParams.outputGatePeepholeVector = w([0.5])
            },
            // i_1 = 0.5, c_1 = 1, o_1 = 2 + 0.5 · c_1; i_2 = 0.5 + c_1, c_2 = 0.25 + 1.5 · 4, o_2 = 2 + 0.5 · c_2.
            [2.5, 6.25 * 5.125]
        ),
        (
            "reversed input",
            lstm {
                $0.reverseInput = true
                $0.weightParams = lstmWeights(input: 1, forget: 1, output: 1)
            },
            [4, 6]
        ),
    ]

    @Test(arguments: lstmCases.indices)
    func uniDirectionalLSTM(index: Int) throws {
        let (name, layer, expected) = Self.lstmCases[index]
        let result = try EvaluatorHarness.run(layer, steps([[2], [4]]))
        #expect(close(result, EvaluatorHarness.tensor([expected.count, 1, 1, 1, 1], expected)), "\(name): \(result)")
    }

    @Test func lstmActivationsAreGateBlockInputAndOutput() throws {
        // f = sigmoid on the gates (all 0.5 with zero biases), g and h linear.
        let layer = Self.lstm {
            $0.activations = [sigmoid, linear, linear]
            $0.weightParams = Self.lstmWeights(input: 0, forget: 0, output: 0)
        }
        // c_1 = 0.5 · 2, y_1 = 0.5; c_2 = 0.5 · 1 + 0.5 · 4, y_2 = 1.25.
        let result = try EvaluatorHarness.run(layer, steps([[2], [4]]))
        #expect(close(result, EvaluatorHarness.tensor([2, 1, 1, 1, 1], [0.5, 1.25])))
    }

    static func biLSTM(sequence: Bool) -> EvaluatorHarness.Layer {
        EvaluatorHarness.layer { layer in
            var params = CoreML_Specification_BiDirectionalLSTMLayerParams()
            params.inputVectorSize = 1
            params.outputVectorSize = 1
            params.activationsForwardLstm = [linear, linear, linear]
            params.activationsBackwardLstm = [linear, linear, linear]
            params.params.sequenceOutput = sequence
            params.params.hasBiasVectors_p = true
            // Backward: c accumulates the inputs from the end, y = c.
            params.weightParams = [
                lstmWeights(input: 0.5, forget: 0.25, output: 2), lstmWeights(input: 1, forget: 1, output: 1),
            ]
            layer.biDirectionalLstm = params
        }
    }

    @Test func biDirectionalLSTMAlignsTheBackwardOutputsWithTheirStep() throws {
        let result = try EvaluatorHarness.run(Self.biLSTM(sequence: true), steps([[2], [4]]))
        // Step 1: forward after x_1, backward after x_2, x_1; step 2: forward after both, backward after x_2.
        #expect(close(result, EvaluatorHarness.tensor([2, 1, 2, 1, 1], [2, 6, 4.5, 4])))
        let last = try EvaluatorHarness.run(Self.biLSTM(sequence: false), steps([[2], [4]]))
        #expect(close(last, EvaluatorHarness.tensor([1, 1, 2, 1, 1], [4.5, 6])))
    }

    @Test func badRecurrentLayersAreNamedErrors() throws {
        #expect(
            throws: CoreMLEvaluationError(
                layer: "layer", kind: "simpleRecurrent", index: 0,
                problem: .wrongRank(expected: "rank 5 [Seq, Batch, C, 1, 1]", shape: [2, 1]))
        ) {
            try EvaluatorHarness.run(Self.simple(sequence: true), EvaluatorHarness.tensor([2, 1], [1, 2]))
        }
        var shortWeights = Self.gru()
        shortWeights.gru.resetGateRecursionMatrix = w([])
        #expect(
            throws: CoreMLEvaluationError(
                layer: "layer", kind: "gru", index: 0,
                problem: .weightCountMismatch(weights: "reset gate recursion matrix", expected: 1, got: 0))
        ) {
            try EvaluatorHarness.run(shortWeights, steps([[1]]))
        }
        var elu = CoreML_Specification_ActivationParams()
        elu.elu.alpha = 1
        let unsupported = Self.lstm { $0.activations = [elu, linear, linear] }
        #expect(throws: CoreMLEvaluationError.self) { try EvaluatorHarness.run(unsupported, steps([[1]])) }
        let missing = Self.lstm { $0.activations = [linear, linear] }
        #expect(
            throws: CoreMLEvaluationError(
                layer: "layer", kind: "uniDirectionalLstm", index: 0,
                problem: .invalidParameter("expected 3 activations, got 2"))
        ) {
            try EvaluatorHarness.run(missing, steps([[1]]))
        }
    }
}
