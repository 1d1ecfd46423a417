import CoreMLSpec
import CoreOps
import Testing

private func t(_ shape: [Int], _ values: [Double]) -> Tensor { EvaluatorHarness.tensor(shape, values) }
private func ramp(_ shape: [Int]) -> Tensor { EvaluatorHarness.ramp(shape) }

/// The selection layers (gather, argMax, argMin, topK, oneHot, cumSum) against values worked out
/// by hand from the Core ML specification's descriptions.
@Suite struct SelectionLayerTests {
    /// Ties and a maximum that is not first: [[3, 1, 3, 2], [0, 5, -1, 5]].
    static let ties = t([2, 4], [3, 1, 3, 2, 0, 5, -1, 5])

    static let cases: [LayerCase] = [
        LayerCase("gather axis 1", [ramp([2, 3]), t([4], [2, 0, 0, -1])], t([2, 4], [2, 0, 0, 2, 5, 3, 3, 5])) {
            $0.gather.axis = 1
        },
        LayerCase("gather axis 0, 2-D indices", [ramp([3, 2]), t([1, 2], [2, 1])], t([1, 2, 2], [4, 5, 2, 3])) {
            $0.gather.axis = 0
        },
        LayerCase("argMax removes the axis", [ties], t([2], [0, 1])) {
            $0.argMax.axis = -1
            $0.argMax.removeDim = true
        },
        LayerCase("argMin keeps the axis", [ties], t([2, 1], [1, 2])) {
            $0.argMin.axis = 1
        },
        LayerCase("topK values", [ties], t([2, 3], [3, 3, 2, 5, 5, 0])) {
            $0.topK.axis = -1
            $0.topK.k = 3
        },
        LayerCase("bottomK values", [ties], t([2, 2], [1, 2, -1, 0])) {
            $0.topK.axis = 1
            $0.topK.k = 2
            $0.topK.useBottomK = true
        },
        LayerCase("oneHot last axis", [t([3], [1, 3, 0])], t([3, 3], [0, 1, 0, 0, 0, 0, 1, 0, 0])) {
            $0.oneHot.oneHotVectorSize = 3
            $0.oneHot.axis = -1
            $0.oneHot.onValue = 1
        },
        LayerCase("oneHot first axis, values", [t([2], [1, 0])], t([2, 2], [-1, 2, 2, -1])) {
            $0.oneHot.oneHotVectorSize = 2
            $0.oneHot.axis = 0
            $0.oneHot.onValue = 2
            $0.oneHot.offValue = -1
        },
        LayerCase("cumSum", [ramp([2, 3])], t([2, 3], [0, 1, 3, 3, 7, 12])) {
            $0.cumSum.axis = 1
        },
        LayerCase("cumSum exclusive reverse", [ramp([2, 3])], t([2, 3], [3, 2, 0, 9, 5, 0])) {
            $0.cumSum.axis = -1
            $0.cumSum.excludeFinalSum = true
            $0.cumSum.reverse = true
        },
    ]

    @Test(arguments: cases)
    func layer(_ row: LayerCase) throws { try row.check() }

    /// topK's second output holds the positions, lower ones first among equal values.
    @Test func topKIndicesAreTheSecondOutput() throws {
        let layer = EvaluatorHarness.layer("top", inputs: ["x"], outputs: ["values", "y"]) {
            $0.topK.axis = -1
            $0.topK.k = 3
        }
        let positions = try EvaluatorHarness.run([layer], ["x": Self.ties])
        #expect(positions == t([2, 3], [0, 2, 3, 1, 3, 0]))
    }
}
