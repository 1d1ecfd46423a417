/// A CPython code object, as marshaled: the fields Delambda needs, across all layouts.
public struct CodeObject: Hashable, Sendable {
    /// The field layout it was read with.
    public enum Layout: String, Hashable, Sendable, CaseIterable {
        /// 2.x: no kwonlyargcount.
        case python2 = "2.x"
        /// 3.0–3.7: + kwonlyargcount.
        case python30 = "3.0-3.7"
        /// 3.8–3.10: + posonlyargcount.
        case python38 = "3.8-3.10"
        /// 3.11+: qualname, localsplusnames/kinds, exceptiontable; no nlocals.
        case python311 = "3.11+"
    }

    public var layout: Layout
    public var argCount: Int
    public var positionalOnlyArgCount: Int
    public var keywordOnlyArgCount: Int
    public var stackSize: Int
    public var flags: UInt32
    public var code: [UInt8]
    public var constants: [PythonObject]
    public var names: [String]
    /// Fast locals: `co_varnames` (arguments first).
    public var variableNames: [String]
    public var cellVariables: [String]
    public var freeVariables: [String]
    /// 3.11+: every local, cell and free variable in one table, as `LOAD_FAST`/`LOAD_DEREF` index it.
    public var localsPlusNames: [String]
    /// 3.11+: the kind bits of each `localsPlusNames` entry.
    public var localsPlusKinds: [UInt8]
    public var fileName: String
    public var name: String
    public var qualifiedName: String?
    public var firstLine: Int
    /// `co_lnotab` or `co_linetable`, undecoded.
    public var lineTable: [UInt8]
    public var exceptionTable: [UInt8]

    /// `CO_VARARGS`: the function takes `*args`.
    public var hasVarArgs: Bool { flags & 0x04 != 0 }
    /// `CO_VARKEYWORDS`: the function takes `**kwargs`.
    public var hasVarKeywords: Bool { flags & 0x08 != 0 }

    /// The parameter names in order: positional (incl. positional-only), keyword-only, `*args`, `**kwargs`.
    public var parameterNames: [String] {
        let count =
            argCount + keywordOnlyArgCount + (hasVarArgs ? 1 : 0) + (hasVarKeywords ? 1 : 0)
        return Array(variableNames.prefix(count))
    }
}

extension CodeObject {
    /// 3.11+ localsplus kind bits.
    static let fastLocalKind: UInt8 = 0x20
    static let fastCellKind: UInt8 = 0x40
    static let fastFreeKind: UInt8 = 0x80
}
