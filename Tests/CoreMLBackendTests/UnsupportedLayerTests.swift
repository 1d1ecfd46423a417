import CoreMLBackend
import JSON
import KerasModel
import TestSupport
import Testing

/// A model with layers the backend cannot express names every one of them, not only the first.
@Suite struct UnsupportedLayerTests {
    static func node(_ layers: String...) -> InboundNode {
        InboundNode(arguments: layers.map { .tensor(TensorReference(layer: $0)) })
    }

    @Test func everyUnsupportedLayerIsNamedOnce() throws {
        var input = JSONObject()
        input["batch_input_shape"] = [nil, 4]
        let layers = [
            Layer(name: "x", className: "InputLayer", config: input),
            Layer(name: "odd", className: "MyLayer", config: JSONObject(), inboundNodes: [Self.node("x")]),
            Layer(name: "other", className: "TheirLayer", config: JSONObject(), inboundNodes: [Self.node("x")]),
            Layer(name: "sum", className: "Add", config: JSONObject(), inboundNodes: [Self.node("odd", "other")]),
        ]
        let graph = ModelGraph(
            name: "m", className: "Functional", layers: layers, inputs: [TensorReference(layer: "x")],
            outputs: [TensorReference(layer: "sum")])
        let model = KerasModel(
            file: FixturePaths.fixture("models/plain_sequential.h5"), kerasVersion: "2.21.0", backend: nil,
            graph: graph,
            weights: WeightIndex(), hasTrainingConfig: false, warnings: [])
        #expect {
            try CoreMLConverter.convert(model, lambdas: [:])
        } throws: { error in
            let text = "\(error)"
            return text.contains("layer 'odd' (MyLayer)") && text.contains("layer 'other' (TheirLayer)")
                && !text.contains("'sum'")
        }
    }
}
