/// One decoded bytecode instruction, with `EXTENDED_ARG` prefixes folded into its argument.
public struct Instruction: Hashable, Sendable {
    /// Byte offset of the instruction (of its first `EXTENDED_ARG` prefix, if any).
    public var offset: Int
    /// Byte offset of the opcode itself (after any `EXTENDED_ARG` prefixes).
    public var opcodeOffset: Int
    public var opcode: UInt8
    public var name: String
    public var argument: Int
    /// Byte offset of the next instruction, after inline `CACHE` entries.
    public var next: Int
    /// Where control goes when a jump instruction jumps; nil for other instructions.
    public var jumpTarget: Int?
}
