import CoreMLEvaluator
import CoreMLSpec
import CoreOps
import Foundation
import MILEvaluator
import Pipeline
import TestSupport
import Testing

/// `--image-input`: the Keras input becomes a Core ML image whose pixels Core ML scales and
/// biases before the first layer; fed the pixels that map back to the golden inputs, the model
/// gives TensorFlow's golden outputs.
@Suite struct ImageInputTests {
    static let fixture = "models/plain_sequential.h5"
    /// A NeuralNetwork applies the preprocessing itself; an ML Program (fp32 here, fp16 in the
    /// last test) has it as operations after the input.
    static let formats = ["mlmodel", "mlpackage"]

    /// The converted model's file (a temporary path the caller removes) and its spec.
    static func convert(
        _ images: [ImageInput], format: String, precision: MILPrecision = .float32, fixture: String = fixture
    ) throws -> (URL, CoreML_Specification_Model) {
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("delambda-\(UUID()).\(format)")
        _ = try Pipeline.convert(
            FixturePaths.fixture(fixture), output: output.path, imageInputs: images,
            mlProgram: MLProgramSettings(precision: precision))
        guard format == "mlpackage" else {
            return (output, try CoreML_Specification_Model(serializedBytes: try Data(contentsOf: output)))
        }
        return (output, try MLPackage(url: output).model)
    }

    /// The worst error over the golden samples when each [H, W, C] input sample `x` is fed as the
    /// [C, H, W] image whose channel `c` holds `(x[c] - bias[c]) / scale`: the network sees the
    /// image's channels in the order they arrive (blue first for BGR), each with its own bias.
    /// A NeuralNetwork takes the image as [C, H, W], an ML Program's function as [1, C, H, W].
    static func worstError(
        _ output: URL, _ spec: CoreML_Specification_Model, scale: Double, bias: [Double],
        golden path: String = "golden/plain_sequential.h5"
    ) throws -> Double {
        let inputName = spec.description_p.input[0].name
        let outputName = spec.description_p.output[0].name
        let predict: (Tensor) throws -> Tensor
        if output.pathExtension == "mlpackage" {
            let evaluator = try MILEvaluator(package: output)
            predict = { image in
                let batched = try Tensor(shape: [1] + image.shape, values: image.values)
                return try #require(try evaluator.predict([inputName: batched])[outputName])
            }
        } else {
            let evaluator = try CoreMLEvaluator(model: spec)
            predict = { image in try #require(try evaluator.predict([inputName: image])[outputName]) }
        }
        let golden = try GoldenFile(path: FixturePaths.fixture(path))
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
            let got = try predict(try Tensor(shape: [channels, height, width], values: pixels))
            let expected = golden.outputs[0]
            let count = expected.shape.dropFirst().reduce(1, *)
            for index in 0..<count {
                worst = max(worst, abs(got.values[index] - Double(expected.values[sample * count + index])))
            }
        }
        return worst
    }

    @Test(arguments: formats)
    func anRGBImageScaledToMinusOneOne(format: String) throws {
        let (output, spec) = try Self.convert([ImageInput(name: "image", scale: 1 / 127.5, bias: [-1])], format: format)
        defer { try? FileManager.default.removeItem(at: output) }
        let feature = spec.description_p.input[0]
        #expect(feature.name == "image")
        #expect(feature.type.imageType.colorSpace == .rgb)
        #expect(feature.type.imageType.width == 8 && feature.type.imageType.height == 8)
        if format == "mlmodel" {
            #expect(spec.neuralNetwork.preprocessing.first?.scaler.channelScale == Float(1 / 127.5))
        } else {
            let main = try #require(spec.mlProgram.functions["main"])
            #expect(main.inputs.first?.type.tensorType.dimensions.map(\.constant.size) == [1, 3, 8, 8])
        }
        let worst = try Self.worstError(output, spec, scale: 1 / 127.5, bias: [-1, -1, -1])
        print("image input rgb \(format): max error \(worst)")
        #expect(worst < 1e-4)
    }

    @Test(arguments: formats)
    func aBGRImageWithABiasPerChannel(format: String) throws {
        // The bias is given as red, green, blue whatever the channel order.
        let (output, spec) = try Self.convert(
            [ImageInput(name: "image", colorSpace: .bgr, scale: 0.01, bias: [-0.5, 0.25, -1])], format: format)
        defer { try? FileManager.default.removeItem(at: output) }
        #expect(spec.description_p.input[0].type.imageType.colorSpace == .bgr)
        // Red -0.5, green 0.25, blue -1: blue is the first channel the network sees.
        let worst = try Self.worstError(output, spec, scale: 0.01, bias: [-1, 0.25, -0.5])
        print("image input bgr \(format): max error \(worst)")
        #expect(worst < 1e-4)
    }

    /// An fp16 package casts the pixels to fp16 before the preprocessing: whole pixel values are
    /// exact in fp16, the error is fp16 compute's.
    @Test func aHalfPrecisionPackageWithAnImageInput() throws {
        let (output, spec) = try Self.convert(
            [ImageInput(name: "image", scale: 1 / 127.5, bias: [-1])], format: "mlpackage", precision: .float16)
        defer { try? FileManager.default.removeItem(at: output) }
        let worst = try Self.worstError(output, spec, scale: 1 / 127.5, bias: [-1, -1, -1])
        print("image input rgb mlpackage fp16: max error \(worst)")
        #expect(worst < 1e-2)
    }

    /// An image input of unknown height and width: the feature declares a range of sizes, and
    /// the one model gives TensorFlow's outputs at both golden sizes.
    @Test(arguments: formats)
    func anImageOfAnySize(format: String) throws {
        let fixture = "families/flexible_shapes/image_any_size_tf_keras.h5"
        let (output, spec) = try Self.convert([ImageInput(name: "input_0")], format: format, fixture: fixture)
        defer { try? FileManager.default.removeItem(at: output) }
        let sizes = spec.description_p.input[0].type.imageType.imageSizeRange
        #expect(sizes.heightRange.lowerBound == 1 && sizes.heightRange.upperBound == -1)
        #expect(sizes.widthRange.lowerBound == 1 && sizes.widthRange.upperBound == -1)
        let model = try #require(FixtureManifest.shared.models.first { $0.file == fixture })
        let goldens = model.entry["goldens"]?.array?.compactMap(\.string) ?? []
        #expect(goldens.count >= 2)
        for golden in goldens {
            let worst = try Self.worstError(output, spec, scale: 1, bias: [0, 0, 0], golden: golden)
            print("image input of any size \(format) \(golden): max error \(worst)")
            #expect(worst < 1e-4)
        }
    }

    /// An image is one picture at a time: an image input with a flexible batch is refused by name
    /// (`.mlmodel`; a package refuses any batch above 1 before).
    @Test func anImageWithAFlexibleBatchIsRefused() throws {
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("delambda-\(UUID()).mlmodel")
        defer { try? FileManager.default.removeItem(at: output) }
        do {
            _ = try Pipeline.convert(
                FixturePaths.fixture(Self.fixture), output: output.path, imageInputs: [ImageInput(name: "image")],
                inputShapes: try InputShapeOptions.parse(inputShapes: [], batch: "1..4"))
            Issue.record("an image input with a batch range was accepted")
        } catch {
            #expect("\(error)".contains("an image input takes one image at a time"), "\(error)")
        }
        #expect(!FileManager.default.fileExists(atPath: output.path))
    }

    @Test(arguments: formats)
    func wrongImageDeclarationsAreNamed(format: String) throws {
        #expect(throws: PipelineError.self) { try Self.convert([ImageInput(name: "nope")], format: format) }
        do {
            _ = try Self.convert([ImageInput(name: "image", colorSpace: .grayscale)], format: format)
            Issue.record("a 3-channel input declared grayscale was accepted")
        } catch {
            #expect("\(error)".contains("(height, width, 1)"), "\(error)")
        }
        do {
            _ = try Self.convert([ImageInput(name: "nope")], format: format)
        } catch {
            #expect("\(error)".contains("no input named nope"), "\(error)")
        }
    }
}
