import CoreMLSpec
import CoreOps
import Foundation
import Testing

private func t(_ shape: [Int], _ values: [Double]) -> Tensor { EvaluatorHarness.tensor(shape, values) }
private func v(_ values: [Double]) -> Tensor { Tensor(vector: values) }
private let x = v([-2, -0.5, 0, 1.5])

/// Element-wise layers, each against values worked out by hand.
@Suite struct ElementwiseLayerTests {
    static let unaryCases: [LayerCase] = [
        LayerCase("clip", [x], v([-1, -0.5, 0, 1])) {
            $0.clip.minVal = -1
            $0.clip.maxVal = 1
        },
        LayerCase("clampedReLU", [x], v([-0.2, -0.05, 0, 1])) {
            $0.clampedReLu.alpha = 0.1
            $0.clampedReLu.beta = 1
        },
        LayerCase("ceil", [x], v([-2, 0, 0, 2])) { $0.ceil = .init() },
        LayerCase("floor", [x], v([-2, -1, 0, 1])) { $0.floor = .init() },
        LayerCase("round", [v([-2.5, -0.4, 0.5, 1.6])], v([-3, 0, 1, 2])) { $0.round = .init() },
        LayerCase("sign", [x], v([-1, -1, 0, 1])) { $0.sign = .init() },
        LayerCase("sin", [v([0, .pi / 2])], v([0, 1])) { $0.sin = .init() },
        LayerCase("cos", [v([0, .pi])], v([1, -1])) { $0.cos = .init() },
        LayerCase("tanh", [v([0, 1])], v([0, tanh(1)])) { $0.tanh = .init() },
        LayerCase("erf", [v([0, 1])], v([0, 0.8427007929497149])) { $0.erf = .init() },
        LayerCase("gelu exact", [v([0, 1])], v([0, 0.8413447460685429])) { $0.gelu.mode = .exact },
        LayerCase("gelu tanh", [v([1])], v([0.8411919906082768])) { $0.gelu.mode = .tanhApproximation },
        LayerCase("gelu sigmoid", [v([1])], v([1 / (1 + exp(-1.702))])) { $0.gelu.mode = .sigmoidApproximation },
        LayerCase("unary sqrt of 2x+1", [v([0, 4])], v([1, 3])) {
            $0.unary.type = .sqrt
            $0.unary.scale = 2
            $0.unary.shift = 1
        },
        LayerCase("unary rsqrt default epsilon", [v([4])], v([1 / (4 + 1e-6).squareRoot()])) { $0.unary.type = .rsqrt },
        LayerCase("unary inverse epsilon", [v([1])], v([0.5])) {
            $0.unary.type = .inverse
            $0.unary.epsilon = 1
        },
        LayerCase("unary power", [v([2, 3])], v([8, 27])) {
            $0.unary.type = .power
            $0.unary.alpha = 3
        },
        LayerCase("unary exp", [v([0, 1])], v([1, M_E])) { $0.unary.type = .exp },
        LayerCase("unary log", [v([1, M_E])], v([0, 1])) { $0.unary.type = .log },
        LayerCase("unary abs", [x], v([2, 0.5, 0, 1.5])) { $0.unary.type = .abs },
        LayerCase("unary threshold", [x], v([-1, -0.5, 0, 1.5])) {
            $0.unary.type = .threshold
            $0.unary.alpha = -1
        },
    ]

    static let activationCases: [LayerCase] = [
        LayerCase("linear", [x], v([-3, -0, 1, 4])) {
            $0.activation.linear.alpha = 2
            $0.activation.linear.beta = 1
        },
        LayerCase("ReLU", [x], v([0, 0, 0, 1.5])) { $0.activation.reLu = .init() },
        LayerCase("leaky ReLU", [x], v([-0.2, -0.05, 0, 1.5])) { $0.activation.leakyReLu.alpha = 0.1 },
        LayerCase("thresholded ReLU", [x], v([0, 0, 0, 1.5])) { $0.activation.thresholdedReLu.alpha = 1 },
        LayerCase("tanh", [v([1])], v([tanh(1)])) { $0.activation.tanh = .init() },
        LayerCase("scaled tanh", [v([1])], v([2 * tanh(0.5)])) {
            $0.activation.scaledTanh.alpha = 2
            $0.activation.scaledTanh.beta = 0.5
        },
        LayerCase("sigmoid", [v([0])], v([0.5])) { $0.activation.sigmoid = .init() },
        LayerCase("hard sigmoid", [x], v([0.1, 0.4, 0.5, 0.8])) {
            $0.activation.sigmoidHard.alpha = 0.2
            $0.activation.sigmoidHard.beta = 0.5
        },
        LayerCase("ELU", [v([-1, 2])], v([0.5 * (exp(-1) - 1), 2])) { $0.activation.elu.alpha = 0.5 },
        LayerCase("softsign", [v([-1, 3])], v([-0.5, 0.75])) { $0.activation.softsign = .init() },
        LayerCase("softplus", [v([0])], v([log(2)])) { $0.activation.softplus = .init() },
        LayerCase("PReLU per channel", [t([2, 1, 1], [-1, -1])], t([2, 1, 1], [-0.1, -0.2])) {
            $0.activation.preLu.alpha = EvaluatorHarness.weights([0.1, 0.2])
        },
        LayerCase("parametric softplus", [t([2, 1, 1], [0, 0])], t([2, 1, 1], [log(2), 2 * log(2)])) {
            $0.activation.parametricSoftplus.alpha = EvaluatorHarness.weights([1, 2])
            $0.activation.parametricSoftplus.beta = EvaluatorHarness.weights([3])
        },
    ]

    static let binaryCases: [LayerCase] = [
        LayerCase("addBroadcastable", [t([2, 1], [1, 2]), v([10, 20])], t([2, 2], [11, 21, 12, 22])) {
            $0.addBroadcastable = .init()
        },
        LayerCase("subtractBroadcastable", [v([5, 5]), v([1, 2])], v([4, 3])) { $0.subtractBroadcastable = .init() },
        LayerCase("multiplyBroadcastable", [v([2, 3]), t([1], [4])], v([8, 12])) { $0.multiplyBroadcastable = .init() },
        LayerCase("divideBroadcastable", [v([1, 3]), v([2, 4])], v([0.5, 0.75])) { $0.divideBroadcastable = .init() },
        LayerCase("powBroadcastable", [v([2, 3]), v([3, 2])], v([8, 9])) { $0.powBroadcastable = .init() },
        LayerCase("maxBroadcastable", [v([1, 5]), v([3, 2])], v([3, 5])) { $0.maxBroadcastable = .init() },
        LayerCase("minBroadcastable", [v([1, 5]), v([3, 2])], v([1, 2])) { $0.minBroadcastable = .init() },
        LayerCase("greaterThan alpha", [x], v([0, 0, 0, 1])) { $0.greaterThan.alpha = 0 },
        LayerCase("lessThan two inputs", [v([1, 2]), v([2, 2])], v([1, 0])) { $0.lessThan = .init() },
        LayerCase("equal alpha", [x], v([0, 0, 1, 0])) { $0.equal = .init() },
        LayerCase("notEqual", [v([1, 2]), v([1, 3])], v([0, 1])) { $0.notEqual = .init() },
        LayerCase("greaterEqual", [v([1, 2]), v([2, 2])], v([0, 1])) { $0.greaterEqual = .init() },
        LayerCase("lessEqual alpha", [x], v([1, 1, 1, 0])) { $0.lessEqual.alpha = 0 },
        LayerCase("where", [v([1, 0]), v([1, 2]), v([3, 4])], v([1, 4])) { $0.whereBroadcastable = .init() },
        LayerCase("add alpha", [v([1, 2])], v([1.5, 2.5])) { $0.add.alpha = 0.5 },
        LayerCase("add three", [v([1, 2]), v([3, 4]), t([1], [10])], v([14, 16])) { $0.add = .init() },
        LayerCase("multiply alpha", [v([1, 2])], v([3, 6])) { $0.multiply.alpha = 3 },
        LayerCase("multiply two", [v([1, 2]), v([3, 4])], v([3, 8])) { $0.multiply = .init() },
        LayerCase("average", [v([1, 2]), v([3, 6])], v([2, 4])) { $0.average = .init() },
        LayerCase("max", [v([1, 7]), v([3, 6])], v([3, 7])) { $0.max = .init() },
        LayerCase("min", [v([1, 7]), v([3, 6])], v([1, 6])) { $0.min = .init() },
    ]

    @Test(arguments: unaryCases) func unary(_ row: LayerCase) throws { try row.check() }
    @Test(arguments: activationCases) func activations(_ row: LayerCase) throws { try row.check() }
    @Test(arguments: binaryCases) func binary(_ row: LayerCase) throws { try row.check() }
}
