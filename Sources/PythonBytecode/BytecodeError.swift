/// Bytecode that cannot be turned into an expression, and where.
public struct BytecodeError: Error, Hashable, Sendable, CustomStringConvertible {
    public enum Kind: Hashable, Sendable {
        /// Not valid bytecode for the version tried (unknown opcode, bad jump, stack underflow...).
        case invalid
        /// Valid bytecode of a construct Delambda does not turn into an expression (a loop, a
        /// comprehension, a nested function...); `construct` names it for the user.
        case unsupported(construct: String)
    }

    public var kind: Kind
    /// Byte offset of the offending instruction in `co_code`.
    public var offset: Int
    public var message: String

    public init(_ kind: Kind, offset: Int, _ message: String) {
        self.kind = kind
        self.offset = offset
        self.message = message
    }

    static func invalid(_ message: String, at offset: Int) -> BytecodeError {
        BytecodeError(.invalid, offset: offset, message)
    }

    static func unsupported(_ construct: String, at offset: Int) -> BytecodeError {
        BytecodeError(.unsupported(construct: construct), offset: offset, "unsupported construct \(construct)")
    }

    public var description: String { "\(message) at offset \(offset)" }
}
