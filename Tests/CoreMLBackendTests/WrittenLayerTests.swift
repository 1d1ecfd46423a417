import CoreMLSpec
import Foundation
import Pipeline
import TestSupport
import Testing

/// The written network holds what it computes and nothing else (issue 16, item 5): no layer that
/// nothing reads, no transpose undone by the next, one layer for a chain of scalar scale-and-shift
/// steps.
@Suite struct WrittenLayerTests {
    static let fixtures = GoldenComparisonTests.fixtures

    /// Converts the fixture `file` (relative to Fixtures/) and returns the model.
    static func converted(_ path: String) throws -> CoreML_Specification_Model {
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("delambda-\(UUID()).mlmodel")
        defer { try? FileManager.default.removeItem(at: output) }
        let options = try FunctionOptions.parse(
            python: nil, defines: GoldenComparisonTests.defines[path] ?? [], functionSources: [])
        _ = try Pipeline.convert(FixturePaths.fixture(path), output: output.path, options: options)
        return try CoreML_Specification_Model(serializedBytes: try Data(contentsOf: output))
    }

    /// Every fixture that converts: an output of each layer is read by a later layer or is a
    /// model output, and no transpose reads a transpose with the inverse permutation.
    @Test(arguments: fixtures.filter { $0.lambdas.first?.payload != "named" })
    func everyWrittenLayerIsRead(model: FixtureManifest.Model) throws {
        let spec = try Self.converted(model.file)
        let layers = spec.neuralNetwork.layers
        let outputs = Set(spec.description_p.output.map(\.name))
        let read = Set(layers.flatMap(\.input))
        for layer in layers {
            #expect(
                layer.output.contains { read.contains($0) || outputs.contains($0) },
                "\(model.file): '\(layer.name)' is never read")
        }
        let transposes = Dictionary(
            layers.compactMap { layer -> (String, [UInt64])? in
                guard case .transpose(let params)? = layer.layer, let blob = layer.output.first else { return nil }
                return (blob, params.axes)
            }, uniquingKeysWith: { first, _ in first })
        for layer in layers {
            guard case .transpose(let params)? = layer.layer, let source = layer.input.first,
                let previous = transposes[source]
            else { continue }
            let composed = params.axes.map { previous[Int($0)] }
            #expect(composed != Array(0..<UInt64(composed.count)), "\(model.file): '\(layer.name)' undoes '\(source)'")
        }
    }

    /// `(x / 127.5 - 1.0) * 3.0 + 2.0`: one linear activation, written under the output's name.
    @Test(arguments: ["tf_keras", "keras3"])
    func scaleAndShiftChainIsOneLayer(flavour: String) throws {
        let spec = try Self.converted("families/channels_first/scale_shift_chain_\(flavour).h5")
        let layers = spec.neuralNetwork.layers
        try #require(layers.count == 1, "\(layers.map(\.name))")
        guard case .activation(let params)? = layers[0].layer, case .linear(let linear)? = params.nonlinearityType
        else {
            Issue.record("not a linear activation: \(layers[0])")
            return
        }
        #expect(abs(Double(linear.alpha) - 3.0 / 127.5) < 1e-7)
        #expect(abs(Double(linear.beta) - -1.0) < 1e-6)
        #expect(layers[0].output == spec.description_p.output.map(\.name))
        #expect(layers[0].input == spec.description_p.input.map(\.name))
    }

    /// Two permutations that cancel leave no transpose: the model is the `* 2.0` alone.
    @Test(arguments: ["tf_keras", "keras3"])
    func cancellingTransposePairIsRemoved(flavour: String) throws {
        let spec = try Self.converted("families/channels_first/transpose_pair_\(flavour).h5")
        let kinds = spec.neuralNetwork.layers.map { layer -> String in
            if case .transpose? = layer.layer { return "transpose" }
            return "other"
        }
        #expect(kinds == ["other"], "\(spec.neuralNetwork.layers.map(\.name))")
    }

    /// Channels-first convolutions, poolings, padding, cropping, upsampling and global poolings
    /// write no transpose: the NCHW (or NCL) tensor Keras holds is the one Core ML's layers read.
    @Test(arguments: ["cf_image", "cf_separable", "cf_sequence"], ["tf_keras", "keras3"])
    func channelsFirstModelsHaveNoTranspose(stem: String, flavour: String) throws {
        let spec = try Self.converted("families/channels_first/\(stem)_\(flavour).h5")
        let transposes = spec.neuralNetwork.layers.filter {
            if case .transpose? = $0.layer { return true }
            return false
        }
        #expect(transposes.isEmpty, "\(transposes.map(\.name))")
    }
}
