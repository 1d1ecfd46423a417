import PythonAST

/// A Lambda's function, recovered from its marshaled code object.
public struct RecoveredFunction: Hashable, Sendable {
    public init(function: FunctionDefinition, code: CodeObject, versions: [PythonVersion], repairedOffsets: [Int]) {
        self.function = function
        self.code = code
        self.versions = versions
        self.repairedOffsets = repairedOffsets
    }

    public var function: FunctionDefinition
    public var code: CodeObject
    /// Every Python version whose bytecode this can be and that decompiles to `function`, oldest
    /// first. Versions whose instruction sets agree on the code cannot be told apart, and need not be.
    public var versions: [PythonVersion]
    /// Offsets into `co_code` of bytes that were 0x2F (`/`) in the payload and were restored to
    /// 0x5C (`\`): damage done by a Windows save.
    public var repairedOffsets: [Int]
    /// Whether every instruction lay on a path under these versions.
    var reachesAll = true

    /// `3.8`, or `3.8-3.10` for a range of versions that all read the payload alike.
    public var versionLabel: String {
        guard let first = versions.first, let last = versions.last else { return "" }
        return first == last ? "\(first)" : "\(first)-\(last)"
    }
}

/// Why a payload gave no function.
public struct RecoveryError: Error, Hashable, Sendable, CustomStringConvertible {
    public enum Kind: Hashable, Sendable {
        /// The bytes are not a marshaled code object.
        case marshal(MarshalError)
        /// A code object whose bytecode is invalid, or holds an unsupported construct, under every
        /// version it could be (the error of the version that got furthest).
        case bytecode(BytecodeError, PythonVersion)
        /// The payload reads as different functions under different versions.
        case ambiguous([RecoveredFunction])
        /// `--python` named a version the payload cannot be.
        case versionMismatch(requested: PythonVersion, layout: CodeObject.Layout)
    }

    public var kind: Kind

    public var description: String {
        switch kind {
        case .marshal(let error):
            return "bad marshal data: \(error)"
        case .bytecode(let error, let version):
            return "\(error) (Python \(version) bytecode)"
        case .ambiguous(let readings):
            let listed = readings.map { "Python \($0.versionLabel): \($0.function.source)" }
            return "ambiguous bytecode, reads differently as "
                + listed.joined(separator: "; ") + " (choose one with --python X.Y)"
        case .versionMismatch(let requested, let layout):
            return "Python \(requested) cannot have written this code object (its layout is \(layout.rawValue))"
        }
    }
}
