/// Why an ML Program could not be evaluated: the operation (its output name and type) when the
/// problem is in one, and what is wrong.
public struct MILEvaluationError: Error, Equatable, Sendable, CustomStringConvertible {
    public var operation: String?
    public var message: String

    public init(operation: String? = nil, _ message: String) {
        self.operation = operation
        self.message = message
    }

    public var description: String {
        operation.map { "operation '\($0)': \(message)" } ?? message
    }
}
