import CoreMLBackend
import CoreMLSpec
import JSON
import KerasModel
import TestSupport
import Testing

/// The recurrent converters: which Core ML layers they choose, and the layers they refuse, by
/// name. Their numerics are checked end to end by `GoldenComparisonTests`.
@Suite struct RecurrentConversionTests {
    static func convert(_ fixture: String) throws -> [CoreML_Specification_NeuralNetworkLayer] {
        let model = try KerasModelReader.read(FixturePaths.fixture(fixture))
        return try CoreMLConverter.convert(model, lambdas: [:]).neuralNetwork.layers
    }

    static func kinds(_ layers: [CoreML_Specification_NeuralNetworkLayer]) -> [String] {
        layers.compactMap { layer in layer.layer.flatMap { Mirror(reflecting: $0).children.first?.label } }
    }

    @Test func usesTheNativeLayersWhereTheyComputeTheKerasFunction() throws {
        let lstm = try Self.convert("models/recurrent_lstm.h5")
        #expect(Self.kinds(lstm).filter { $0 == "uniDirectionalLstm" }.count == 2)
        let bidirectional = try Self.convert("models/recurrent_bidirectional.h5")
        // Three Bidirectional LSTMs; the GRU with reset_after=False keeps Core ML's gru layer.
        #expect(Self.kinds(bidirectional).filter { $0 == "biDirectionalLstm" }.count == 3)
        #expect(Self.kinds(bidirectional).filter { $0 == "gru" }.count == 2)
        #expect(Self.kinds(bidirectional).filter { $0 == "simpleRecurrent" }.count == 4)
        // reset_after=True GRUs are unrolled: no gru layer for them, one matmul per step.
        let gru = try Self.convert("models/recurrent_gru.h5")
        #expect(Self.kinds(gru).filter { $0 == "gru" }.count == 2)
        #expect(!gru.contains { $0.name.hasPrefix("gru_after_") && Self.kinds([$0]) == ["gru"] })
    }

    /// Where a reversed sequence's outputs go is not settled by the specification, so the
    /// converter reverses sequences itself and uses `reverseInput` only for a last output.
    @Test(arguments: ["models/recurrent_lstm.h5", "models/recurrent_gru.h5", "models/recurrent_simple.h5"])
    func reverseInputOnlyWithoutSequenceOutput(fixture: String) throws {
        var reversed = 0
        for layer in try Self.convert(fixture) {
            switch layer.layer {
            case .uniDirectionalLstm(let p)?:
                #expect(!(p.reverseInput && p.params.sequenceOutput), "\(layer.name)")
                reversed += p.reverseInput ? 1 : 0
            case .gru(let p)?:
                #expect(!(p.reverseInput && p.sequenceOutput), "\(layer.name)")
                reversed += p.reverseInput ? 1 : 0
            case .simpleRecurrent(let p)?:
                #expect(!(p.reverseInput && p.sequenceOutput), "\(layer.name)")
            default: break
            }
        }
        #expect(!fixture.hasSuffix("lstm.h5") || reversed > 0)
    }

    static func layer(_ name: String, _ className: String, _ config: String) throws -> Layer {
        let parsed = try #require(try JSONParser.parse(config).object)
        return Layer(
            name: name, className: className, config: parsed,
            inboundNodes: [InboundNode(arguments: [.tensor(TensorReference(layer: "sequence"))])])
    }

    @Test func refusedRecurrentLayersAreNamedWithTheReason() throws {
        var input = JSONObject()
        input["batch_input_shape"] = [nil, 6, 3]
        let layers = [
            Layer(name: "sequence", className: "InputLayer", config: input),
            try Self.layer("with_states", "LSTM", #"{"units": 2, "return_state": true}"#),
            try Self.layer("elu_gru", "GRU", #"{"units": 2, "activation": "elu"}"#),
            try Self.layer(
                "two_outputs", "Bidirectional", #"{"merge_mode": null, "layer": {"class_name": "LSTM", "config": {}}}"#),
            try Self.layer("no_weights", "SimpleRNN", #"{"units": 2}"#),
        ]
        let graph = ModelGraph(
            name: "m", className: "Functional", layers: layers, inputs: [TensorReference(layer: "sequence")],
            outputs: layers.dropFirst().map { TensorReference(layer: $0.name) })
        let model = KerasModel(
            file: FixturePaths.fixture("models/recurrent_lstm.h5"), kerasVersion: "2.21.0", backend: nil, graph: graph,
            weights: WeightIndex(), hasTrainingConfig: false, warnings: [])
        #expect {
            try CoreMLConverter.convert(model, lambdas: [:])
        } throws: { error in
            let text = "\(error)"
            return text.contains("layer 'with_states' (LSTM): return_state")
                && text.contains("layer 'elu_gru' (GRU): activation 'elu' is not one a Core ML recurrent layer has")
                && text.contains("layer 'two_outputs' (Bidirectional): merge_mode None")
                && text.contains("layer 'no_weights' (SimpleRNN): expected a kernel, a recurrent kernel and a bias")
        }
    }
}
