import CoreMLEvaluator
import CoreMLSpec
import CoreOps
import Foundation
import Testing

/// The committed reference models of `Fixtures/coreml`, written by coremltools.
@Suite struct ReferenceModelTests {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Fixtures/coreml")

    static func model(_ name: String) throws -> CoreML_Specification_Model {
        try CoreML_Specification_Model(serializedBytes: Data(contentsOf: folder.appendingPathComponent(name)))
    }

    @Test func referenceND() throws {
        let evaluator = try CoreMLEvaluator(model: Self.model("reference_nd.mlmodel"))
        // y = relu(W (a + b) + bias)[1:3] with W = (arange(12).reshape(4, 3) - 6) / 4, worked by hand.
        let outputs = try evaluator.predict(["a": Tensor(vector: [1, 2, 3]), "b": Tensor(vector: [0, 0, 1])])
        #expect(outputs["y"] == Tensor(vector: [0, 3.5]))
    }

    @Test func referenceClassicMatchesNaiveLoops() throws {
        let model = try Self.model("reference_classic.mlmodel")
        let image = EvaluatorHarness.tensor([3, 8, 8], (0..<192).map { Double(($0 * 37) % 256) })
        let outputs = try CoreMLEvaluator(model: model).predict(["image": image])
        let expected = try NaiveClassic.run(model, image: image)
        let probabilities = try #require(outputs["probabilities"])
        #expect(probabilities.shape == [3])
        #expect(close(probabilities, Tensor(vector: expected), tolerance: 1e-9))
        #expect(abs(probabilities.values.reduce(0, +) - 1) < 1e-12)
    }
}

/// The classic reference network written out as plain loops over the spec's weights:
/// scaler, same 3x3 convolution, batchnorm, leaky ReLU, 2x2 max pool, flatten, dense, softmax.
enum NaiveClassic {
    static func run(_ model: CoreML_Specification_Model, image: Tensor) throws -> [Double] {
        let layers = model.neuralNetwork.layers
        let scaler = model.neuralNetwork.preprocessing[0].scaler
        let scaled = image.values.map { Double(scaler.channelScale) * $0 + Double(scaler.redBias) }
        #expect(scaler.redBias == scaler.greenBias && scaler.greenBias == scaler.blueBias)
        let conv = layers[0].convolution
        let bn = layers[1].batchnorm
        let alpha = Double(layers[2].activation.leakyReLu.alpha)
        let dense = layers[5].innerProduct
        let w = conv.weights.floatValue.map(Double.init)
        var features = [[[Double]]](
            repeating: [[Double]](repeating: [Double](repeating: 0, count: 8), count: 8), count: 2)
        for o in 0..<2 {
            for y in 0..<8 {
                for x in 0..<8 {
                    var sum = Double(conv.bias.floatValue[o])
                    for c in 0..<3 {
                        for i in 0..<3 {
                            for j in 0..<3 where (0..<8).contains(y + i - 1) && (0..<8).contains(x + j - 1) {
                                sum += w[((o * 3 + c) * 3 + i) * 3 + j] * scaled[(c * 8 + y + i - 1) * 8 + x + j - 1]
                            }
                        }
                    }
                    let mean = Double(bn.mean.floatValue[o])
                    let variance = Double(bn.variance.floatValue[o])
                    let normalized = (sum - mean) / (variance + Double(bn.epsilon)).squareRoot()
                    let value = Double(bn.gamma.floatValue[o]) * normalized + Double(bn.beta.floatValue[o])
                    features[o][y][x] = value >= 0 ? value : alpha * value
                }
            }
        }
        var flat: [Double] = []
        for o in 0..<2 {
            for y in 0..<4 {
                for x in 0..<4 {
                    flat.append(
                        max(
                            features[o][2 * y][2 * x], features[o][2 * y][2 * x + 1], features[o][2 * y + 1][2 * x],
                            features[o][2 * y + 1][2 * x + 1]))
                }
            }
        }
        let logits = (0..<3).map { row in
            (0..<32).reduce(Double(dense.bias.floatValue[row])) {
                $0 + Double(dense.weights.floatValue[row * 32 + $1]) * flat[$1]
            }
        }
        let exponentials = logits.map { exp($0 - (logits.max() ?? 0)) }
        return exponentials.map { $0 / exponentials.reduce(0, +) }
    }
}

/// Errors name the layer, its kind and the problem.
@Suite struct EvaluationErrorTests {
    @Test func unsupportedKindFailsAtInit() throws {
        let layer = EvaluatorHarness.layer("norm") { $0.lrn.localSize = 3 }
        let model = EvaluatorHarness.model([layer], inputs: ["x": EvaluatorHarness.ramp([1, 1, 1])], outputs: ["y"])
        #expect(
            throws: CoreMLEvaluationError(
                layer: "norm", kind: "lrn", index: 0, problem: .unsupported("layer kind 'lrn'"))
        ) {
            try CoreMLEvaluator(model: model)
        }
    }

    @Test func missingBlob() throws {
        let layer = EvaluatorHarness.layer("relu", inputs: ["nowhere"]) { $0.activation.reLu = .init() }
        let model = EvaluatorHarness.model([layer], inputs: ["x": EvaluatorHarness.ramp([2])], outputs: ["y"])
        #expect(
            throws: CoreMLEvaluationError(layer: "relu", kind: "activation", index: 0, problem: .missingBlob("nowhere"))
        ) {
            try CoreMLEvaluator(model: model).predict(["x": EvaluatorHarness.ramp([2])])
        }
    }

    @Test func weightCountMismatch() throws {
        let layer = EvaluatorHarness.layer("dense") {
            $0.innerProduct.inputChannels = 2
            $0.innerProduct.outputChannels = 2
            $0.innerProduct.weights = EvaluatorHarness.weights([1, 2, 3])
        }
        let error = CoreMLEvaluationError(
            layer: "dense", kind: "innerProduct", index: 0,
            problem: .weightCountMismatch(weights: "weights", expected: 4, got: 3))
        #expect(throws: error) { try EvaluatorHarness.run(layer, EvaluatorHarness.ramp([2])) }
        #expect(error.description == "layer 'dense' (innerProduct, #0): weights: expected 4 values, got 3")
    }

    @Test func wrongRank() throws {
        let layer = EvaluatorHarness.layer("conv") { $0.convolution.outputChannels = 1 }
        let error = CoreMLEvaluationError(
            layer: "conv", kind: "convolution", index: 0, problem: .wrongRank(expected: "rank >= 4", shape: [1, 3, 3]))
        #expect(throws: error) { try EvaluatorHarness.run(layer, EvaluatorHarness.ramp([1, 3, 3])) }
    }

    @Test func missingInputAndHalfWeights() throws {
        let layer = EvaluatorHarness.layer("relu") { $0.activation.reLu = .init() }
        let model = EvaluatorHarness.model([layer], inputs: ["x": EvaluatorHarness.ramp([2])], outputs: ["y"])
        #expect(throws: CoreMLEvaluationError(problem: .missingInput("x"))) {
            try CoreMLEvaluator(model: model).predict([:])
        }
        // float16 1.0 = 0x3C00 and -2.0 = 0xC000, little-endian.
        var blob = CoreML_Specification_WeightParams()
        blob.float16Value = Data([0x00, 0x3C, 0x00, 0xC0])
        let constant = EvaluatorHarness.layer(inputs: []) {
            $0.loadConstantNd.shape = [2]
            $0.loadConstantNd.data = blob
        }
        #expect(try EvaluatorHarness.run([constant], [:]) == Tensor(vector: [1, -2]))
    }
}
