import CoreOps

extension MILOperations {
    /// Operations with several outputs, each evaluation giving them in order.
    static let multipleOutputs: [String: @Sendable (MILOpContext) throws(MILEvaluationError) -> [Tensor]] = [
        "topk": topK
    ]

    /// The k largest (or, `ascending`, smallest) values along `axis` in order, and their
    /// positions; of equal values the earlier position comes first.
    static let topK: @Sendable (MILOpContext) throws(MILEvaluationError) -> [Tensor] = {
        context throws(MILEvaluationError) in
        let x = try context.tensor("x")
        let k = try context.int("k", default: 1)
        let axis = try context.axis(try context.int("axis", default: -1), rank: x.rank)
        let ascending = try context.bool("ascending", default: false)
        guard k >= 0, k <= x.shape[axis] else { throw context.failure("k \(k) for an axis of \(x.shape[axis])") }
        func order(_ line: [Double]) -> [Int] {
            line.indices.sorted { a, b in
                if line[a] == line[b] { return a < b }
                return ascending ? line[a] < line[b] : line[a] > line[b]
            }
        }
        do {
            let values = try x.mappingLines(along: axis, length: k) { line in order(line).prefix(k).map { line[$0] } }
            let indices = try x.mappingLines(along: axis, length: k) { line in order(line).prefix(k).map(Double.init) }
            return [values, indices]
        } catch { throw context.failure("\(error)") }
    }
}
