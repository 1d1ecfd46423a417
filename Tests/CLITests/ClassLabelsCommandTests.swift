import CoreMLEvaluator
import CoreMLSpec
import CoreOps
import Foundation
import MILEvaluator
import TestSupport
import Testing

/// `convert --class-labels FILE`: the model becomes a classifier in either Core ML format (a
/// NeuralNetworkClassifier, or an ML Program ending in `classify`), whose reference evaluation
/// gives TensorFlow's probabilities under their labels and the most probable label.
@Suite struct ClassLabelsCommandTests {
    /// A Sequential model whose last layer is a softmax Lambda over 4 values: the size of the
    /// probabilities is known only once the Lambda is rewritten.
    static let model = FixturePaths.fixture("models/lambda_image.h5")
    static let golden = FixturePaths.fixture("golden/lambda_image.h5")
    static let words = ["cat", "dog", "bird", "fish"]

    static func folder() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("delambda-labels-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }

    static func spec(_ output: URL) throws -> CoreML_Specification_Model {
        guard output.pathExtension == "mlpackage" else {
            return try CoreML_Specification_Model(serializedBytes: try Data(contentsOf: output))
        }
        return try MLPackage(url: output).model
    }

    /// The golden sample `index` as the model's one input, with a batch of 1.
    static func sample(_ index: Int, of golden: GoldenFile) throws -> (input: Tensor, expected: [Double]) {
        let input = try #require(golden.inputs.first)
        let output = try #require(golden.outputs.first)
        let inputSize = input.shape.dropFirst().reduce(1, *)
        let outputSize = output.shape.dropFirst().reduce(1, *)
        let values = input.values[(index * inputSize)..<((index + 1) * inputSize)].map(Double.init)
        return (
            try Tensor(shape: [1] + input.shape.dropFirst(), values: values),
            output.values[(index * outputSize)..<((index + 1) * outputSize)].map(Double.init)
        )
    }

    static let formats: [(output: String, options: [String], bar: Double)] = [
        ("out.mlmodel", [], 1e-5), ("out.mlpackage", ["--precision", "float32"], 1e-4),
        ("out.mlpackage", ["--precision", "float16"], 1e-2),
    ]

    @Test(arguments: 0..<formats.count, [false, true])
    func classifierGivesTheLabelsOfTensorFlowsProbabilities(_ index: Int, integers: Bool) throws {
        let (name, options, bar) = Self.formats[index]
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let labelFile = folder.appendingPathComponent(integers ? "labels.json" : "labels.txt")
        let texts = integers ? ["10", "20", "30", "40"] : Self.words
        try (integers ? "[10, 20, 30, 40]" : Self.words.joined(separator: "\n") + "\n")
            .write(to: labelFile, atomically: true, encoding: .utf8)
        let output = folder.appendingPathComponent(name)
        let result = try ProcessRunner.delambda(
            ["convert", Self.model, "-o", output.path, "--class-labels", labelFile.path] + options)
        #expect(result.exitCode == 0, "\(result.standardError)")

        let spec = try Self.spec(output)
        let description = spec.description_p
        #expect(description.predictedFeatureName == "classLabel")
        #expect(description.predictedProbabilitiesName == "softmax")
        #expect(description.output.map(\.name) == ["softmax", "classLabel"])
        let label = try #require(description.output.last?.type)
        let dictionary = try #require(description.output.first?.type.dictionaryType)
        if integers {
            #expect(label.int64Type == CoreML_Specification_Int64FeatureType())
            #expect(dictionary.int64KeyType == CoreML_Specification_Int64FeatureType())
        } else {
            #expect(label.stringType == CoreML_Specification_StringFeatureType())
            #expect(dictionary.stringKeyType == CoreML_Specification_StringFeatureType())
        }

        let classify: (Tensor) throws -> Classification
        if name.hasSuffix(".mlmodel") {
            guard case .neuralNetworkClassifier(let classifier)? = spec.type else {
                Issue.record("not a NeuralNetworkClassifier: \(String(describing: spec.type))")
                return
            }
            #expect(ClassLabels(classifier)?.texts == texts)
            #expect(classifier.labelProbabilityLayerName == "softmax")
            let evaluator = try CoreMLEvaluator(model: spec)
            classify = { input in try evaluator.classify(["bgr_flip_input": input]) }
        } else {
            let block = try #require(spec.mlProgram.functions["main"]?.blockSpecializations.values.first)
            #expect(block.operations.last?.type == "classify")
            #expect(block.outputs == ["softmax", "classLabel"])
            let evaluator = try MILEvaluator(package: output)
            classify = { input in try evaluator.classify(["bgr_flip_input": input]) }
        }

        let golden = try GoldenFile(path: Self.golden)
        var worst = 0.0
        var labelsSeen: Set<String> = []
        for index in 0..<(golden.inputs.first?.shape.first ?? 1) {
            let (input, expected) = try Self.sample(index, of: golden)
            let answer = try classify(input)
            for (text, probability) in zip(texts, expected) {
                let got = try #require(answer.probabilities[text], "no probability for \(text)")
                worst = max(worst, abs(got - probability))
            }
            // The label of TensorFlow's largest probability, unless two are within the error.
            let sorted = expected.sorted(by: >)
            if sorted.count < 2 || sorted[0] - sorted[1] > 2 * bar {
                let best = try #require(expected.indices.max { expected[$0] < expected[$1] })
                #expect(answer.label == texts[best])
            }
            labelsSeen.insert(answer.label)
        }
        print("CLASSIFIER \(name) \(options) integers=\(integers): max error \(worst), labels \(labelsSeen.sorted())")
        #expect(worst <= bar)
    }

    /// Each mistake and what the one line says (exit 2, nothing written).
    static let refused: [(labels: String, output: String, says: String)] = [
        ("cat\ndog\nbird\n", "out.mlmodel", "3 labels for output 'softmax' of shape (None, 4), which holds 4 values"),
        ("cat\ndog\nbird\nfish\nemu\n", "out.mlpackage", "5 labels for output 'softmax'"),
        ("cat\n\ndog\nbird\n", "out.mlmodel", "line 2 is empty"),
        ("cat\ndog\ncat\nfish\n", "out.mlmodel", "label 3, 'cat', is given twice"),
        ("[1, \"dog\", 3, 4]", "out.mlmodel", "holds strings only, or whole numbers only"),
        ("[1, 2,", "out.mlmodel", "not a JSON list"),
        ("[]", "out.mlpackage", "no labels"),
        ("cat\ndog\nbird\nfish\n", "out.onnx", "--class-labels apply to Core ML outputs"),
    ]

    @Test(arguments: 0..<refused.count)
    func mistakesAreUsageErrors(_ index: Int) throws {
        let (labels, name, says) = Self.refused[index]
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let labelFile = folder.appendingPathComponent("labels.txt")
        try labels.write(to: labelFile, atomically: true, encoding: .utf8)
        let output = folder.appendingPathComponent(name)
        let result = try ProcessRunner.delambda(
            ["convert", Self.model, "-o", output.path, "--class-labels", labelFile.path])
        #expect(result.exitCode == 2)
        #expect(result.standardError.contains(says), "\(result.standardError)")
        #expect(!FileManager.default.fileExists(atPath: output.path))
    }

    @Test func aMissingLabelFileIsAUsageError() throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let result = try ProcessRunner.delambda([
            "convert", Self.model, "-o", folder.appendingPathComponent("out.mlmodel").path, "--class-labels",
            folder.appendingPathComponent("nothing.txt").path,
        ])
        #expect(result.exitCode == 2)
        #expect(result.standardError.contains("nothing.txt: no such file"), "\(result.standardError)")
    }
}
