import CoreOps
import Testing

@Suite struct UnaryEvaluationTests {
    static let arithmeticCases: [EvaluationCase] = [
        EvaluationCase("neg", [vector([1, -2])], vector([-1, 2])),
        EvaluationCase("sqrt", [vector([4, 2.25, -1])], vector([2, 1.5, .nan])),
        EvaluationCase("rsqrt", [vector([4, 0.25])], vector([0.5, 2])),
        EvaluationCase("reciprocal", [vector([2, -0.5, 0])], vector([0.5, -2, .infinity])),
        EvaluationCase("exp", [vector([0, 1])], vector([1, 2.718281828459045])),
        EvaluationCase("log", [vector([1, 2.718281828459045, 0])], vector([0, 1, -.infinity])),
        EvaluationCase("abs", [tensor([2, 1], [-3, 2])], tensor([2, 1], [3, 2])),
        EvaluationCase("sin", [vector([0, Double.pi / 2])], vector([0, 1])),
        EvaluationCase("cos", [vector([0, Double.pi])], vector([1, -1])),
        EvaluationCase("tanh", [vector([0, 1])], vector([0, 0.7615941559557649])),
        EvaluationCase("erf", [vector([0, 1])], vector([0, 0.8427007929497149])),
        EvaluationCase("square", [vector([-3, 0.5])], vector([9, 0.25])),
        EvaluationCase("sign", [vector([-3, 0, 2, .nan])], vector([-1, 0, 1, .nan])),
        EvaluationCase(
            "sigmoid", [vector([0, 2, -800])], vector([0.5, 0.8807970779778823, 0]), note: "no overflow for large -x"),
    ]

    static let activationCases: [EvaluationCase] = [
        EvaluationCase("relu", [vector([-1, 0, 2])], vector([0, 0, 2])),
        EvaluationCase("relu6", [vector([-1, 3, 7])], vector([0, 3, 6])),
        EvaluationCase("elu", [vector([-1, 2])], vector([-0.6321205588285577, 2]), note: "alpha defaults to 1"),
        EvaluationCase("elu", [vector([-1, 2])], ["alpha": .float(0.5)], vector([-0.31606027941427883, 2])),
        EvaluationCase(
            "softplus", [vector([0, 100, -100])], vector([0.6931471805599453, 100, 3.720075976020836e-44]),
            note: "no overflow at 100"),
        EvaluationCase("softsign", [vector([1, -3])], vector([0.5, -0.75])),
        EvaluationCase("leaky_relu", [vector([-1, 2])], vector([-0.2, 2]), note: "alpha defaults to 0.2"),
        EvaluationCase("leaky_relu", [vector([-1, 2])], ["alpha": .float(0.1)], vector([-0.1, 2])),
        EvaluationCase(
            "hard_sigmoid", [vector([-3, 0, 1, 3])], vector([0, 0.5, 0.7, 1]), tolerance: 1e-15,
            note: "Keras 2: 0.2 x + 0.5"),
        EvaluationCase(
            "hard_sigmoid", [vector([-3, 0, 1, 3])], ["slope": .float(1.0 / 6.0)],
            vector([0, 0.5, 0.6666666666666666, 1]), tolerance: 1e-15, note: "Keras 3: x / 6 + 0.5"),
        EvaluationCase("swish", [vector([0, 1])], vector([0, 0.7310585786300049])),
        EvaluationCase("gelu", [vector([1, -1])], vector([0.8413447460685429, -0.15865525393145707])),
        EvaluationCase("gelu", [vector([1])], ["approximate": .bool(true)], vector([0.8411919906082768])),
    ]

    static let roundingCases: [EvaluationCase] = [
        EvaluationCase("floor", [vector([-1.5, 1.5, 2])], vector([-2, 1, 2])),
        EvaluationCase("ceil", [vector([-1.5, 1.5, 2])], vector([-1, 2, 2])),
        EvaluationCase(
            "round", [vector([0.5, 1.5, 2.5, -0.5, -1.5, 2.4, 2.6])], vector([0, 2, 2, 0, -2, 2, 3]),
            note: "half to even, as tf.round"),
        EvaluationCase(
            "clip", [vector([-2, 0.5, 3])], ["min": .float(0), "max": .float(1)], vector([0, 0.5, 1])),
        EvaluationCase(
            "clip", [vector([-2, 7])], ["min": .int(-1), "max": .int(6)], vector([-1, 6]), note: "ints widen"),
        EvaluationCase("cast", [vector([1.7, -2])], ["dtype": .string("float32")], vector([1.7, -2])),
        EvaluationCase(
            "cast", [vector([1.7, -1.7, 2])], ["dtype": .string("int32")], vector([1, -1, 2]),
            note: "truncates toward zero"),
        EvaluationCase("cast", [vector([0, -0.5, 2])], ["dtype": .string("bool")], vector([0, 1, 1])),
        EvaluationCase(
            "cast", [vector([2.9])], ["dtype": .string("INT64")], vector([2]), note: "dtype ignores case"),
    ]

    @Test(arguments: arithmeticCases)
    func arithmetic(_ row: EvaluationCase) throws { try row.check() }

    @Test(arguments: activationCases)
    func activation(_ row: EvaluationCase) throws { try row.check() }

    @Test(arguments: roundingCases)
    func roundingClipAndCast(_ row: EvaluationCase) throws { try row.check() }
}
