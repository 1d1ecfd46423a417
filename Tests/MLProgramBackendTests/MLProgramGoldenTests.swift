import CoreMLSpec
import CoreOps
import Foundation
import MILEvaluator
import Pipeline
import TestSupport
import Testing

/// Every fixture converted to an ML Program package, read back (the model message parsed, the
/// weights through ``MILBlobFile``) and run by the reference MIL evaluator gives TensorFlow's
/// golden outputs: within 1e-4 of their magnitude in fp32, 1e-2 in fp16.
@Suite struct MLProgramGoldenTests {
    /// Fixtures the ML Program backend refuses, and why: they fail loudly here once it converts them.
    static let notYet: [String: String] = [
        "families/flexible_shapes/gru_any_length_tf_keras.h5": unrolled,
        "families/flexible_shapes/gru_any_length_keras3.h5": unrolled,
        "families/flexible_shapes/sequence_any_length_tf_keras.h5": unrolled,
        "families/flexible_shapes/sequence_any_length_keras3.h5": unrolled,
    ]
    static let unrolled =
        "a recurrent layer is unrolled over its steps in an ML Program, so a sequence of flexible length is "
        + "refused by name (the layer and the dimension)"
    static let defines: [String: [String]] = ["models/global_scale.h5": ["SCALE=0.5"]]

    static let fixtures = FixtureManifest.shared.models.filter { model in
        model.golden != nil && model.entry["random"] == nil && model.entry["weights_only"]?.bool != true
    }

    static let bars: [MILPrecision: Double] = [.float32: 1e-4, .float16: 1e-2]

    @Test(arguments: fixtures, [MILPrecision.float32, .float16])
    func packageMatchesTensorFlow(model: FixtureManifest.Model, precision: MILPrecision) throws {
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("delambda-\(UUID()).mlpackage")
        defer { try? FileManager.default.removeItem(at: output) }
        do {
            _ = try Pipeline.convert(
                model.path, output: output.path, options: try Self.options(for: model),
                mlProgram: MLProgramSettings(precision: precision))
        } catch {
            #expect(Self.notYet[model.file] != nil, "\(model.file): \(error)")
            return
        }
        #expect(Self.notYet[model.file] == nil, "\(model.file) converts now: take it off the list")
        try Self.checkSelectTypes(output, file: model.file)
        let evaluator = try MILEvaluator(package: output)
        // A model over inputs of unknown size has goldens at several sizes: the one package runs
        // at each of them.
        let goldens = try model.entry["goldens"]?.array?.compactMap(\.string) ?? [#require(model.golden)]
        if goldens.count > 1 { try Self.checkFlexibleInputs(output, file: model.file) }
        var worst = 0.0
        for path in goldens {
            let golden = try GoldenFile(path: FixturePaths.fixture(path))
            worst = max(worst, try Self.worstError(evaluator, golden, file: model.file))
        }
        print("MLPACKAGE \(precision.rawValue) \(model.file): max error \(worst)")
        let bar = try #require(Self.bars[precision])
        #expect(worst <= bar, "\(model.file) (\(precision.rawValue)): max error \(worst)")
    }

    /// The largest error relative to the output's magnitude over every sample of `golden`.
    static func worstError(_ evaluator: MILEvaluator, _ golden: GoldenFile, file: String) throws -> Double {
        #expect(
            evaluator.inputNames.count == golden.inputs.count && evaluator.outputNames.count == golden.outputs.count)
        var worst = 0.0
        for sample in 0..<(golden.inputs.first?.shape.first ?? 1) {
            var inputs: [String: Tensor] = [:]
            for (name, tensor) in zip(evaluator.inputNames, golden.inputs) {
                inputs[name] = try Self.row(sample, of: tensor)
            }
            let outputs = try evaluator.predict(inputs)
            for (name, expected) in zip(evaluator.outputNames, golden.outputs) {
                let got = try #require(outputs[name], "\(name)")
                let want = try Self.row(sample, of: expected)
                #expect(got.values.count == want.values.count, "\(file) \(name): \(got.shape) vs \(want.shape)")
                let scale = max(1, want.values.map(abs).max() ?? 0)
                let error = zip(got.values, want.values).map { abs($0 - $1) }.max() ?? 0
                worst = max(worst, error.isNaN || got.values.count != want.values.count ? .infinity : error / scale)
            }
        }
        return worst
    }

    /// A package converted from inputs of unknown size declares them: the description's input a
    /// range per dimension, the function's input those dimensions of unknown size.
    static func checkFlexibleInputs(_ package: URL, file: String) throws {
        let spec = try MLPackage(url: package).model
        let main = try #require(spec.mlProgram.functions["main"])
        for (feature, input) in zip(spec.description_p.input, main.inputs) {
            let array = feature.type.multiArrayType
            #expect(array.shapeFlexibility != nil, "\(file): input \(feature.name) declares no flexible shape")
            let unknown = input.type.tensorType.dimensions.filter { dimension in
                if case .unknown? = dimension.dimension { return true }
                return false
            }
            #expect(!unknown.isEmpty, "\(file): function input \(input.name) has no dimension of unknown size")
        }
    }

    /// Every `select` declares the shape its `a` and `b` broadcast to: coremltools infers the
    /// op's type from those two alone and refuses a program declaring another (found by
    /// scripts/check_mlpackage.py on one_hot, whose `a` and `b` were scalars).
    static func checkSelectTypes(_ package: URL, file: String) throws {
        let spec = try MLPackage(url: package).model
        let main = try #require(spec.mlProgram.functions["main"])
        let block = try #require(main.blockSpecializations[main.opset])
        var shapes: [String: [Int]] = [:]
        // An unknown size (a flexible input's) reads as -1, and an op with one is not compared.
        func shape(_ type: CoreML_Specification_MILSpec_ValueType) -> [Int] {
            type.tensorType.dimensions.map { dimension in
                if case .unknown? = dimension.dimension { return -1 }
                return Int(dimension.constant.size)
            }
        }
        for input in main.inputs { shapes[input.name] = shape(input.type) }
        for operation in block.operations {
            for output in operation.outputs { shapes[output.name] = shape(output.type) }
            guard operation.type == "select" else { continue }
            let a = try #require(shapes[operation.inputs["a"]?.arguments.first?.name ?? ""])
            let b = try #require(shapes[operation.inputs["b"]?.arguments.first?.name ?? ""])
            let declared = try #require(operation.outputs.first.map { shape($0.type) })
            guard !(a + b + declared).contains(-1) else { continue }
            #expect(
                try Tensor.broadcastShape(a, b) == declared,
                "\(file): select \(operation.outputs.first?.name ?? ""): a \(a), b \(b), declared \(declared)")
        }
    }

    static func options(for model: FixtureManifest.Model) throws -> FunctionOptions {
        var sources: [String] = []
        if model.lambdas.first?.payload == "named", let source = model.lambdas.first?.source {
            let file = FileManager.default.temporaryDirectory.appendingPathComponent("delambda-\(UUID()).py")
            try "import keras\nfrom keras import ops\n\n\(source)\n".write(to: file, atomically: true, encoding: .utf8)
            sources.append(file.path)
        }
        return try FunctionOptions.parse(python: nil, defines: defines[model.file] ?? [], functionSources: sources)
    }

    /// Sample `index` of a batched golden tensor, with a batch dimension of 1.
    static func row(_ index: Int, of tensor: GoldenFile.Tensor) throws -> Tensor {
        let size = tensor.shape.dropFirst().reduce(1, *)
        let values = tensor.values[(index * size)..<((index + 1) * size)].map(Double.init)
        return try Tensor(shape: [1] + tensor.shape.dropFirst(), values: values)
    }
}
