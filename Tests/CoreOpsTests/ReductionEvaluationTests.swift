import CoreOps
import Testing

@Suite struct ReductionEvaluationTests {
    /// [[1, 2, 3], [4, 5, 6]]
    static let matrix = tensor([2, 3], [1, 2, 3, 4, 5, 6])
    /// 0...7 in shape [2, 2, 2].
    static let cube = tensor([2, 2, 2], [0, 1, 2, 3, 4, 5, 6, 7])

    static let reductions: [EvaluationCase] = [
        EvaluationCase("reduce_sum", [matrix], .scalar(21), note: "axes None reduces everything"),
        EvaluationCase("reduce_sum", [matrix], ["axes": .ints([0])], vector([5, 7, 9])),
        EvaluationCase(
            "reduce_sum", [matrix], ["axes": .ints([-1]), "keepdims": .bool(true)], tensor([2, 1], [6, 15]),
            note: "negative axis, kept"),
        EvaluationCase("reduce_sum", [matrix], ["axes": .int(1)], vector([6, 15]), note: "one int is one axis"),
        EvaluationCase("reduce_sum", [matrix], ["axes": .ints([])], matrix, note: "no axes reduce nothing"),
        EvaluationCase("reduce_sum", [cube], ["axes": .ints([0, 2])], vector([10, 18])),
        EvaluationCase(
            "reduce_sum", [cube], ["axes": .ints([2, 0]), "keepdims": .bool(true)], tensor([1, 2, 1], [10, 18])),
        EvaluationCase("reduce_mean", [matrix], ["axes": .ints([1])], vector([2, 5])),
        EvaluationCase("reduce_mean", [matrix], .scalar(3.5)),
        EvaluationCase("reduce_max", [matrix], ["axes": .ints([0])], vector([4, 5, 6])),
        EvaluationCase("reduce_min", [matrix], ["axes": .ints([-1])], vector([1, 4])),
        EvaluationCase("reduce_prod", [matrix], .scalar(720)),
        EvaluationCase("reduce_prod", [matrix], ["axes": .ints([1])], vector([6, 120])),
        EvaluationCase(
            "reduce_variance", [matrix], ["axes": .ints([1])], vector([2.0 / 3.0, 2.0 / 3.0]), tolerance: 1e-15,
            note: "population variance"),
        EvaluationCase("reduce_variance", [matrix], .scalar(17.5 / 6), tolerance: 1e-15),
    ]

    static let normalizations: [EvaluationCase] = [
        EvaluationCase(
            "softmax", [tensor([2, 3], [1, 2, 3, 1, 1, 1])],
            tensor([2, 3], [0.09003057317038046, 0.24472847105479767, 0.6652409557748219, 1 / 3, 1 / 3, 1 / 3]),
            tolerance: 1e-15, note: "last axis by default"),
        EvaluationCase(
            "softmax", [tensor([2, 2], [1, 2, 3, 2])], ["axis": .int(0)],
            tensor([2, 2], [0.11920292202211755, 0.5, 0.8807970779778823, 0.5]), tolerance: 1e-15),
        EvaluationCase(
            "softmax", [vector([1000, 1000])], vector([0.5, 0.5]), note: "shifted by the maximum: no overflow"),
        EvaluationCase(
            "l2_normalize", [tensor([2, 2], [3, 4, 0, 0])], ["axis": .int(-1)], tensor([2, 2], [0.6, 0.8, 0, 0]),
            tolerance: 1e-15, note: "epsilon keeps zero rows at zero"),
        EvaluationCase(
            "l2_normalize", [tensor([2, 2], [1, 2, 2, 4])], ["axis": .int(0)],
            tensor([2, 2], [0.4472135954999579, 0.4472135954999579, 0.8944271909999159, 0.8944271909999159]),
            tolerance: 1e-15),
        EvaluationCase(
            "l2_normalize", [tensor([2, 2], [0, 3, 0, 4])], ["axis": .ints([0, 1])],
            tensor([2, 2], [0, 0.6, 0, 0.8]), tolerance: 1e-15, note: "several axes"),
        EvaluationCase(
            "l2_normalize", [vector([1e-7])], ["axis": .int(0)], vector([0.1]), tolerance: 1e-12,
            note: "sum of squares below epsilon: divided by sqrt(epsilon)"),
    ]

    @Test(arguments: reductions)
    func reduction(_ row: EvaluationCase) throws { try row.check() }

    @Test(arguments: normalizations)
    func normalization(_ row: EvaluationCase) throws { try row.check() }
}
