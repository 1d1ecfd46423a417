import CoreOps
import Testing

/// A tensor from a table row; a malformed row is recorded as a test issue rather than trapping.
func tensor(_ shape: [Int], _ values: [Double], sourceLocation: SourceLocation = #_sourceLocation) -> Tensor {
    do {
        return try Tensor(shape: shape, values: values)
    } catch {
        Issue.record(error, sourceLocation: sourceLocation)
        return Tensor(scalar: .nan)
    }
}

/// A vector of `values`.
func vector(_ values: [Double]) -> Tensor {
    Tensor(vector: values)
}

/// One row of an evaluation table: an op applied to operands and attributes, and the values
/// worked out by hand.
struct EvaluationCase: CustomTestStringConvertible, Sendable {
    var op: String
    var operands: [Tensor]
    var attributes: [String: AttributeValue]
    var expected: Tensor
    var tolerance: Double
    var note: String
    var sourceLocation: SourceLocation

    init(
        _ op: String, _ operands: [Tensor], _ attributes: [String: AttributeValue], _ expected: Tensor,
        tolerance: Double = 1e-12, note: String = "", sourceLocation: SourceLocation = #_sourceLocation
    ) {
        self.op = op
        self.operands = operands
        self.attributes = attributes
        self.expected = expected
        self.tolerance = tolerance
        self.note = note
        self.sourceLocation = sourceLocation
    }

    init(
        _ op: String, _ operands: [Tensor], _ expected: Tensor, tolerance: Double = 1e-12, note: String = "",
        sourceLocation: SourceLocation = #_sourceLocation
    ) {
        self.init(op, operands, [:], expected, tolerance: tolerance, note: note, sourceLocation: sourceLocation)
    }

    var testDescription: String {
        let attributeText = attributes.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
        let call = "\(op)(" + (operands.map { "\($0.shape)" } + attributeText).joined(separator: ", ") + ")"
        return note.isEmpty ? call : "\(call): \(note)"
    }

    /// Evaluates the op and checks the values, and that the shape rule agrees with the result's shape.
    func check() throws {
        let op = try #require(CoreOpCatalog.op(named: self.op), sourceLocation: sourceLocation)
        let result = try op.evaluate(operands, attributes)
        #expect(
            result.isApproximatelyEqual(to: expected, tolerance: tolerance),
            "got \(result), expected \(expected)", sourceLocation: sourceLocation)
        let inferred = try op.shape(operands.map { $0.shape.map(Optional.some) }, attributes)
        #expect(inferred == expected.shape.map(Optional.some), "shape rule", sourceLocation: sourceLocation)
    }
}
