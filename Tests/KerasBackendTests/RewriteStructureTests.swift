import Foundation
import HDF5
import JSON
import KerasBackend
import KerasModel
import Pipeline
import TestSupport
import Testing

/// Every rewritable fixture, rewritten: no marshaled code left, the weight index consistent with
/// the new config, the rest of the file as it was.
@Suite struct RewriteStructureTests {
    @Test(arguments: RewriteFixtures.cases)
    func rewrittenFileIsAConsistentKerasModel(rewrite: RewriteFixtures.Case) throws {
        let model = rewrite.model
        let folder = try RewriteFixtures.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let (output, report) = try RewriteFixtures.rewrite(model, in: folder, flavour: rewrite.flavour)
        let original = try KerasModelReader.read(model.path)
        let rewritten = try KerasModelReader.read(output)

        // Every Lambda was replaced and nothing holding code is left.
        #expect(report.replacements.count == model.lambdas.count)
        for layer in rewritten.graph.allLayers {
            if case .marshal? = layer.function?.payload { Issue.record("\(model.file): \(layer.name) holds bytecode") }
            if layer.className == "Lambda" {
                #expect(rewritten.flavour == .keras3, "\(model.file): \(layer.name): a Keras 2 file got a Lambda")
            }
            if rewritten.flavour == .keras3 {
                #expect(!["TFOpLambda", "SlicingOpLambda"].contains(layer.className), "\(model.file): \(layer.name)")
            }
        }
        // Outputs keep their names: the layer computing a Lambda's output has the Lambda's name.
        #expect(rewritten.graph.outputs.map(\.layer) == original.graph.outputs.map(\.layer))
        for replacement in report.replacements {
            #expect(rewritten.graph.allLayers.contains { $0.name == replacement.lambda })
        }
        #expect(rewritten.backend == original.backend)
        if rewrite.flavour == .keras3, original.flavour != .keras3 {
            #expect(rewritten.kerasVersion == "3.0.0")
            #expect(rewritten.flavour == .keras3)
        } else if rewrite.flavour == .keras2, original.flavour == .keras3 {
            #expect(rewritten.kerasVersion == "2.13.1")
            #expect(rewritten.flavour == .keras2)
        } else {
            #expect(rewritten.kerasVersion == original.kerasVersion)
            #expect(rewritten.flavour == original.flavour)
        }
        #expect(rewritten.hasTrainingConfig == original.hasTrainingConfig)

        // layer_names lists exactly the top-level layers, each with its group and weights.
        let root = try HDF5File.open(output).root
        let weights = try root.group("model_weights")
        let layerNames = try #require(try weights.attributes.read("layer_names")?.strings)
        #expect(layerNames == rewritten.graph.layers.map(\.name))
        for name in layerNames {
            let group = try weights.group(name)
            let weightNames = try #require(try group.attributes.read("weight_names"), "\(name) has no weight_names")
            for weight in weightNames.strings ?? [] { #expect(group.kind(of: weight) == .dataset) }
        }
        // Weights are the original ones, value for value (a nested model's may be listed in a new
        // order, see nestedWeightNamesFollowTheNewLayerOrder), but where the other flavour needs
        // them otherwise: the kernel of a dilated transposed convolution written for Keras 3,
        // spread out; the weights feeding a layer's hard_sigmoid, scaled by the slopes' ratio.
        let changedFlavour = rewritten.flavour != original.flavour
        for layer in original.weights.layerNames {
            let before = original.weights.weights(of: layer).sorted { $0.name < $1.name }
            let after = rewritten.weights.weights(of: layer).sorted { $0.name < $1.name }
            #expect(before.map(\.name) == after.map(\.name))
            for (old, new) in zip(before, after) {
                let oldValues = try HDF5File.open(model.path).root.dataset(String(old.path.dropFirst())).readFloats()
                let newValues = try root.dataset(String(new.path.dropFirst())).readFloats()
                if oldValues == newValues, old.shape == new.shape { continue }
                #expect(changedFlavour, "\(model.file): \(old.path) changed")
                let owners = original.graph.allLayers.filter {
                    old.name.split(separator: "/").contains(Substring($0.name))
                }
                if old.shape != new.shape {
                    let owner = try #require(owners.first { $0.className.hasSuffix("Transpose") }, "\(old.path)")
                    let rates = owner.config["dilation_rate"]?.array?.compactMap(\.int) ?? []
                    #expect(rewritten.flavour == .keras3 && rates.contains { $0 > 1 }, "\(old.path)")
                    expectSpread(oldValues, shape: old.shape, rates: rates, into: newValues, shape: new.shape)
                } else {
                    let hardSigmoid = owners.contains { owner in
                        JSONWriter(style: .python).string(.object(owner.config)).contains("hard_sigmoid")
                    }
                    #expect(hardSigmoid, "\(old.path) changed with no hard_sigmoid to feed")
                    let factor: Float = rewritten.flavour == .keras3 ? 1.2 : 5.0 / 6
                    expectScaledColumns(oldValues, newValues, by: factor, columns: old.shape.last ?? 1, path: old.path)
                }
            }
        }
        // Other root attributes and groups survive.
        let originalRoot = try HDF5File.open(model.path).root
        #expect(try root.childNames() == originalRoot.childNames())
        for name in try originalRoot.attributes.names() where !["model_config", "keras_version"].contains(name) {
            #expect(try root.attributes.read(name) == originalRoot.attributes.read(name), "\(model.file): \(name)")
        }
    }

    @Test func optimizerWeightsAndTrainingConfigSurvive() throws {
        let model = try #require(FixtureManifest.shared.models.first { $0.file == "models/plain_sequential.h5" })
        let folder = try RewriteFixtures.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let (output, _) = try RewriteFixtures.rewrite(model, in: folder)
        let root = try HDF5File.open(output).root
        #expect(root.kind(of: "optimizer_weights") == .group)
        #expect(try root.attributes.read("training_config")?.string?.contains("optimizer_config") == true)
        let before = try HDF5File.open(model.path).root.group("optimizer_weights")
        #expect(
            try root.group("optimizer_weights").attributes.read("weight_names")
                == before.attributes.read("weight_names"))
    }

    @Test func keras2LambdasBecomeBuiltInLayersAndTFOpLambdas() throws {
        let model = try #require(FixtureManifest.shared.models.first { $0.file == "models/multi_lambda.h5" })
        let folder = try RewriteFixtures.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let (output, report) = try RewriteFixtures.rewrite(model, in: folder)
        let classes = Dictionary(
            uniqueKeysWithValues: report.replacements.map { ($0.lambda, $0.layers.map(\.className)) })
        #expect(classes["preprocess_127"] == ["Rescaling"])
        #expect(classes["l2norm_a"] == ["UnitNormalization"])
        #expect(classes["swish"] == ["Activation", "Multiply"])
        #expect(classes["hard_swish"] == ["Rescaling", "ReLU", "Multiply", "Rescaling"])
        #expect(classes["concat"] == ["Concatenate"])
        let config = try KerasModelReader.modelConfig(output)
        let layers = config["config"]?["layers"]?.array ?? []
        let scale = try #require(layers.first { $0["name"]?.string == "preprocess_127" })
        #expect(scale["config"]?["scale"]?.double.map { abs($0 - 1 / 127.5) < 1e-12 } == true)
        #expect(scale["config"]?["offset"]?.double == -1)
        // A TFOpLambda names its function and is called on the bare tensor, keywords beside it.
        let absolute = try #require(layers.first { $0["name"]?.string == "l1_distance" })
        #expect(absolute["class_name"]?.string == "TFOpLambda" && absolute["config"]?["function"]?.string == "math.abs")
        #expect(absolute["inbound_nodes"]?[0]?[0]?.string == "l1_distance__sub")
    }

    /// Keras loads .h5 weights by position in its own layer order (by graph depth), so the
    /// rewritten layer_names follow it: tf_keras 2.21 lists this model's Dense layers as embed_b,
    /// embed_a, head once hard_swish (on embed_b's path) is a chain of four layers.
    @Test func layerNamesFollowKerasGraphOrder() throws {
        let model = try #require(FixtureManifest.shared.models.first { $0.file == "models/multi_lambda.h5" })
        let folder = try RewriteFixtures.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let (output, _) = try RewriteFixtures.rewrite(model, in: folder)
        let weights = try HDF5File.open(output).root.group("model_weights")
        let names = try #require(try weights.attributes.read("layer_names")?.strings)
        let weighted = try names.filter {
            !(try weights.group($0).attributes.read("weight_names")?.strings ?? []).isEmpty
        }
        #expect(weighted == ["embed_b", "embed_a", "head"])
        #expect(Array(names.prefix(3)) == ["in_b", "preprocess_255", "in_a"])
    }

    /// Keras loads a nested model's weights by position in its layer order, trainable ones first:
    /// the chain replacing hard_swish moves dense_p (on its branch) ahead of dense_a, as tf_keras
    /// 2.21 and Keras 3.15 order them when loading the rewrite (scripts/check_keras.py).
    @Test(arguments: [nil, KerasDialect.keras3])
    func nestedWeightNamesFollowTheNewLayerOrder(flavour: KerasDialect?) throws {
        let model = try #require(FixtureManifest.shared.models.first { $0.file == "models/nested_branches.h5" })
        let folder = try RewriteFixtures.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let (output, _) = try RewriteFixtures.rewrite(model, in: folder, flavour: flavour)
        let names = try #require(
            try HDF5File.open(output).root.group("model_weights/inner").attributes.read("weight_names")?.strings)
        // Each Dense layer's kernel and bias, layer after layer.
        let expected = ["dense_p", "dense_a", "dense_c", "dense_d", "dense_b"].flatMap {
            ["\($0)/kernel:0", "\($0)/bias:0"]
        }
        #expect(names == expected)
        let before = try #require(
            try HDF5File.open(model.path).root.group("model_weights/inner").attributes.read("weight_names")?.strings)
        #expect(Set(names) == Set(before) && names.count == before.count)
    }

    @Test func keras3LambdasNameKerasOpsAndSequentialsBecomeFunctional() throws {
        let model = try #require(FixtureManifest.shared.models.first { $0.file == "models/keras3_lambda.h5" })
        let folder = try RewriteFixtures.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let (output, _) = try RewriteFixtures.rewrite(model, in: folder)
        let config = try KerasModelReader.modelConfig(output)
        let layers = config["config"]?["layers"]?.array ?? []
        let absolute = try #require(layers.first { $0["name"]?.string == "l1_distance" })
        #expect(absolute["class_name"]?.string == "Lambda")
        #expect(absolute["config"]?["function"]?["module"]?.string == "keras.ops")
        #expect(absolute["config"]?["function"]?["config"]?.string == "absolute")
        #expect(absolute["inbound_nodes"]?[0]?["args"]?[0]?["class_name"]?.string == "__keras_tensor__")
        let base = try #require(layers.first { $0["name"]?.string == "base" })
        #expect(base["class_name"]?.string == "Functional")
        #expect(base["config"]?["layers"]?[0]?["class_name"]?.string == "InputLayer")
    }

    /// `scaled` is `values` with some columns (last axis) times `factor`, each column whole.
    private func expectScaledColumns(_ values: [Float], _ scaled: [Float], by factor: Float, columns: Int, path: String)
    {
        #expect(values.count == scaled.count)
        var changed = 0
        for column in 0..<columns {
            let rows = stride(from: column, to: values.count, by: columns)
            let same = rows.allSatisfy { values[$0] == scaled[$0] }
            let times = rows.allSatisfy { abs(values[$0] * factor - scaled[$0]) <= 1e-6 * max(1, abs(scaled[$0])) }
            #expect(same || times, "\(path): column \(column) neither kept nor scaled by \(factor)")
            if !same { changed += 1 }
        }
        #expect(changed > 0, "\(path)")
    }

    /// `spread` holds `values` at every `rates`-th position of its spatial axes, zeros elsewhere.
    private func expectSpread(
        _ values: [Float], shape: [Int], rates: [Int], into spread: [Float], shape spreadShape: [Int]
    ) {
        let spatial = rates.count
        let spreadSpatial = zip(shape.prefix(spatial), rates).map { ($0 - 1) * $1 + 1 }
        let expectedShape: [Int] = spreadSpatial + Array(shape.dropFirst(spatial))
        #expect(spreadShape == expectedShape)
        let block = shape.dropFirst(spatial).reduce(1, *)
        var expected = [Float](repeating: 0, count: spread.count)
        for (index, value) in values.enumerated() {
            var position = index / block
            var target = 0
            var scale = block
            for axis in (0..<spatial).reversed() {
                target += (position % shape[axis]) * rates[axis] * scale
                position /= shape[axis]
                scale *= spreadShape[axis]
            }
            expected[target + index % block] = value
        }
        #expect(spread == expected)
    }
}
