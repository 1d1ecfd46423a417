/// Why one Lambda could not be replaced by built-in Keras layers: the op and the reason, for
/// the per-layer report.
public struct KerasRewriteFailure: Error, Sendable, CustomStringConvertible {
    /// The core op that has no built-in form in the target flavour, when one is to blame.
    public var op: String?
    public var message: String

    public init(op: String? = nil, _ message: String) {
        self.op = op
        self.message = message
    }

    public var description: String { op.map { "\($0): \(message)" } ?? message }
}
