import CoreOps
import Testing

/// `gather`, `argmax`/`argmin`, `top_k`, `one_hot`, `cumsum`/`cumprod`, worked out by hand.
@Suite struct SelectionEvaluationTests {
    /// [[0, 1, 2, 3], [4, 5, 6, 7], [8, 9, 10, 11]]
    static let grid = tensor([3, 4], (0..<12).map(Double.init))
    /// Ties and a maximum that is not first: [[3, 1, 3, 2], [0, 5, -1, 5]].
    static let ties = tensor([2, 4], [3, 1, 3, 2, 0, 5, -1, 5])

    static let rows: [EvaluationCase] = [
        EvaluationCase(
            "gather", [grid], ["indices": .ints([3, 0, 0]), "axis": .int(1)],
            tensor([3, 3], [3, 0, 0, 7, 4, 4, 11, 8, 8]), note: "repeated positions along the last axis"),
        EvaluationCase(
            "gather", [grid], ["indices": .ints([-1, 0]), "axis": .int(-1)], tensor([3, 2], [3, 0, 7, 4, 11, 8]),
            note: "negative positions count from the end"),
        EvaluationCase(
            "gather", [grid], ["indices": .ints([2])], tensor([1, 4], [8, 9, 10, 11]), note: "axis 0 by default"),
        EvaluationCase("argmax", [ties], [:], vector([0, 1]), note: "the first of equal maxima, last axis"),
        EvaluationCase("argmin", [ties], ["axis": .int(1)], vector([1, 2])),
        EvaluationCase("argmax", [grid], ["axis": .int(0)], vector([2, 2, 2, 2]), note: "axis removed"),
        EvaluationCase("top_k", [ties], ["k": .int(3)], tensor([2, 3], [3, 3, 2, 5, 5, 0]), note: "sorted values"),
        EvaluationCase(
            "top_k", [ties], ["k": .int(3), "output": .string("indices")], tensor([2, 3], [0, 2, 3, 1, 3, 0]),
            note: "ties give the lower position first"),
        EvaluationCase(
            "one_hot", [vector([2, -1, 3, 0])], ["depth": .int(3)],
            tensor([4, 3], [0, 0, 1, 0, 0, 0, 0, 0, 0, 1, 0, 0]), note: "outside 0..<depth is all off"),
        EvaluationCase(
            "one_hot", [vector([1])], ["depth": .int(2), "on_value": .float(5), "off_value": .float(-1)],
            tensor([1, 2], [-1, 5])),
        EvaluationCase(
            "cumsum", [grid], ["axis": .int(1)], tensor([3, 4], [0, 1, 3, 6, 4, 9, 15, 22, 8, 17, 27, 38])),
        EvaluationCase(
            "cumsum", [vector([1, 2, 3, 4])], ["axis": .int(0), "exclusive": .bool(true), "reverse": .bool(true)],
            vector([9, 7, 4, 0]), note: "exclusive and reverse"),
        EvaluationCase(
            "cumsum", [grid], ["axis": .int(0)], tensor([3, 4], [0, 1, 2, 3, 4, 6, 8, 10, 12, 15, 18, 21])),
        EvaluationCase("cumprod", [vector([1, 2, 3, 4])], ["axis": .int(-1)], vector([1, 2, 6, 24])),
        EvaluationCase(
            "cumprod", [vector([1, 2, 3, 4])], ["axis": .int(0), "exclusive": .bool(true)], vector([1, 1, 2, 6])),
        EvaluationCase(
            "cumprod", [vector([1, 2, 3, 4])], ["axis": .int(0), "reverse": .bool(true)], vector([24, 24, 12, 4])),
    ]

    @Test(arguments: rows)
    func evaluates(_ row: EvaluationCase) throws { try row.check() }

    @Test(
        arguments: [
            ("gather", ["indices": .ints([4]), "axis": .int(1)], "out of range"),
            ("gather", ["indices": .ints([-5]), "axis": .int(1)], "out of range"),
            ("top_k", ["k": .int(5)], "out of range"),
            ("cumsum", ["axis": .int(2)], "out of range"),
            ("one_hot", ["depth": .int(-1)], "negative"),
        ] as [(String, [String: AttributeValue], String)])
    func badAttributesAreErrors(_ name: String, _ attributes: [String: AttributeValue], _ message: String) throws {
        let op = try #require(CoreOpCatalog.op(named: name))
        let error = #expect(throws: CoreOpError.self) { try op.evaluate([Self.grid], attributes) }
        #expect(error?.op == name)
        #expect(error?.message.contains(message) == true, "\(String(describing: error))")
    }

    /// Selecting along an axis of unknown size (the batch) is refused by the shape rule; scans
    /// and one-hot keep the unknown dimension.
    @Test func shapesKeepOrRefuseTheBatch() throws {
        let gather = try #require(CoreOpCatalog.op(named: "gather"))
        let error = #expect(throws: CoreOpError.self) {
            try gather.shape([[nil, 6]], ["indices": .ints([0, 2])])
        }
        #expect(error?.message.contains("batch") == true, "\(String(describing: error))")
        #expect(try gather.shape([[nil, 6]], ["indices": .ints([0, 2]), "axis": .int(1)]) == [nil, 2])
        let oneHot = try #require(CoreOpCatalog.op(named: "one_hot"))
        #expect(try oneHot.shape([[nil]], ["depth": .int(5)]) == [nil, 5])
        let argmax = try #require(CoreOpCatalog.op(named: "argmax"))
        #expect(try argmax.shape([[nil, 3, 4]], ["axis": .int(1)]) == [nil, 4])
        let topK = try #require(CoreOpCatalog.op(named: "top_k"))
        #expect(try topK.shape([[nil, 6]], ["k": .int(2), "output": .string("indices")]) == [nil, 2])
    }
}
