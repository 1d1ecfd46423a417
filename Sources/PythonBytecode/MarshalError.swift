/// Marshal data that cannot be read, and where.
public struct MarshalError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The byte offset into the marshal data where the problem starts.
    public var offset: Int
    public var message: String

    public init(offset: Int, _ message: String) {
        self.offset = offset
        self.message = message
    }

    public var description: String { "byte \(offset): \(message)" }
}
