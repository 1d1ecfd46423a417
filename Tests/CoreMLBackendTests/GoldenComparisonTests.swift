import CoreMLEvaluator
import CoreMLSpec
import CoreOps
import Foundation
import Pipeline
import TestSupport
import Testing

/// Every fixture converted to Core ML and run by the reference evaluator (written from the Core
/// ML spec) gives TensorFlow's golden outputs within 1e-4 of their magnitude.
@Suite struct GoldenComparisonTests {
    /// Fixtures this slice of the backend does not convert yet, and why: they fail loudly here
    /// until they convert.
    static let notYet: [String: String] = [:]
    static let defines: [String: [String]] = ["models/global_scale.h5": ["SCALE=0.5"]]

    static let fixtures = FixtureManifest.shared.models.filter { model in
        model.golden != nil && model.entry["random"] == nil && model.entry["weights_only"]?.bool != true
    }

    @Test(arguments: fixtures)
    func convertedModelMatchesTensorFlow(model: FixtureManifest.Model) throws {
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("delambda-\(UUID()).mlmodel")
        defer { try? FileManager.default.removeItem(at: output) }
        guard let worst = try Self.convertAndCompare(model, to: output) else { return }
        print("\(model.file): max error \(worst) (relative to output magnitude)")
        // Lambdas reducing over the batch axis (seed_examples) have goldens recorded one sample at
        // a time, as the Core ML model runs: no fixture is exempt.
        #expect(worst <= 1e-4, "\(model.file): max error \(worst)")
        #expect(Self.notYet[model.file] == nil, "\(model.file) converts now: take it off the list")
    }

    /// `--precision float16`: every weight of the kinds coremltools halves is stored as float16
    /// (a PReLU's slopes, a layer normalization's gamma and beta and small constants stay
    /// float32), and the model still gives TensorFlow's outputs within fp16's error (bar 1e-2
    /// relative).
    @Test(arguments: fixtures)
    func halfPrecisionWeightsMatchTensorFlow(model: FixtureManifest.Model) throws {
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("delambda-\(UUID()).mlmodel")
        defer { try? FileManager.default.removeItem(at: output) }
        guard let worst = try Self.convertAndCompare(model, to: output, precision: .float16) else { return }
        let spec = try CoreML_Specification_Model(serializedBytes: try Data(contentsOf: output))
        var halved = 0
        for layer in spec.neuralNetwork.layers {
            let text = layer.textFormatString()
            if text.contains("float16Value") { halved += 1 }
            switch layer.layer {
            case .activation?, .layerNormalization?: continue
            case .loadConstantNd(let params)? where params.data.floatValue.count < 64: continue
            case .loadConstant(let params)? where params.data.floatValue.count < 64: continue
            default: #expect(!text.contains("floatValue"), "\(model.file): layer \(layer.name) kept float32 weights")
            }
        }
        print("FP16 \(model.file): max error \(worst), \(halved) layers with float16 weights")
        #expect(worst <= 1e-2, "\(model.file): max error \(worst)")
    }

    /// Converts `model` to `output` and returns the largest error against its goldens, or `nil`
    /// when it does not convert (expected only of ``notYet``).
    static func convertAndCompare(
        _ model: FixtureManifest.Model, to output: URL, precision: MILPrecision? = nil
    ) throws -> Double? {
        var sources: [String] = []
        if model.lambdas.first?.payload == "named", let source = model.lambdas.first?.source {
            let file = FileManager.default.temporaryDirectory.appendingPathComponent("delambda-\(UUID()).py")
            try "import keras\nfrom keras import ops\n\n\(source)\n".write(to: file, atomically: true, encoding: .utf8)
            sources.append(file.path)
        }
        let options = try FunctionOptions.parse(
            python: nil, defines: Self.defines[model.file] ?? [], functionSources: sources)
        do {
            _ = try Pipeline.convert(
                model.path, output: output.path, options: options, mlProgram: MLProgramSettings(precision: precision))
        } catch {
            #expect(Self.notYet[model.file] != nil, "\(model.file): \(error)")
            return nil
        }
        let spec = try CoreML_Specification_Model(serializedBytes: try Data(contentsOf: output))
        let evaluator = try CoreMLEvaluator(model: spec)
        // A model over inputs of unknown size has goldens at several sizes: the one converted
        // model runs at each of them.
        let goldens = try model.entry["goldens"]?.array?.compactMap(\.string) ?? [#require(model.golden)]
        var worst = 0.0
        for path in goldens {
            let golden = try GoldenFile(path: FixturePaths.fixture(path))
            worst = max(worst, try Self.worstError(evaluator, spec, golden, file: model.file))
        }
        return worst
    }

    /// The corpus's Keras 1.2.1 model (Keras 1 layer names, a Lambda from Python 3.5), read in
    /// Keras 2's names: its conversion gives the outputs of the same network rebuilt by hand in
    /// tf_keras from its config and weights (Fixtures/generate/record_corpus_goldens.py).
    @Test func keras1CorpusModelMatchesItsHandBuiltGolden() throws {
        let path = FixturePaths.corpus.appendingPathComponent("01_naokishibuya__car-behavioral-cloning__model.h5").path
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("delambda-\(UUID()).mlmodel")
        defer { try? FileManager.default.removeItem(at: output) }
        _ = try Pipeline.convert(path, output: output.path)
        let spec = try CoreML_Specification_Model(serializedBytes: try Data(contentsOf: output))
        let evaluator = try CoreMLEvaluator(model: spec)
        let golden = try GoldenFile(path: FixturePaths.fixture("golden/corpus_01_car_behavioral_cloning.h5"))
        let input = try #require(spec.description_p.input.first?.name)
        let outputName = try #require(spec.description_p.output.first?.name)
        var worst = 0.0
        for sample in 0..<(golden.inputs[0].shape.first ?? 1) {
            let got = try #require(
                try evaluator.predict([input: try Self.row(sample, of: golden.inputs[0])])[outputName])
            let want = try Self.row(sample, of: golden.outputs[0])
            #expect(got.values.count == want.values.count)
            worst = max(worst, zip(got.values, want.values).map { abs($0 - $1) }.max() ?? 0)
        }
        print("corpus 01 (Keras 1.2.1): max error \(worst)")
        #expect(worst <= 1e-4)
    }

    /// The largest error relative to the output magnitude over every sample of `golden`.
    static func worstError(
        _ evaluator: CoreMLEvaluator, _ spec: CoreML_Specification_Model, _ golden: GoldenFile, file: String
    ) throws -> Double {
        let inputNames = spec.description_p.input.map(\.name)
        let outputNames = spec.description_p.output.map(\.name)
        #expect(inputNames.count == golden.inputs.count && outputNames.count == golden.outputs.count)
        var worst = 0.0
        let batch = golden.inputs.first?.shape.first ?? 1
        for sample in 0..<batch {
            var inputs: [String: Tensor] = [:]
            for (name, tensor) in zip(inputNames, golden.inputs) {
                inputs[name] = try row(sample, of: tensor)
            }
            let outputs = try evaluator.predict(inputs)
            for (name, expected) in zip(outputNames, golden.outputs) {
                let got = try #require(outputs[name], "\(name)")
                let want = try row(sample, of: expected)
                #expect(got.values.count == want.values.count, "\(file) \(name): shape \(got.shape) vs \(want.shape)")
                let scale = max(1, want.values.map(abs).max() ?? 0)
                let error = zip(got.values, want.values).map { abs($0 - $1) }.max() ?? 0
                worst = max(worst, error / scale)
            }
        }
        return worst
    }

    /// Sample `index` of a batched golden tensor, with a batch dimension of 1.
    static func row(_ index: Int, of tensor: GoldenFile.Tensor) throws -> Tensor {
        let size = tensor.shape.dropFirst().reduce(1, *)
        let values = tensor.values[(index * size)..<((index + 1) * size)].map(Double.init)
        return try Tensor(shape: [1] + tensor.shape.dropFirst(), values: values)
    }
}
