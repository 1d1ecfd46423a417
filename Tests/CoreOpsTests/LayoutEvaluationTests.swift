import CoreOps
import Testing

@Suite struct LayoutEvaluationTests {
    /// [[1, 2, 3], [4, 5, 6]]
    static let matrix = tensor([2, 3], [1, 2, 3, 4, 5, 6])

    static let cases: [EvaluationCase] = [
        EvaluationCase("reshape", [matrix], ["shape": .ints([3, -1])], tensor([3, 2], [1, 2, 3, 4, 5, 6])),
        EvaluationCase("reshape", [matrix], ["shape": .ints([-1])], vector([1, 2, 3, 4, 5, 6])),
        EvaluationCase("transpose", [matrix], ["perm": .ints([1, 0])], tensor([3, 2], [1, 4, 2, 5, 3, 6])),
        EvaluationCase(
            "transpose", [matrix], tensor([3, 2], [1, 4, 2, 5, 3, 6]), note: "no perm reverses the dimensions"),
        EvaluationCase(
            "transpose", [tensor([2, 1, 3], [0, 1, 2, 3, 4, 5])], ["perm": .ints([2, 0, 1])],
            tensor([3, 2, 1], [0, 3, 1, 4, 2, 5])),
        EvaluationCase("expand_dims", [vector([1, 2])], ["axis": .int(-1)], tensor([2, 1], [1, 2])),
        EvaluationCase("expand_dims", [vector([1, 2])], ["axis": .int(0)], tensor([1, 2], [1, 2])),
        EvaluationCase("squeeze", [tensor([1, 2, 1], [1, 2])], vector([1, 2])),
        EvaluationCase("squeeze", [tensor([1, 2, 1], [1, 2])], ["axes": .ints([-1])], tensor([1, 2], [1, 2])),
        EvaluationCase("tile", [vector([1, 2])], ["multiples": .ints([2])], vector([1, 2, 1, 2])),
        EvaluationCase(
            "tile", [tensor([2, 1], [1, 2])], ["multiples": .ints([1, 3])], tensor([2, 3], [1, 1, 1, 2, 2, 2])),
        EvaluationCase(
            "tile", [tensor([1, 2], [1, 2])], ["multiples": .ints([2, 2])], tensor([2, 4], [1, 2, 1, 2, 1, 2, 1, 2])),
        EvaluationCase(
            "concat", [tensor([2, 1], [1, 2]), tensor([2, 2], [3, 4, 5, 6])], ["axis": .int(-1)],
            tensor([2, 3], [1, 3, 4, 2, 5, 6])),
        EvaluationCase(
            "concat", [tensor([1, 2], [1, 2]), tensor([1, 2], [3, 4])], ["axis": .int(0)],
            tensor([2, 2], [1, 2, 3, 4])),
        EvaluationCase(
            "concat", [vector([1]), vector([2, 3]), vector([4])], ["axis": .int(0)], vector([1, 2, 3, 4]),
            note: "variadic"),
        EvaluationCase("concat", [vector([1, 2])], ["axis": .int(0)], vector([1, 2]), note: "one operand"),
        EvaluationCase("reverse", [matrix], ["axes": .ints([-1])], tensor([2, 3], [3, 2, 1, 6, 5, 4])),
        EvaluationCase("reverse", [matrix], ["axes": .ints([0, 1])], tensor([2, 3], [6, 5, 4, 3, 2, 1])),
        EvaluationCase("reverse", [matrix], ["axes": .int(0)], tensor([2, 3], [4, 5, 6, 1, 2, 3])),
    ]

    @Test(arguments: cases)
    func layout(_ row: EvaluationCase) throws { try row.check() }
}
