import CoreOps
import Testing

@Suite struct MatmulAndSourceEvaluationTests {
    static let a = tensor([2, 3], [1, 2, 3, 4, 5, 6])
    static let b = tensor([3, 2], [7, 8, 9, 10, 11, 12])
    static let product = tensor([2, 2], [58, 64, 139, 154])

    static let matmuls: [EvaluationCase] = [
        EvaluationCase("matmul", [a, b], product),
        EvaluationCase(
            "matmul", [a, tensor([2, 3], [7, 9, 11, 8, 10, 12])], ["transpose_b": .bool(true)], product),
        EvaluationCase(
            "matmul", [tensor([3, 2], [1, 4, 2, 5, 3, 6]), b], ["transpose_a": .bool(true)], product),
        EvaluationCase(
            "matmul", [tensor([2, 1, 2], [1, 2, 3, 4]), tensor([2, 1], [1, 1])], tensor([2, 1, 1], [3, 7]),
            note: "a matrix broadcasts over the batch"),
        EvaluationCase(
            "matmul", [tensor([2, 1, 1, 1], [1, 2]), tensor([3, 1, 1], [1, 10, 100])],
            tensor([2, 3, 1, 1], [1, 10, 100, 2, 20, 200]), note: "batch dimensions broadcast both ways"),
    ]

    static let sources: [EvaluationCase] = [
        EvaluationCase(
            "const", [], ["value": .floats([1, 2, 3, 4]), "shape": .ints([2, 2])], tensor([2, 2], [1, 2, 3, 4])),
        EvaluationCase("const", [], ["value": .float(2.5)], .scalar(2.5), note: "one float is a scalar"),
        EvaluationCase("const", [], ["value": .floats([1, 2])], vector([1, 2]), note: "a list is a vector"),
        EvaluationCase("const", [], ["value": .int(3), "shape": .ints([2])], vector([3, 3]), note: "one value fills"),
        EvaluationCase("shape", [a], vector([2, 3])),
        EvaluationCase("shape", [.scalar(1)], tensor([0], []), note: "a scalar's shape is empty"),
    ]

    @Test(arguments: matmuls)
    func matmul(_ row: EvaluationCase) throws { try row.check() }

    @Test(arguments: sources)
    func source(_ row: EvaluationCase) throws { try row.check() }

    @Test func constWhoseValuesDoNotFillItsShapeIsAnError() throws {
        let const = try #require(CoreOpCatalog.op(named: "const"))
        let error = #expect(throws: CoreOpError.self) {
            try const.evaluate([], ["value": .floats([1, 2, 3]), "shape": .ints([2, 2])])
        }
        #expect(error?.description == "const: 3 values do not fill shape [2, 2]")
    }

    @Test func randomNormalIsDeterministicFromItsSeed() throws {
        let random = try #require(CoreOpCatalog.op(named: "random_normal"))
        let like = tensor([2, 3], Array(repeating: 0, count: 6))
        let first = try random.evaluate([like], ["seed": .int(7)])
        #expect(first.shape == [2, 3])
        #expect(try random.evaluate([like], ["seed": .int(7)]) == first)
        #expect(try random.evaluate([like], ["seed": .int(8)]) != first)
    }

    @Test func randomNormalHasTheRequestedMeanAndDeviation() throws {
        let random = try #require(CoreOpCatalog.op(named: "random_normal"))
        let like = tensor([20000], Array(repeating: 0, count: 20000))
        let samples = try random.evaluate([like], ["mean": .float(3), "stddev": .float(2)]).values
        let mean = samples.reduce(0, +) / Double(samples.count)
        let variance = samples.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(samples.count)
        #expect(abs(mean - 3) < 0.05)
        #expect(abs(variance.squareRoot() - 2) < 0.05)
    }
}
