import CoreMLBackend
import CoreMLSpec
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
            className: "SeparableConv1D", config: JSONObject(["data_format": "channels_first"]),
            inputShape: [nil, 3, 5], reason: "expected a depthwise and a pointwise kernel"),
        Row(className: "Activation", config: JSONObject(["activation": "celu"]), reason: "'celu' is not supported"),
        Row(
            className: "ReLU", config: JSONObject(["max_value": 6.0, "negative_slope": 0.1]),
            reason: "more than one of max_value, negative_slope and threshold"),
        Row(
            className: "ReLU", config: JSONObject(["negative_slope": 0.1, "threshold": 0.5]),
            reason: "more than one of max_value, negative_slope and threshold"),
    ]

    static func model(_ className: String, _ config: JSONObject, inputShape: [JSONValue] = [nil, 4]) -> KerasModel {
        var input = JSONObject()
        input["batch_input_shape"] = .array(inputShape)
        let layers = [
            Layer(name: "x", className: "InputLayer", config: input),
            Layer(
                name: "subject", className: className, config: config,
                inboundNodes: [InboundNode(arguments: [.tensor(TensorReference(layer: "x"))])]),
        ]
        let graph = ModelGraph(
            name: "m", className: "Functional", layers: layers, inputs: [TensorReference(layer: "x")],
            outputs: [TensorReference(layer: "subject")])
        return KerasModel(
            file: FixturePaths.fixture("models/plain_sequential.h5"), kerasVersion: "3.15.0", backend: nil,
            graph: graph, weights: WeightIndex(), hasTrainingConfig: false, warnings: [])
    }

    /// ReLU's slope and threshold are kept: a leaky or thresholded ReLU, not a plain one.
    @Test func reluKeepsItsSlopeOrThreshold() throws {
        let leaky = try CoreMLConverter.convert(Self.model("ReLU", JSONObject(["negative_slope": 0.25])), lambdas: [:])
        let leakyLayer = try #require(leaky.neuralNetwork.layers.first { $0.name == "subject" })
        #expect(leakyLayer.activation.leakyReLu.alpha == 0.25)
        let thresholded = try CoreMLConverter.convert(
            Self.model("ReLU", JSONObject(["threshold": 0.5, "max_value": nil])), lambdas: [:])
        let thresholdedLayer = try #require(thresholded.neuralNetwork.layers.first { $0.name == "subject" })
        #expect(thresholdedLayer.activation.thresholdedReLu.alpha == 0.5)
        let plain = try CoreMLConverter.convert(Self.model("ReLU", JSONObject()), lambdas: [:])
        let plainLayer = try #require(plain.neuralNetwork.layers.first { $0.name == "subject" })
        guard case .reLu? = plainLayer.activation.nonlinearityType else {
            Issue.record("a plain ReLU became \(plainLayer)")
            return
        }
    }

    @Test(arguments: rows) func refusedWithTheLayerAndReason(_ row: Row) throws {
        let model = Self.model(row.className, row.config, inputShape: row.inputShape)
        #expect {
            try CoreMLConverter.convert(model, lambdas: [:])
        } throws: { error in
            let text = "\(error)"
            return text.contains("layer 'subject' (\(row.className))") && text.contains(row.reason)
        }
    }
}
