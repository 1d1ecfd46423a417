import CoreMLEvaluator
import CoreMLSpec
import CoreOps
import Foundation
import Testing

private func t(_ shape: [Int], _ values: [Double]) -> Tensor { EvaluatorHarness.tensor(shape, values) }
private func ramp(_ shape: [Int]) -> Tensor { EvaluatorHarness.ramp(shape) }
private func w(_ values: [Double]) -> CoreML_Specification_WeightParams { EvaluatorHarness.weights(values) }
private let spatial: [Double] = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]

/// Classic image layers on `[..., C, H, W]`, each against values worked out by hand.
@Suite struct ImageLayerTests {
    static let poolingCases: [LayerCase] = [
        LayerCase("max 2x2 stride 2 valid", [ramp([1, 1, 4, 4])], t([1, 1, 2, 2], [5, 7, 13, 15])) {
            $0.pooling.type = .max
            $0.pooling.kernelSize = [2, 2]
            $0.pooling.stride = [2, 2]
            $0.pooling.valid = .init()
        },
        LayerCase("max 3x3 stride 2 same", [ramp([1, 1, 4, 4])], t([1, 1, 2, 2], [10, 11, 14, 15])) {
            $0.pooling.type = .max
            $0.pooling.kernelSize = [3, 3]
            $0.pooling.stride = [2, 2]
            $0.pooling.same = .init()
        },
        LayerCase("average same excluding padding", [ramp([1, 1, 4, 4])], t([1, 1, 2, 2], [5, 6.5, 11, 12.5])) {
            $0.pooling.type = .average
            $0.pooling.kernelSize = [3, 3]
            $0.pooling.stride = [2, 2]
            $0.pooling.same = .init()
            $0.pooling.avgPoolExcludePadding = true
        },
        LayerCase(
            "average same counting padding", [ramp([1, 1, 4, 4])], t([1, 1, 2, 2], [5, 39 / 9, 66 / 9, 50 / 9])
        ) {
            $0.pooling.type = .average
            $0.pooling.kernelSize = [3, 3]
            $0.pooling.stride = [2, 2]
            $0.pooling.same = .init()
        },
        LayerCase("global average", [ramp([1, 2, 2, 2])], t([1, 2, 1, 1], [1.5, 5.5])) {
            $0.pooling.type = .average
            $0.pooling.globalPooling = true
        },
        LayerCase("max include last pixel", [ramp([1, 1, 3, 3])], t([1, 1, 2, 2], [0, 2, 6, 8])) {
            $0.pooling.type = .max
            $0.pooling.kernelSize = [2, 2]
            $0.pooling.stride = [2, 2]
            $0.pooling.includeLastPixel.paddingAmounts = [1, 1]
        },
    ]

    static let layoutCases: [LayerCase] = [
        LayerCase("softmax over C", [t([1, 2, 1, 1], [0, log(3)])], t([1, 2, 1, 1], [0.25, 0.75])) {
            $0.softmax = .init()
        },
        LayerCase("flatten channel first", [ramp([1, 2, 1, 2])], t([1, 4, 1, 1], [0, 1, 2, 3])) {
            $0.flatten.mode = .channelFirst
        },
        LayerCase("flatten channel last", [ramp([1, 2, 1, 2])], t([1, 4, 1, 1], [0, 2, 1, 3])) {
            $0.flatten.mode = .channelLast
        },
        LayerCase(
            "padding constant", [t([1, 3, 4], spatial)],
            t(
                [1, 5, 6],
                [0, 0, 0, 0, 0, 0] + [0, 0, 0, 0, 0, 0] + [0, 0, 1, 2, 3, 4] + [0, 0, 5, 6, 7, 8] + [
                    0, 0, 9, 10, 11, 12,
                ])
        ) {
            $0.padding.constant = .init()
            $0.padding.paddingAmounts = border(top: 2, left: 2)
        },
        LayerCase(
            "padding reflection", [t([1, 3, 4], spatial)],
            t(
                [1, 5, 6],
                [11, 10, 9, 10, 11, 12] + [7, 6, 5, 6, 7, 8] + [3, 2, 1, 2, 3, 4] + [7, 6, 5, 6, 7, 8] + [
                    11, 10, 9, 10, 11, 12,
                ])
        ) {
            $0.padding.reflection = .init()
            $0.padding.paddingAmounts = border(top: 2, left: 2)
        },
        LayerCase(
            "padding replication", [t([1, 3, 4], spatial)],
            t(
                [1, 5, 6],
                [1, 1, 1, 2, 3, 4] + [1, 1, 1, 2, 3, 4] + [1, 1, 1, 2, 3, 4] + [5, 5, 5, 6, 7, 8] + [
                    9, 9, 9, 10, 11, 12,
                ])
        ) {
            $0.padding.replication = .init()
            $0.padding.paddingAmounts = border(top: 2, left: 2)
        },
        LayerCase("upsample nearest", [t([1, 1, 2], [1, 2])], t([1, 2, 4], [1, 1, 2, 2, 1, 1, 2, 2])) {
            $0.upsample.scalingFactor = [2, 2]
        },
        LayerCase("upsample bilinear default", [t([1, 1, 2], [0, 1])], t([1, 1, 4], [0, 0.5, 1, 1])) {
            $0.upsample.scalingFactor = [1, 2]
            $0.upsample.mode = .bilinear
        },
        LayerCase("upsample align corners", [t([1, 1, 2], [0, 1])], t([1, 1, 4], [0, 1 / 3, 2 / 3, 1])) {
            $0.upsample.scalingFactor = [1, 2]
            $0.upsample.mode = .bilinear
            $0.upsample.linearUpsampleMode = .alignCornersTrue
        },
        LayerCase("upsample half-pixel", [t([1, 1, 2], [0, 1])], t([1, 1, 4], [0, 0.25, 0.75, 1])) {
            $0.upsample.scalingFactor = [1, 2]
            $0.upsample.mode = .bilinear
            $0.upsample.linearUpsampleMode = .alignCornersFalse
        },
        LayerCase("resize strict endpoints", [t([1, 1, 3], [0, 1, 2])], t([1, 1, 2], [0, 2])) {
            $0.resizeBilinear.targetSize = [1, 2]
        },
        LayerCase("resize upsample mode", [t([1, 1, 3], [0, 1, 2])], t([1, 1, 2], [0, 1.5])) {
            $0.resizeBilinear.targetSize = [1, 2]
            $0.resizeBilinear.mode.samplingMethod = .upsampleMode
        },
        LayerCase("resize roi align", [t([1, 1, 3], [0, 1, 2])], t([1, 1, 2], [0.5, 1.5])) {
            $0.resizeBilinear.targetSize = [1, 2]
            $0.resizeBilinear.mode.samplingMethod = .roiAlignMode
        },
        LayerCase("space to depth", [ramp([2, 2, 2])], t([8, 1, 1], [0, 4, 1, 5, 2, 6, 3, 7])) {
            $0.reorganizeData.mode = .spaceToDepth
            $0.reorganizeData.blockSize = 2
        },
        LayerCase("depth to space", [t([8, 1, 1], [0, 4, 1, 5, 2, 6, 3, 7])], ramp([2, 2, 2])) {
            $0.reorganizeData.mode = .depthToSpace
            $0.reorganizeData.blockSize = 2
        },
        LayerCase("pixel shuffle", [ramp([8, 1, 1])], ramp([2, 2, 2])) {
            $0.reorganizeData.mode = .pixelShuffle
            $0.reorganizeData.blockSize = 2
        },
        LayerCase("l2normalize", [t([1, 2, 1, 1], [3, 4])], t([1, 2, 1, 1], [0.6, 0.8]), tolerance: 1e-6) {
            $0.l2Normalize = .init()
        },
        LayerCase("concat over C", [ramp([1, 1, 1, 2]), t([1, 1, 1, 2], [5, 6])], t([1, 2, 1, 2], [0, 1, 5, 6])) {
            $0.concat = .init()
        },
        LayerCase("permute to Seq, B, W, C, H", [ramp([1, 1, 2, 1, 3])], t([1, 1, 3, 2, 1], [0, 3, 1, 4, 2, 5])) {
            $0.permute.axis = [0, 3, 1, 2]
        },
        LayerCase("reshape channel first", [ramp([1, 1, 2, 1, 2])], ramp([1, 1, 4, 1, 1])) {
            $0.reshape.targetShape = [4, 1, 1]
        },
        LayerCase("reshape channel last", [ramp([1, 1, 2, 1, 2])], t([1, 1, 4, 1, 1], [0, 2, 1, 3])) {
            $0.reshape.targetShape = [4, 1, 1]
            $0.reshape.mode = .channelLast
        },
        LayerCase("bias per channel", [t([1, 2, 1, 1], [1, 2])], t([1, 2, 1, 1], [11, 22])) {
            $0.bias.shape = [2]
            $0.bias.bias = w([10, 20])
        },
        LayerCase("scale with bias", [t([2, 1, 2], [1, 2, 3, 4])], t([2, 1, 2], [3, 5, 7, 9])) {
            $0.scale.shapeScale = [1]
            $0.scale.scale = w([2])
            $0.scale.hasBias_p = true
            $0.scale.shapeBias = [1, 1, 2]
            $0.scale.bias = w([1, 1])
        },
        LayerCase("classic slice over W", [ramp([1, 1, 5])], t([1, 1, 2], [1, 3])) {
            $0.slice.axis = .widthAxis
            $0.slice.startIndex = 1
            $0.slice.endIndex = -1
            $0.slice.stride = 2
        },
        LayerCase("crop", [ramp([1, 3, 3])], t([1, 1, 2], [4, 5])) {
            $0.crop.cropAmounts = border(top: 1, left: 1, bottom: 1)
        },
        LayerCase("reduce HW average", [ramp([2, 1, 2])], t([2, 1, 1], [0.5, 2.5])) {
            $0.reduce.mode = .avg
            $0.reduce.axis = .hw
        },
        LayerCase("reduce C argmax", [t([3, 1, 1], [1, 5, 2])], t([1, 1, 1], [1])) {
            $0.reduce.mode = .argmax
            $0.reduce.axis = .c
        },
        LayerCase("embedding", [t([2, 1, 1, 1], [1, 0])], t([2, 2, 1, 1], [2.5, 4, 1.5, 3])) {
            $0.embedding.inputDim = 2
            $0.embedding.outputChannels = 2
            $0.embedding.weights = w([1, 2, 3, 4])
            $0.embedding.hasBias_p = true
            $0.embedding.bias = w([0.5, 0])
        },
        // Weights [embeddingSize 2, vocabSize 3]: id k reads column k.
        LayerCase("embeddingND", [t([1, 3, 1], [2, 0, 1])], t([1, 3, 2], [3.5, 5, 1.5, 3, 2.5, 4])) {
            $0.embeddingNd.vocabSize = 3
            $0.embeddingNd.embeddingSize = 2
            $0.embeddingNd.weights = w([1, 2, 3, 4, 5, 6])
            $0.embeddingNd.hasBias_p = true
            $0.embeddingNd.bias = w([0.5, -1])
        },
        LayerCase("layer normalization", [t([1, 2], [1, 3])], t([1, 2], [-2, 4]), tolerance: 1e-6) {
            $0.layerNormalization.normalizedShape = [2]
            $0.layerNormalization.gamma = w([2, 3])
            $0.layerNormalization.beta = w([0, 1])
        },
    ]

    @Test(arguments: poolingCases) func pooling(_ row: LayerCase) throws { try row.check() }
    @Test(arguments: layoutCases) func layout(_ row: LayerCase) throws { try row.check() }

    @Test func batchnormWithStoredStatistics() throws {
        let layer = EvaluatorHarness.layer {
            $0.batchnorm.channels = 2
            $0.batchnorm.epsilon = 1e-5
            $0.batchnorm.gamma = w([1, 2])
            $0.batchnorm.beta = w([0, 1])
            $0.batchnorm.mean = w([1, 3])
            $0.batchnorm.variance = w([4, 1])
        }
        let result = try EvaluatorHarness.run(layer, t([1, 2, 1, 2], [1, 2, 3, 4]))
        let expected = t([1, 2, 1, 2], [0, 1 / (4 + 1e-5).squareRoot(), 1, 2 / (1 + 1e-5).squareRoot() + 1])
        #expect(close(result, expected, tolerance: 1e-6))
    }

    @Test(arguments: [[3.0], [-1.0], [0.5]])
    func embeddingNDRefusesIdsOutsideTheVocabulary(id: [Double]) {
        let layer = EvaluatorHarness.layer {
            $0.embeddingNd.vocabSize = 3
            $0.embeddingNd.embeddingSize = 1
            $0.embeddingNd.weights = w([1, 2, 3])
        }
        #expect(throws: CoreMLEvaluationError.self) { try EvaluatorHarness.run(layer, t([1, 1], id)) }
    }

    @Test func batchnormComputingInstanceStatistics() throws {
        let layer = EvaluatorHarness.layer {
            $0.batchnorm.channels = 1
            $0.batchnorm.computeMeanVar = true
            $0.batchnorm.instanceNormalization = true
            $0.batchnorm.gamma = w([1])
            $0.batchnorm.beta = w([0])
        }
        let result = try EvaluatorHarness.run(layer, t([1, 1, 1, 2], [1, 3]))
        #expect(close(result, t([1, 1, 1, 2], [-1, 1]), tolerance: 1e-4))
    }

    @Test(arguments: [[2, 3], [2, 3, 1, 1]])
    func innerProduct(shape: [Int]) throws {
        let layer = EvaluatorHarness.layer {
            $0.innerProduct.inputChannels = 3
            $0.innerProduct.outputChannels = 2
            $0.innerProduct.weights = w([1, 0, 1, 0, 1, 0])
            $0.innerProduct.hasBias_p = true
            $0.innerProduct.bias = w([1, -1])
        }
        let outputShape = shape.count == 2 ? [2, 2] : [2, 2, 1, 1]
        #expect(try EvaluatorHarness.run(layer, ramp(shape)) == t(outputShape, [3, 0, 9, 3]))
    }

    @Test func innerProductOnRank4FoldsCHW() throws {
        let layer = EvaluatorHarness.layer {
            $0.innerProduct.inputChannels = 3
            $0.innerProduct.outputChannels = 1
            $0.innerProduct.weights = w([1, 10, 100])
        }
        #expect(try EvaluatorHarness.run(layer, ramp([1, 1, 1, 3])) == t([1, 1, 1, 1], [210]))
        #expect(try EvaluatorHarness.run(layer, ramp([2, 1, 3])) == t([2, 1, 1], [210, 543]))
    }

    @Test func splitOverChannels() throws {
        let layer = EvaluatorHarness.layer(outputs: ["y", "z"]) { $0.split.nOutputs = 2 }
        let evaluator = try CoreMLEvaluator(
            model: EvaluatorHarness.model([layer], inputs: ["x": ramp([4, 1, 1])], outputs: ["y", "z"]))
        let outputs = try evaluator.predict(["x": ramp([4, 1, 1])])
        #expect(outputs["y"] == t([2, 1, 1], [0, 1]))
        #expect(outputs["z"] == t([2, 1, 1], [2, 3]))
    }
}

/// Border amounts `[H, W]`.
func border(top: UInt64 = 0, left: UInt64 = 0, bottom: UInt64 = 0, right: UInt64 = 0)
    -> CoreML_Specification_BorderAmounts
{
    var amounts = CoreML_Specification_BorderAmounts()
    var height = CoreML_Specification_BorderAmounts.EdgeSizes()
    height.startEdgeSize = top
    height.endEdgeSize = bottom
    var width = CoreML_Specification_BorderAmounts.EdgeSizes()
    width.startEdgeSize = left
    width.endEdgeSize = right
    amounts.borderAmounts = [height, width]
    return amounts
}
