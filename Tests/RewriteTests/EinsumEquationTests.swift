import Testing

@testable import Rewrite

@Suite struct EinsumEquationTests {
    struct Row: Sendable, CustomTestStringConvertible {
        let equation: String
        let ranks: [Int?]
        /// The labels of each operand, then of the result; nil when the equation is refused.
        let labels: [[String]]?
        var testDescription: String { equation }
    }

    static let rows: [Row] = [
        Row(
            equation: "bqd,bkd->bqk", ranks: [nil, nil], labels: [["b", "q", "d"], ["b", "k", "d"], ["b", "q", "k"]]),
        Row(equation: " bi , bi -> b ", ranks: [2, 2], labels: [["b", "i"], ["b", "i"], ["b"]]),
        // Without `->`: the labels written once, in alphabetical order.
        Row(equation: "ij,jk", ranks: [2, 2], labels: [["i", "j"], ["j", "k"], ["i", "k"]]),
        Row(equation: "ba", ranks: [2], labels: [["b", "a"], ["a", "b"]]),
        // `...` numbered from the right, so that operands of different ranks broadcast.
        Row(
            equation: "...i,...i->...", ranks: [3, 2],
            labels: [["...1", "...0", "i"], ["...0", "i"], ["...1", "...0"]]),
        Row(equation: "...ij->...ji", ranks: [2], labels: [["i", "j"], ["j", "i"]]),
        Row(equation: "...i,...i->...", ranks: [nil, 2], labels: nil),
        Row(equation: "bi,bi->b", ranks: [3, 2], labels: nil),
        Row(equation: "b1,b1->b", ranks: [2, 2], labels: nil),
        Row(equation: "bi->b->b", ranks: [2], labels: nil),
        Row(equation: "bi,bi->...", ranks: [2, 2], labels: nil),
    ]

    @Test(arguments: rows) func labels(_ row: Row) {
        let parsed = EinsumEquation(row.equation)
        let operands = parsed.map { equation in
            zip(equation.inputs, row.ranks).map { equation.labels($0, rank: $1) }
        }
        let ellipsisRank =
            parsed.map { equation in
                zip(equation.inputs, row.ranks).map { written, rank in
                    written.contains(EinsumEquation.ellipsis) ? (rank ?? 0) - written.count + 1 : 0
                }.max() ?? 0
            } ?? 0
        let output = parsed?.outputLabels(ellipsisRank: ellipsisRank)
        var result: [[String]]? = nil
        if let operands, operands.allSatisfy({ $0 != nil }), let output {
            result = operands.compactMap { $0 } + [output]
        }
        #expect(result == row.labels)
    }
}
