import CoreMLSpec
import CoreOps
import Foundation
import Testing

private func t(_ shape: [Int], _ values: [Double]) -> Tensor { EvaluatorHarness.tensor(shape, values) }
private func ramp(_ shape: [Int]) -> Tensor { EvaluatorHarness.ramp(shape) }

/// Rank-N layers, each against values worked out by hand.
@Suite struct NDLayerTests {
    static let layoutCases: [LayerCase] = [
        LayerCase("transpose 2x3 -> 3x2", [ramp([2, 3])], t([3, 2], [0, 3, 1, 4, 2, 5])) {
            $0.transpose.axes = [1, 0]
        },
        LayerCase("transpose rank 3", [ramp([2, 1, 3])], t([3, 2, 1], [0, 3, 1, 4, 2, 5])) {
            $0.transpose.axes = [2, 0, 1]
        },
        LayerCase("reshapeStatic with -1", [ramp([2, 3])], t([3, 2], [0, 1, 2, 3, 4, 5])) {
            $0.reshapeStatic.targetShape = [3, -1]
        },
        LayerCase("flattenTo2D axis 1", [ramp([2, 3, 2])], t([2, 6], Array(0..<12).map(Double.init))) {
            $0.flattenTo2D.axis = 1
        },
        LayerCase("flattenTo2D axis -1", [ramp([2, 3, 2])], t([6, 2], Array(0..<12).map(Double.init))) {
            $0.flattenTo2D.axis = -1
        },
        LayerCase("expandDims 0 and -1", [ramp([2, 3])], ramp([1, 2, 3, 1])) { $0.expandDims.axes = [0, -1] },
        LayerCase("squeeze axes", [ramp([1, 3, 1])], ramp([3])) { $0.squeeze.axes = [0, 2] },
        LayerCase("squeeze all to rank 1", [ramp([1, 1])], ramp([1])) { $0.squeeze.squeezeAll = true },
        LayerCase(
            "concatNd axis -1", [ramp([2, 1]), t([2, 2], [10, 11, 12, 13])], t([2, 3], [0, 10, 11, 1, 12, 13])
        ) {
            $0.concatNd.axis = -1
        },
        LayerCase("tile rank matched", [t([1, 2], [1, 2])], t([2, 4], [1, 2, 1, 2, 1, 2, 1, 2])) {
            $0.tile.reps = [2, 2]
        },
        LayerCase("reverse axis 1", [ramp([2, 3])], t([2, 3], [2, 1, 0, 5, 4, 3])) {
            $0.reverse.reverseDim = [false, true]
        },
        LayerCase("getShape", [ramp([2, 3, 4])], t([3], [2, 3, 4])) { $0.getShape = .init() },
        LayerCase("fillLike", [ramp([2, 2])], t([2, 2], [7, 7, 7, 7])) { $0.fillLike.value = 7 },
        LayerCase("broadcastToLike", [t([1, 2], [1, 2]), ramp([3, 2])], t([3, 2], [1, 2, 1, 2, 1, 2])) {
            $0.broadcastToLike = .init()
        },
        LayerCase("constantPad", [t([1, 2], [1, 2])], t([2, 5], [9, 9, 9, 9, 9, 9, 1, 2, 9, 9])) {
            $0.constantPad.padAmounts = [1, 0, 1, 2]
            $0.constantPad.value = 9
        },
        LayerCase("constantPad to output size", [t([1, 2], [1, 2])], t([1, 4], [0, 0, 1, 2])) {
            $0.constantPad.padAmounts = [0, 0, 4, 0]
            $0.constantPad.padToGivenOutputSizeMode = true
        },
    ]

    static let sliceCases: [LayerCase] = [
        LayerCase("slice [1:3]", [ramp([4])], t([2], [1, 2])) {
            $0.sliceStatic.beginIds = [1]
            $0.sliceStatic.endIds = [3]
            $0.sliceStatic.strides = [1]
        },
        LayerCase("slice masks [:, 1:]", [ramp([2, 3])], t([2, 2], [1, 2, 4, 5])) {
            $0.sliceStatic.beginIds = [5, 1]
            $0.sliceStatic.endIds = [0, 0]
            $0.sliceStatic.strides = [1, 1]
            $0.sliceStatic.beginMasks = [true, false]
            $0.sliceStatic.endMasks = [true, true]
        },
        LayerCase("slice [::-1]", [ramp([4])], t([4], [3, 2, 1, 0])) {
            $0.sliceStatic.beginIds = [0]
            $0.sliceStatic.endIds = [0]
            $0.sliceStatic.strides = [-1]
            $0.sliceStatic.beginMasks = [true]
            $0.sliceStatic.endMasks = [true]
        },
        LayerCase("slice [-1:0:-2]", [ramp([5])], t([2], [4, 2])) {
            $0.sliceStatic.beginIds = [-1]
            $0.sliceStatic.endIds = [0]
            $0.sliceStatic.strides = [-2]
        },
        LayerCase("slice [::2] clipped end", [ramp([5])], t([3], [0, 2, 4])) {
            $0.sliceStatic.beginIds = [0]
            $0.sliceStatic.endIds = [100]
            $0.sliceStatic.strides = [2]
        },
        LayerCase("slice squeeze mask [1, :]", [ramp([2, 3])], t([3], [3, 4, 5])) {
            $0.sliceStatic.beginIds = [1, 0]
            $0.sliceStatic.endIds = [2, 3]
            $0.sliceStatic.strides = [1, 1]
            $0.sliceStatic.squeezeMasks = [true, false]
        },
    ]

    static let reductionCases: [LayerCase] = [
        LayerCase("reduceSum axis 1", [ramp([2, 3])], t([2], [3, 12])) { $0.reduceSum.axes = [1] },
        LayerCase("reduceSum keepDims", [ramp([2, 3])], t([1, 3], [3, 5, 7])) {
            $0.reduceSum.axes = [0]
            $0.reduceSum.keepDims = true
        },
        LayerCase("reduceMean all", [ramp([2, 3])], t([1], [2.5])) { $0.reduceMean.reduceAll = true },
        LayerCase("reduceMax -1", [t([2, 2], [1, -4, 3, 2])], t([2], [1, 3])) { $0.reduceMax.axes = [-1] },
        LayerCase("reduceMin 0", [t([2, 2], [1, -4, 3, 2])], t([2], [1, -4])) { $0.reduceMin.axes = [0] },
        LayerCase("reduceProd", [t([3], [2, 3, 4])], t([1], [24])) { $0.reduceProd.axes = [0] },
        LayerCase("reduceSumSquare", [t([2], [3, 4])], t([1], [25])) { $0.reduceSumSquare.axes = [0] },
        LayerCase("reduceL2", [t([2], [3, 4])], t([1], [5])) { $0.reduceL2.axes = [0] },
        LayerCase("reduceL1", [t([2], [-3, 4])], t([1], [7])) { $0.reduceL1.axes = [0] },
        LayerCase("reduceLogSumExp", [t([2], [0, 0])], t([1], [log(2)])) { $0.reduceLogSumExp.axes = [0] },
        LayerCase("softmaxNd axis 0", [t([2, 1], [0, log(3)])], t([2, 1], [0.25, 0.75])) { $0.softmaxNd.axis = 0 },
        LayerCase("softmaxNd axis -1", [t([1, 2], [1, 1])], t([1, 2], [0.5, 0.5])) { $0.softmaxNd.axis = -1 },
    ]

    @Test(arguments: layoutCases) func layout(_ row: LayerCase) throws { try row.check() }
    @Test(arguments: sliceCases) func slices(_ row: LayerCase) throws { try row.check() }
    @Test(arguments: reductionCases) func reductions(_ row: LayerCase) throws { try row.check() }

    @Test func batchedMatmulTwoInputs() throws {
        let layer = EvaluatorHarness.layer { $0.batchedMatmul = .init() }
        let a = t([2, 1, 2], [1, 2, 3, 4])
        let b = t([2, 1], [5, 6])
        #expect(try EvaluatorHarness.run(layer, a, b) == t([2, 1, 1], [17, 39]))
        var transposed = layer
        transposed.batchedMatmul.transposeA = true
        #expect(
            try EvaluatorHarness.run(transposed, t([2, 1], [1, 2]), t([2, 2], [1, 2, 3, 4])) == t([1, 2], [7, 10]))
        // A rank-1 first operand keeps its prepended 1: the result has rank 2.
        #expect(try EvaluatorHarness.run(layer, t([2], [1, 2]), t([2, 2], [1, 2, 3, 4])) == t([1, 2], [7, 10]))
    }

    @Test func batchedMatmulWeightsAreColumnMajor() throws {
        // W = [[1, 2, 3], [4, 5, 6]] (X1 = 2, X2 = 3) stored column by column.
        let layer = EvaluatorHarness.layer {
            $0.batchedMatmul.weightMatrixFirstDimension = 2
            $0.batchedMatmul.weightMatrixSecondDimension = 3
            $0.batchedMatmul.weights = EvaluatorHarness.weights([1, 4, 2, 5, 3, 6])
            $0.batchedMatmul.hasBias_p = true
            $0.batchedMatmul.bias = EvaluatorHarness.weights([0.5, 0, -0.5])
        }
        #expect(try EvaluatorHarness.run(layer, t([2], [1, 1])) == t([3], [5.5, 7, 8.5]))
        #expect(
            try EvaluatorHarness.run(layer, t([2, 1, 2], [1, 0, 0, 1])) == t([2, 1, 3], [1.5, 2, 2.5, 4.5, 5, 5.5]))
    }

    @Test func loadConstantNd() throws {
        let layer = EvaluatorHarness.layer(inputs: []) {
            $0.loadConstantNd.shape = [2, 1]
            $0.loadConstantNd.data = EvaluatorHarness.weights([3, 4])
        }
        #expect(try EvaluatorHarness.run([layer], [:]) == t([2, 1], [3, 4]))
    }

    @Test func randomNormalLikeHasTheRequestedMoments() throws {
        let layer = EvaluatorHarness.layer {
            $0.randomNormalLike.seed = 7
            $0.randomNormalLike.mean = 2
            $0.randomNormalLike.stdDev = 0.5
        }
        let samples = try EvaluatorHarness.run(layer, EvaluatorHarness.ramp([100, 100]))
        #expect(samples.shape == [100, 100])
        let mean = samples.values.reduce(0, +) / Double(samples.count)
        let variance = samples.values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(samples.count)
        #expect(abs(mean - 2) < 0.02)
        #expect(abs(variance.squareRoot() - 0.5) < 0.02)
        #expect(try EvaluatorHarness.run(layer, EvaluatorHarness.ramp([100, 100])) == samples)
    }
}
