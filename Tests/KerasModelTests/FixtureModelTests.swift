import JSON
import KerasModel
import TestSupport
import Testing

/// Every generated fixture, checked against what the generator recorded from Keras itself.
@Suite struct FixtureModelTests {
    static let models = FixtureManifest.shared.models

    @Test(arguments: models)
    func readsVersionsAndEveryLambda(fixture: FixtureManifest.Model) throws {
        let model = try KerasModelReader.read(fixture.path)
        #expect(model.kerasVersion == fixture.kerasVersion)
        // A `.keras` archive does not record the backend that saved it.
        #expect(model.backend == (model.isArchive ? nil : "tensorflow"))
        #expect(model.warnings.isEmpty)
        let lambdas = model.graph.allLayers.filter(\.isLambdaLike)
        #expect(lambdas.map(\.name).sorted() == fixture.lambdas.map(\.layer).sorted())
        for expected in fixture.lambdas {
            let layer = try #require(lambdas.first { $0.name == expected.layer })
            let function = try #require(layer.function)
            #expect(layer.className == expected.className, "\(expected.layer)")
            #expect(function.payloadKind == expected.payload, "\(expected.layer)")
            #expect(function.arguments == (expected.arguments ?? JSONObject()), "\(expected.layer)")
        }
    }

    @Test(arguments: models)
    func countsParametersAsKerasDoes(fixture: FixtureManifest.Model) throws {
        let model = try KerasModelReader.read(fixture.path)
        let expected = try #require(fixture.entry["count_params"]?.int)
        let counted = model.graph.layers.reduce(0) { $0 + model.weights.parameterCount(of: $1.name) }
        #expect(counted == expected)
    }

    /// Models without Lambda-like layers must get Keras's own output shapes; models with them
    /// may leave a shape unknown, but never wrong.
    @Test(arguments: models)
    func infersOutputShapesAsKerasDoes(fixture: FixtureManifest.Model) throws {
        let model = try KerasModelReader.read(fixture.path)
        let expected = try #require(fixture.entry["output_shapes"]?.array).map { shape in
            TensorShape(shape.array?.map(\.int) ?? [])
        }
        let shapes = ShapeInference(graph: model.graph)
        let inferred = model.graph.outputs.map { shapes.shape(of: $0) }
        #expect(inferred.count == expected.count)
        for (shape, keras) in zip(inferred, expected) {
            if fixture.lambdas.isEmpty { #expect(shape == keras) }
            if let shape { #expect(shape == keras) }
        }
    }

    @Test(arguments: models.filter { $0.entry["variant_of"] != nil })
    func keepsTheMarshalBytesOfEveryPythonVersion(fixture: FixtureManifest.Model) throws {
        let model = try KerasModelReader.read(fixture.path)
        let expectedEncoding =
            fixture.entry["encoding"]?.string == "raw_unicode_escape" ? "raw_unicode_escape" : "base64"
        let damaged = Set((fixture.entry["damaged_layers"]?.array ?? []).compactMap(\.string))
        for layer in model.graph.allLayers {
            guard case .marshal(let payload)? = layer.function?.payload else { continue }
            #expect(payload.encoding.rawValue == expectedEncoding, "\(layer.name)")
            // TYPE_CODE, with FLAG_REF from Python 3.4 on.
            #expect(payload.bytes.first == (fixture.pythonVersion == "2.7" ? 0x63 : 0xE3), "\(layer.name)")
            if damaged.contains(layer.name) { #expect(!payload.bytes.contains(0x5C), "\(layer.name)") }
        }
        #expect(!damaged.isEmpty || fixture.entry["windows_damaged"] == nil)
    }

    @Test func readsTensorFlowOpLayersWithTheirCallArguments() throws {
        let model = try KerasModelReader.read(FixturePaths.fixture("models/tfop_lambda.h5"))
        let add = try #require(model.graph.layer(named: "tf.__operators__.add"))
        #expect(add.function?.payload == .tfOp("__operators__.add"))
        #expect(add.inboundNodes.first?.keyword("y") == .constant(.double(1.0)))
        #expect(add.inboundLayerNames == ["tf.math.square"])
        let concat = try #require(model.graph.layer(named: "tf.concat"))
        #expect(concat.inboundLayerNames == ["tf.__operators__.getitem", "tf.math.multiply", "tf.math.reduce_mean"])
        #expect(concat.inboundNodes.first?.keyword("axis") == .constant(.int(-1)))
        let slice = try #require(model.graph.layer(named: "tf.__operators__.getitem"))
        #expect(slice.className == "SlicingOpLambda")
        #expect(slice.inboundNodes.first?.keyword("slice_spec") != nil)
    }

    @Test func readsNamedAndOutputShapeFunctions() throws {
        let named = try KerasModelReader.read(FixturePaths.fixture("models/keras3_named.h5"))
        let distance = try #require(named.graph.layer(named: "euclidean_distance")?.function)
        #expect(distance.payload == .named(module: "builtins", name: "euclidean_distance"))

        let multi = try KerasModelReader.read(FixturePaths.fixture("models/multi_lambda.h5"))
        let withShapeFunction = multi.graph.allLayers.filter {
            if case .function(.marshal)? = $0.function?.outputShape { return true }
            return false
        }
        #expect(!withShapeFunction.isEmpty)

        let shapes = try KerasModelReader.read(FixturePaths.fixture("models/lambda_shapes.h5"))
        let literal = shapes.graph.allLayers.compactMap { layer -> [Int?]? in
            if case .shape(let dims)? = layer.function?.outputShape { return dims }
            return nil
        }
        #expect(literal == [[4, 2]])
    }

    @Test func readsSharedNestedModelsWithTheirCalls() throws {
        let model = try KerasModelReader.read(FixturePaths.fixture("models/siamese_l1.h5"))
        let base = try #require(model.graph.layers.first { $0.model != nil })
        #expect(base.inboundNodes.count == 2)
        let distance = try #require(model.graph.layer(named: "l1_distance"))
        let calls = distance.inboundNodes.first?.tensors ?? []
        // Keras 2 numbers the nested model's calls from 1; the reader numbers them as its own list.
        #expect(
            calls == [TensorReference(layer: base.name, nodeIndex: 0), TensorReference(layer: base.name, nodeIndex: 1)])
        let shapes = ShapeInference(graph: model.graph)
        #expect(shapes.shape(of: calls[1]) != nil)
    }

    @Test func readsTheWeightIndexAndStreamsWeights() throws {
        let path = FixturePaths.fixture("models/plain_sequential.h5")
        let model = try KerasModelReader.read(path)
        #expect(model.hasTrainingConfig)
        let dense = try #require(model.graph.layers.first { $0.className == "Dense" })
        let weights = model.weights.weights(of: dense.name)
        #expect(weights.count == 2)
        #expect(weights.allSatisfy { $0.dtype == "float32" })
        #expect(model.weights.parameterCount(of: dense.name) == weights.reduce(0) { $0 + $1.count })
    }
}
