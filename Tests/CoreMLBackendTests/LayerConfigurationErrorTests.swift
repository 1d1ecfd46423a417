import CoreMLBackend
import JSON
import KerasModel
import TestSupport
import Testing

/// Layers whose configuration or weights the converters cannot express are refused with a
/// message naming the layer, its class and the reason; nothing crashes.
@Suite struct LayerConfigurationErrorTests {
    struct Row: Sendable, CustomTestStringConvertible {
        var className: String
        var config: JSONObject
        var inputShape: [JSONValue] = [nil, 4]
        var reason: String
        var testDescription: String { "\(className): \(reason)" }
    }

    static let rows: [Row] = [
        Row(
            className: "LayerNormalization",
            config: JSONObject(["rms_scaling": true, "scale": false, "center": false]),
            reason: "rms_scaling is not supported"),
        Row(
            className: "LayerNormalization", config: JSONObject(["axis": [0], "scale": false, "center": false]),
            reason: "is not a set of non-batch axes"),
        Row(
            className: "LayerNormalization", config: JSONObject(["axis": -1]), reason: "unexpected weights (0)"),
        Row(className: "Conv1D", config: JSONObject(), inputShape: [nil, 5, 3], reason: "expected a 3-D kernel"),
        Row(
            className: "SeparableConv1D", config: JSONObject(), inputShape: [nil, 5, 3],
            reason: "expected a depthwise and a pointwise kernel"),
        Row(className: "Conv1D", config: JSONObject(), reason: "expected a 3-D input"),
        Row(
            className: "Cropping1D", config: JSONObject(["cropping": [2, 3]]), inputShape: [nil, 5, 3],
            reason: "crops every step"),
        Row(className: "Conv2DTranspose", config: JSONObject(), reason: "expected an input and a 4-D kernel"),
        Row(
            className: "SeparableConv2D", config: JSONObject(),
            reason: "expected an input, a depthwise and a pointwise kernel"),
        Row(className: "Embedding", config: JSONObject(), reason: "expected an input and a 2-D embedding matrix"),
        Row(className: "Embedding", config: JSONObject(["mask_zero": true]), reason: "mask_zero is not supported"),
        Row(className: "PReLU", config: JSONObject(), reason: "expected an input and alpha"),
        Row(className: "RepeatVector", config: JSONObject(["n": 2]), inputShape: [nil, 2, 3], reason: "a 2-D input"),
        Row(className: "RepeatVector", config: JSONObject(["n": 0]), reason: "a positive n"),
        Row(className: "MaxPooling1D", config: JSONObject(), reason: "expected a 3-D input"),
        Row(
            className: "AveragePooling1D", config: JSONObject(["data_format": "channels_first"]),
            inputShape: [nil, 2, 3], reason: "only channels_last"),
        Row(className: "Activation", config: JSONObject(["activation": "celu"]), reason: "'celu' is not supported"),
    ]

    @Test(arguments: rows) func refusedWithTheLayerAndReason(_ row: Row) throws {
        var input = JSONObject()
        input["batch_input_shape"] = .array(row.inputShape)
        let layers = [
            Layer(name: "x", className: "InputLayer", config: input),
            Layer(
                name: "subject", className: row.className, config: row.config,
                inboundNodes: [InboundNode(arguments: [.tensor(TensorReference(layer: "x"))])]),
        ]
        let graph = ModelGraph(
            name: "m", className: "Functional", layers: layers, inputs: [TensorReference(layer: "x")],
            outputs: [TensorReference(layer: "subject")])
        let model = KerasModel(
            file: FixturePaths.fixture("models/plain_sequential.h5"), kerasVersion: "3.15.0", backend: nil,
            graph: graph, weights: WeightIndex(), hasTrainingConfig: false, warnings: [])
        #expect {
            try CoreMLConverter.convert(model, lambdas: [:])
        } throws: { error in
            let text = "\(error)"
            return text.contains("layer 'subject' (\(row.className))") && text.contains(row.reason)
        }
    }
}
