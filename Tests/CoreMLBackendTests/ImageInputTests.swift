import CoreMLEvaluator
import CoreMLSpec
import CoreOps
import Foundation
import Pipeline
import TestSupport
import Testing

/// `--image-input`: the Keras input becomes a Core ML image whose pixels Core ML scales and
/// biases before the first layer; fed the pixels that map back to the golden inputs, the model
/// gives TensorFlow's golden outputs.
@Suite struct ImageInputTests {
    static let fixture = "models/plain_sequential.h5"

    static func convert(_ images: [ImageInput]) throws -> CoreML_Specification_Model {
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("delambda-\(UUID()).mlmodel")
        defer { try? FileManager.default.removeItem(at: output) }
        _ = try Pipeline.convert(FixturePaths.fixture(fixture), output: output.path, imageInputs: images)
        return try CoreML_Specification_Model(serializedBytes: try Data(contentsOf: output))
    }

    /// The worst error over the golden samples when each [H, W, C] input sample `x` is fed as the
    /// [C, H, W] image whose channel `c` holds `(x[c] - bias[c]) / scale`: the network sees the
    /// image's channels in the order they arrive (blue first for BGR), each with its own bias.
    static func worstError(_ spec: CoreML_Specification_Model, scale: Double, bias: [Double]) throws -> Double {
        let evaluator = try CoreMLEvaluator(model: spec)
        let golden = try GoldenFile(path: FixturePaths.fixture("golden/plain_sequential.h5"))
        let input = golden.inputs[0]
        let (height, width, channels) = (input.shape[1], input.shape[2], input.shape[3])
        let size = height * width * channels
        var worst = 0.0
        for sample in 0..<input.shape[0] {
            var pixels = [Double](repeating: 0, count: size)
            for y in 0..<height {
                for x in 0..<width {
                    for channel in 0..<channels {
                        let value = Double(input.values[sample * size + (y * width + x) * channels + channel])
                        pixels[(channel * height + y) * width + x] = (value - bias[channel]) / scale
                    }
                }
            }
            let image = try Tensor(shape: [channels, height, width], values: pixels)
            let outputs = try evaluator.predict([spec.description_p.input[0].name: image])
            let expected = golden.outputs[0]
            let count = expected.shape.dropFirst().reduce(1, *)
            let got = try #require(outputs[spec.description_p.output[0].name])
            for index in 0..<count {
                worst = max(worst, abs(got.values[index] - Double(expected.values[sample * count + index])))
            }
        }
        return worst
    }

    @Test func anRGBImageScaledToMinusOneOne() throws {
        let spec = try Self.convert([ImageInput(name: "image", scale: 1 / 127.5, bias: [-1])])
        let feature = spec.description_p.input[0]
        #expect(feature.name == "image")
        #expect(feature.type.imageType.colorSpace == .rgb)
        #expect(feature.type.imageType.width == 8 && feature.type.imageType.height == 8)
        #expect(spec.neuralNetwork.preprocessing.first?.scaler.channelScale == Float(1 / 127.5))
        let worst = try Self.worstError(spec, scale: 1 / 127.5, bias: [-1, -1, -1])
        print("image input rgb: max error \(worst)")
        #expect(worst < 1e-4)
    }

    @Test func aBGRImageWithABiasPerChannel() throws {
        // The bias is given as red, green, blue whatever the channel order.
        let spec = try Self.convert([
            ImageInput(name: "image", colorSpace: .bgr, scale: 0.01, bias: [-0.5, 0.25, -1])
        ])
        #expect(spec.description_p.input[0].type.imageType.colorSpace == .bgr)
        // Red -0.5, green 0.25, blue -1: blue is the first channel the network sees.
        let worst = try Self.worstError(spec, scale: 0.01, bias: [-1, 0.25, -0.5])
        print("image input bgr: max error \(worst)")
        #expect(worst < 1e-4)
    }

    @Test func wrongImageDeclarationsAreNamed() throws {
        #expect(throws: PipelineError.self) { try Self.convert([ImageInput(name: "nope")]) }
        do {
            _ = try Self.convert([ImageInput(name: "image", colorSpace: .grayscale)])
            Issue.record("a 3-channel input declared grayscale was accepted")
        } catch {
            #expect("\(error)".contains("(height, width, 1)"), "\(error)")
        }
        do {
            _ = try Self.convert([ImageInput(name: "nope")])
        } catch {
            #expect("\(error)".contains("no input named nope"), "\(error)")
        }
    }
}
