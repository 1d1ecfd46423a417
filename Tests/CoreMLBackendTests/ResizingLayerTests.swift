import CoreMLBackend
import JSON
import KerasModel
import ONNXBackend
import TestSupport
import Testing

/// Keras's `Resizing` converts when a plain resize computes it (the family `resizing_layer`
/// compares outputs with TensorFlow); what it does beyond that is refused by name in both
/// backends, never converted to something else.
@Suite struct ResizingLayerTests {
    static func model(height: Int = 4, width: Int = 4, _ settings: [String: JSONValue]) -> KerasModel {
        var input = JSONObject()
        input["batch_input_shape"] = [nil, 6, 8, 3]
        var config = JSONObject()
        config["height"] = .int(height)
        config["width"] = .int(width)
        for (key, value) in settings { config[key] = value }
        let layers = [
            Layer(name: "x", className: "InputLayer", config: input),
            Layer(
                name: "resize", className: "Resizing", config: config,
                inboundNodes: [InboundNode(arguments: [.tensor(TensorReference(layer: "x"))])]),
        ]
        let graph = ModelGraph(
            name: "m", className: "Functional", layers: layers, inputs: [TensorReference(layer: "x")],
            outputs: [TensorReference(layer: "resize")])
        return KerasModel(
            file: FixturePaths.fixture("models/plain_sequential.h5"), kerasVersion: "2.21.0", backend: nil,
            graph: graph, weights: WeightIndex(), hasTrainingConfig: false, warnings: [])
    }

    @Test(
        arguments: [
            (["interpolation": .string("bicubic")], 4, 4, "interpolation 'bicubic' is not supported"),
            (["crop_to_aspect_ratio": .bool(true)], 4, 4, "crop_to_aspect_ratio with an input of 6x8"),
            (["pad_to_aspect_ratio": .bool(true)], 4, 4, "pad_to_aspect_ratio with an input of 6x8"),
            (["antialias": .bool(true)], 3, 4, "antialias when shrinking"),
        ] as [([String: JSONValue], Int, Int, String)])
    func whatAPlainResizeCannotComputeIsRefused(
        settings: [String: JSONValue], height: Int, width: Int, reason: String
    ) throws {
        let model = Self.model(height: height, width: width, settings)
        #expect {
            try CoreMLConverter.convert(model, lambdas: [:])
        } throws: { error in
            "\(error)".contains("layer 'resize' (Resizing)") && "\(error)".contains(reason)
        }
        #expect {
            try ONNXConverter.convert(model, lambdas: [:])
        } throws: { error in
            "\(error)".contains("resize") && "\(error)".contains(reason)
        }
    }

    /// Both backends convert a channels_first Resizing between transposes (the [6, 8, 3] input read
    /// as 6 channels of 8 x 3).
    @Test func channelsFirstConvertsToCoreMLAndToONNX() throws {
        let model = Self.model(["data_format": .string("channels_first")])
        let spec = try CoreMLConverter.convert(model, lambdas: [:])
        #expect(spec.description_p.output.first?.type.multiArrayType.shape == [1, 6, 4, 4])
        let onnx = try ONNXConverter.convert(model, lambdas: [:])
        let dimensions = onnx.graph.output.first?.type.tensorType.shape.dim.map(\.dimValue)
        #expect(dimensions?.dropFirst() == [6, 4, 4])
    }

    @Test func aspectRatioOptionsThatChangeNothingConvert() throws {
        // 6x8 to 3x4 keeps the ratio: cropping or padding to it does nothing.
        for key in ["crop_to_aspect_ratio", "pad_to_aspect_ratio"] {
            let spec = try CoreMLConverter.convert(Self.model(height: 3, width: 4, [key: .bool(true)]), lambdas: [:])
            #expect(spec.description_p.output.first?.type.multiArrayType.shape == [1, 3, 4, 3])
        }
        // Antialiasing matters only when shrinking.
        let growing = try CoreMLConverter.convert(
            Self.model(height: 12, width: 16, ["antialias": .bool(true)]), lambdas: [:])
        #expect(growing.description_p.output.first?.type.multiArrayType.shape == [1, 12, 16, 3])
    }
}
