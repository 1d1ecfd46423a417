import CoreOps
import Testing

@Suite struct ElementwiseEvaluationTests {
    static let matrix = tensor([2, 3], [1, 2, 3, 4, 5, 6])

    static let binaryCases: [EvaluationCase] = [
        EvaluationCase(
            "add", [matrix, vector([10, 20, 30])], tensor([2, 3], [11, 22, 33, 14, 25, 36]),
            note: "row vector broadcasts over rows"),
        EvaluationCase(
            "sub", [tensor([2, 1], [1, 2]), tensor([1, 3], [10, 20, 30])],
            tensor([2, 3], [-9, -19, -29, -8, -18, -28]), note: "column minus row gives a matrix"),
        EvaluationCase("mul", [vector([1, 2]), .scalar(2)], vector([2, 4]), note: "scalar broadcasts"),
        EvaluationCase("div", [vector([6, 9]), vector([3])], vector([2, 3])),
        EvaluationCase(
            "div", [vector([1, -1, 0]), vector([0, 0, 0])], vector([.infinity, -.infinity, .nan]),
            note: "IEEE division by zero"),
        EvaluationCase("pow", [vector([2, 4]), vector([3, 0.5])], vector([8, 2])),
        EvaluationCase("maximum", [vector([1, 5, .nan]), vector([3, 2, 0])], vector([3, 5, .nan])),
        EvaluationCase("minimum", [vector([1, 5, .nan]), vector([3, 2, 0])], vector([1, 2, .nan])),
        EvaluationCase(
            "maximum", [tensor([2, 1], [0, 10]), tensor([1, 2], [5, 15])], tensor([2, 2], [5, 15, 10, 15])),
    ]

    static let comparisonCases: [EvaluationCase] = [
        EvaluationCase("less", [vector([1, 2, 3]), vector([2])], vector([1, 0, 0])),
        EvaluationCase("less_equal", [vector([1, 2, 3]), vector([2])], vector([1, 1, 0])),
        EvaluationCase("greater", [vector([1, 2, 3]), vector([2])], vector([0, 0, 1])),
        EvaluationCase("greater_equal", [vector([1, 2, 3]), vector([2])], vector([0, 1, 1])),
        EvaluationCase("equal", [vector([1, 2, 3]), .scalar(2)], vector([0, 1, 0])),
        EvaluationCase("not_equal", [vector([1, 2, 3]), .scalar(2)], vector([1, 0, 1])),
        EvaluationCase("less", [tensor([2, 1], [1, 3]), vector([2, 4])], tensor([2, 2], [1, 1, 0, 1])),
    ]

    static let selectCases: [EvaluationCase] = [
        EvaluationCase(
            "select", [tensor([2, 1], [1, 0]), vector([1, 2, 3]), .scalar(-1)],
            tensor([2, 3], [1, 2, 3, -1, -1, -1]), note: "all three operands broadcast"),
        EvaluationCase(
            "select", [vector([0.5, 0, -2]), vector([1, 2, 3]), vector([7, 8, 9])], vector([1, 8, 3]),
            note: "any non-zero condition is true"),
    ]

    @Test(arguments: binaryCases)
    func binary(_ row: EvaluationCase) throws { try row.check() }

    @Test(arguments: comparisonCases)
    func comparison(_ row: EvaluationCase) throws { try row.check() }

    @Test(arguments: selectCases)
    func select(_ row: EvaluationCase) throws { try row.check() }

    @Test func incompatibleShapesAreAnErrorNamingTheOpAndShapes() throws {
        let add = try #require(CoreOpCatalog.op(named: "add"))
        let error = #expect(throws: CoreOpError.self) {
            try add.evaluate([Self.matrix, vector([1, 2])], [:])
        }
        #expect(error?.op == "add")
        #expect(error?.description.contains("[2, 3]") == true)
        #expect(error?.description.contains("[2]") == true)
    }
}
