import JSON
import Pipeline
import TestSupport
import Testing

@Suite struct InspectReportTests {
    @Test func jsonFollowsTheContract() throws {
        let path = FixturePaths.fixture("models/inception_resnet_block.h5")
        let json = try Pipeline.inspect(path).jsonValue()
        #expect(json["file"] == .string(path))
        #expect(json["keras_version"] == "2.21.0")
        #expect(json["backend"] == "tensorflow")
        let layers = try #require(json["layers"]?.array)
        for layer in layers {
            for key in ["name", "class_name", "inbound", "output_shape"] { #expect(layer[key] != nil, "\(key)") }
        }
        let lambda = try #require(layers.first { $0["name"] == "scaled_residual" })
        #expect(lambda["inbound"] == ["x", "up"])
        let function = try #require(lambda["function"])
        #expect(function["payload"] == "marshal")
        #expect(function["encoding"] == "base64")
        #expect(function["arguments"] == ["scale": 0.17])
        #expect((function["code_size"]?.int ?? 0) > 50)
        #expect(function["defaults"] == nil)
        let conv = try #require(layers.first { $0["name"] == "branch_0" })
        #expect(conv["output_shape"] == [nil, 8, 8, 4])
        #expect(conv["function"] == nil)
    }

    @Test func jsonMarksNestedLayersAndOpPayloads() throws {
        let siamese = try Pipeline.inspect(FixturePaths.fixture("models/siamese_euclidean.h5")).jsonValue()
        let nested = try #require(siamese["layers"]?.array?.first { $0["name"] == "base_l2norm" })
        #expect(nested["parent"] == ["base"])
        let ops = try Pipeline.inspect(FixturePaths.fixture("models/tfop_lambda.h5")).jsonValue()
        let add = try #require(ops["layers"]?.array?.first { $0["name"] == "tf.__operators__.add" })
        #expect(add["function"]?["payload"] == "tfop")
        #expect(add["function"]?["op"] == "__operators__.add")
        #expect(add["function"]?["call_arguments"]?["y"] == 1.0)
        let named = try Pipeline.inspect(FixturePaths.fixture("models/keras3_named.h5")).jsonValue()
        let distance = try #require(named["layers"]?.array?.first { $0["name"] == "euclidean_distance" })
        #expect(distance["function"]?["payload"] == "named")
        #expect(distance["function"]?["name"] == "euclidean_distance")
    }

    @Test func textListsLayersThenLambdas() throws {
        let report = try Pipeline.inspect(FixturePaths.fixture("models/global_scale.h5"))
        let text = report.renderText()
        let lines = text.split(separator: "\n").map(String.init)
        #expect(lines[0].hasSuffix("global_scale.h5: Sequential 'global_scale', Keras 2.21.0, backend tensorflow"))
        #expect(lines.contains { $0.hasPrefix("Layer (type)") && $0.contains("Output shape") && $0.contains("Params") })
        #expect(lines.contains("Total params: \(report.totalParameters)"))
        #expect(lines.contains { $0.hasPrefix("Lambda layers (1):") })
        #expect(lines.contains { $0.contains("scale_global (Lambda): marshaled code") })
    }

    @Test func errorsCarryTheExitCodeOfUnusableInput() {
        #expect {
            try Pipeline.inspect(FixturePaths.fixture("bad/weights_only.h5"))
        } throws: { error in
            guard let error = error as? PipelineError else { return false }
            return error.exitCode == 2 && error.message.contains("weights_only.h5")
        }
    }
}
