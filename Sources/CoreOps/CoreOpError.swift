/// Why a core op rejected its operands or attributes: a bad shape, an attribute of the wrong kind,
/// an out-of-range axis.
///
/// The message names the op and, for shape errors, the shapes involved, so a lint finding or a
/// failed rule test can be read without the surrounding context.
public struct CoreOpError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The op the error is about (`"reshape"`); `"tensor"` for a malformed tensor, and empty for
    /// a shape error from a `Tensor` helper called outside any op.
    public var op: String
    /// What went wrong, without the op's name.
    public var message: String

    /// Creates an error about `op`.
    public init(op: String, message: String) {
        self.op = op
        self.message = message
    }

    /// An error whose op is filled in by the op that catches it: shared helpers (broadcasting,
    /// axis normalization) do not know which op called them.
    init(_ message: String) {
        self.init(op: "", message: message)
    }

    /// `op: message`.
    public var description: String {
        op.isEmpty ? message : "\(op): \(message)"
    }

    /// The same error, attributed to `op` unless it already names one.
    func attributed(to op: String) -> CoreOpError {
        self.op.isEmpty ? CoreOpError(op: op, message: message) : self
    }
}
