/// Reads CPython's `marshal` format: the objects a code object's tree can hold, never executing
/// anything.
///
/// Two dialects exist: Python 2 (byte strings, `t`/`R` interned string references, no FLAG_REF)
/// and Python 3.4+ (text strings, `r` references to objects flagged with FLAG_REF). Every length
/// is checked against the bytes left, nesting is bounded, and a reference to an object still
/// being read (the only way to make a cycle) is refused, so hostile input ends in a
/// ``MarshalError`` with its offset, not a crash or a hang.
public struct MarshalReader {
    public enum Dialect: Sendable {
        case python2
        case python3
    }

    public static let maximumDepth = 200

    private let bytes: [UInt8]
    private let dialect: Dialect
    private let layout: CodeObject.Layout
    private var position = 0
    private var depth = 0
    /// FLAG_REF objects by index; `nil` while the object is still being read.
    private var references: [PythonObject?] = []
    /// Python 2 interned strings, for `R` references.
    private var interned: [String] = []

    private init(bytes: [UInt8], dialect: Dialect, layout: CodeObject.Layout) {
        self.bytes = bytes
        self.dialect = dialect
        self.layout = layout
    }

    /// Reads `bytes` as one marshaled object that must use all of them, reading code objects
    /// with `layout`.
    public static func read(
        _ bytes: [UInt8], dialect: Dialect, layout: CodeObject.Layout
    ) throws(MarshalError) -> PythonObject {
        var reader = MarshalReader(bytes: bytes, dialect: dialect, layout: layout)
        let object = try reader.readObject()
        guard reader.position == bytes.count else {
            throw MarshalError(offset: reader.position, "\(bytes.count - reader.position) bytes left after the object")
        }
        return object
    }

    /// Reads a marshaled code object, trying each field layout its dialect allows; the one that
    /// reads every byte with fields of the right types wins.
    ///
    /// - Returns: the code object and its layout.
    /// - Throws: the error of the layout that got furthest, when none fits.
    public static func readCode(_ bytes: [UInt8]) throws(MarshalError) -> CodeObject {
        guard let first = bytes.first else { throw MarshalError(offset: 0, "no data") }
        guard first & 0x7F == UInt8(ascii: "c") else {
            throw MarshalError(offset: 0, "expected a code object (type 'c'), found \(describe(first))")
        }
        let candidates: [(Dialect, CodeObject.Layout)] =
            first == UInt8(ascii: "c")
            ? [(.python2, .python2), (.python3, .python30), (.python3, .python38), (.python3, .python311)]
            : [(.python3, .python30), (.python3, .python38), (.python3, .python311)]
        var best: MarshalError?
        for (dialect, layout) in candidates {
            do {
                if case .code(let code) = try read(bytes, dialect: dialect, layout: layout) { return code }
            } catch {
                if best == nil || error.offset > best!.offset { best = error }
            }
        }
        throw best ?? MarshalError(offset: 0, "not a code object")
    }

    // MARK: - Objects

    private mutating func readObject() throws(MarshalError) -> PythonObject {
        let start = position
        let byte = try readByte()
        let flagged = byte & 0x80 != 0 && dialect == .python3
        let type = dialect == .python3 ? byte & 0x7F : byte
        depth += 1
        defer { depth -= 1 }
        guard depth <= Self.maximumDepth else {
            throw MarshalError(offset: start, "objects nested deeper than \(Self.maximumDepth) levels")
        }
        var slot: Int?
        if flagged {
            slot = references.count
            references.append(nil)
        }
        let object = try readBody(type: type, start: start)
        if let slot { references[slot] = object }
        return object
    }

    private mutating func readBody(type: UInt8, start: Int) throws(MarshalError) -> PythonObject {
        switch Character(Unicode.Scalar(type)) {
        case "N": return .none
        case "F": return .bool(false)
        case "T": return .bool(true)
        case ".": return .ellipsis
        case "S": return .stopIteration
        case "i": return .int(Int(try readInt32()))
        case "I": return .int(Int(try readInt64()))
        case "l": return try readLong()
        case "g": return .float(try readBinaryFloat())
        case "f": return .float(try readTextFloat())
        case "y": return .complex(real: try readBinaryFloat(), imaginary: try readBinaryFloat())
        case "x": return .complex(real: try readTextFloat(), imaginary: try readTextFloat())
        case "s": return try readStringLike(count: try readLength(), start: start, kind: .bytes)
        case "t":
            let kind: StringKind = dialect == .python2 ? .internedBytes : .utf8
            return try readStringLike(count: try readLength(), start: start, kind: kind)
        case "u": return try readStringLike(count: try readLength(), start: start, kind: .utf8)
        case "a", "A": return try readStringLike(count: try readLength(), start: start, kind: .ascii)
        case "z", "Z": return try readStringLike(count: Int(try readByte()), start: start, kind: .ascii)
        case "R" where dialect == .python2:
            let index = Int(try readInt32())
            guard interned.indices.contains(index) else {
                throw MarshalError(offset: start, "string reference \(index) out of range (\(interned.count) interned)")
            }
            return .bytes(Array(interned[index].utf8))
        case "(": return .tuple(try readItems(count: try readLength()))
        case ")": return .tuple(try readItems(count: Int(try readByte())))
        case "[": return .list(try readItems(count: try readLength()))
        case "<": return .set(try readItems(count: try readLength()))
        case ">": return .frozenset(try readItems(count: try readLength()))
        case "{": return try readDict()
        case "c": return .code(try readCode(start: start))
        case "r" where dialect == .python3:
            let index = Int(try readInt32())
            guard references.indices.contains(index) else {
                throw MarshalError(offset: start, "reference \(index) out of range (\(references.count) objects)")
            }
            guard let object = references[index] else {
                throw MarshalError(offset: start, "reference \(index) points to an object still being read (a cycle)")
            }
            return object
        case "0": throw MarshalError(offset: start, "NULL where an object was expected")
        default: throw MarshalError(offset: start, "unknown type code \(Self.describe(type))")
        }
    }

    private mutating func readItems(count: Int) throws(MarshalError) -> [PythonObject] {
        guard count <= bytes.count - position else {
            throw MarshalError(
                offset: position, "\(count) items cannot fit in the \(bytes.count - position) bytes left")
        }
        var items: [PythonObject] = []
        items.reserveCapacity(count)
        for _ in 0..<count { items.append(try readObject()) }
        return items
    }

    private mutating func readDict() throws(MarshalError) -> PythonObject {
        var entries: [PythonObject.DictEntry] = []
        while true {
            guard position < bytes.count else { throw MarshalError(offset: position, "dict not terminated") }
            if bytes[position] == UInt8(ascii: "0") {
                position += 1
                return .dict(entries)
            }
            let key = try readObject()
            entries.append(PythonObject.DictEntry(key: key, value: try readObject()))
        }
    }

    private enum StringKind {
        case bytes
        case internedBytes
        case ascii
        case utf8
    }

    private mutating func readStringLike(count: Int, start: Int, kind: StringKind) throws(MarshalError) -> PythonObject
    {
        let data = try readBytes(count)
        switch kind {
        case .bytes: return .bytes(data)
        case .internedBytes:
            interned.append(String(decoding: data, as: UTF8.self))
            return .bytes(data)
        case .ascii:
            guard data.allSatisfy({ $0 < 0x80 }) else {
                throw MarshalError(offset: start, "non-ASCII byte in an ASCII string")
            }
            return .string(String(decoding: data, as: UTF8.self))
        case .utf8:
            // CPython writes lone surrogates with "surrogatepass"; Swift strings cannot hold them.
            return .string(String(decoding: data, as: UTF8.self))
        }
    }

    private mutating func readLong() throws(MarshalError) -> PythonObject {
        let start = position - 1
        let signedCount = Int(try readInt32())
        let count = signedCount.magnitude
        guard count <= (bytes.count - position) / 2 else {
            throw MarshalError(offset: start, "long of \(count) digits cannot fit in the bytes left")
        }
        var digits: [UInt16] = []
        for _ in 0..<count {
            let digit = UInt16(try readByte()) | UInt16(try readByte()) << 8
            guard digit < 0x8000 else { throw MarshalError(offset: position - 2, "long digit out of range") }
            digits.append(digit)
        }
        return PythonLong.object(digits: digits, negative: signedCount < 0)
    }

    // MARK: - Code objects

    private mutating func readCode(start: Int) throws(MarshalError) -> CodeObject {
        let intCount: Int
        switch layout {
        case .python2: intCount = 4
        case .python30: intCount = 5
        case .python38: intCount = 6
        case .python311: intCount = 5
        }
        var ints: [Int] = []
        for _ in 0..<intCount { ints.append(Int(try readInt32())) }
        guard ints.allSatisfy({ $0 >= 0 }) else {
            throw MarshalError(offset: start, "negative count in code object header")
        }
        let codeBytes = try field("co_code", \.bytesValue)
        let constants = try field("co_consts", \.tupleValue)
        let names = try field("co_names", \.stringTuple)
        var code = CodeObject(
            layout: layout, argCount: ints[0], positionalOnlyArgCount: 0, keywordOnlyArgCount: 0, stackSize: 0,
            flags: UInt32(truncatingIfNeeded: ints[intCount - 1]), code: codeBytes, constants: constants, names: names,
            variableNames: [], cellVariables: [], freeVariables: [], localsPlusNames: [], localsPlusKinds: [],
            fileName: "", name: "", qualifiedName: nil, firstLine: 0, lineTable: [], exceptionTable: [])
        switch layout {
        case .python2: code.stackSize = ints[2]
        case .python30: (code.keywordOnlyArgCount, code.stackSize) = (ints[1], ints[3])
        case .python38:
            (code.positionalOnlyArgCount, code.keywordOnlyArgCount, code.stackSize) = (ints[1], ints[2], ints[4])
        case .python311:
            (code.positionalOnlyArgCount, code.keywordOnlyArgCount, code.stackSize) = (ints[1], ints[2], ints[3])
        }
        if layout == .python311 {
            code.localsPlusNames = try field("co_localsplusnames", \.stringTuple)
            code.localsPlusKinds = try field("co_localspluskinds", \.bytesValue)
            guard code.localsPlusKinds.count == code.localsPlusNames.count else {
                throw MarshalError(offset: position, "co_localspluskinds does not match co_localsplusnames")
            }
            for (name, kind) in zip(code.localsPlusNames, code.localsPlusKinds) {
                if kind & CodeObject.fastLocalKind != 0 { code.variableNames.append(name) }
                if kind & CodeObject.fastCellKind != 0 { code.cellVariables.append(name) }
                if kind & CodeObject.fastFreeKind != 0 { code.freeVariables.append(name) }
            }
        } else {
            code.variableNames = try field("co_varnames", \.stringTuple)
            code.freeVariables = try field("co_freevars", \.stringTuple)
            code.cellVariables = try field("co_cellvars", \.stringTuple)
        }
        code.fileName = try field("co_filename", \.text)
        code.name = try field("co_name", \.text)
        if layout == .python311 { code.qualifiedName = try field("co_qualname", \.text) }
        code.firstLine = Int(try readInt32())
        code.lineTable = try field("co_lnotab", \.bytesValue)
        if layout == .python311 { code.exceptionTable = try field("co_exceptiontable", \.bytesValue) }
        guard code.argCount + code.keywordOnlyArgCount <= code.variableNames.count else {
            throw MarshalError(offset: start, "more arguments than local variable names")
        }
        return code
    }

    /// Reads one object and converts it with `convert`, naming the field when the type is wrong.
    private mutating func field<T>(_ name: String, _ convert: KeyPath<PythonObject, T?>) throws(MarshalError) -> T {
        let start = position
        let object = try readObject()
        guard let value = object[keyPath: convert] else {
            throw MarshalError(offset: start, "\(name) is a \(object.kindName), not the expected type")
        }
        return value
    }

    // MARK: - Primitives

    private mutating func readByte() throws(MarshalError) -> UInt8 {
        guard position < bytes.count else { throw MarshalError(offset: position, "unexpected end of data") }
        defer { position += 1 }
        return bytes[position]
    }

    private mutating func readBytes(_ count: Int) throws(MarshalError) -> [UInt8] {
        guard count >= 0, count <= bytes.count - position else {
            throw MarshalError(
                offset: position, "length \(count) runs past the end of the data (\(bytes.count - position) bytes left)"
            )
        }
        defer { position += count }
        return Array(bytes[position..<(position + count)])
    }

    private mutating func readInt32() throws(MarshalError) -> Int32 {
        let raw = try readBytes(4)
        return Int32(bitPattern: UInt32(raw[0]) | UInt32(raw[1]) << 8 | UInt32(raw[2]) << 16 | UInt32(raw[3]) << 24)
    }

    private mutating func readInt64() throws(MarshalError) -> Int64 {
        let raw = try readBytes(8)
        return Int64(bitPattern: raw.reversed().reduce(UInt64(0)) { $0 << 8 | UInt64($1) })
    }

    private mutating func readLength() throws(MarshalError) -> Int {
        let start = position
        let length = Int(try readInt32())
        guard length >= 0 else { throw MarshalError(offset: start, "negative length \(length)") }
        return length
    }

    private mutating func readBinaryFloat() throws(MarshalError) -> Double {
        let raw = try readBytes(8)
        return Double(bitPattern: raw.reversed().reduce(UInt64(0)) { $0 << 8 | UInt64($1) })
    }

    private mutating func readTextFloat() throws(MarshalError) -> Double {
        let start = position
        let count = Int(try readByte())
        let text = String(decoding: try readBytes(count), as: UTF8.self)
        switch text {
        case "inf": return .infinity
        case "-inf": return -.infinity
        case "nan", "-nan": return .nan
        default:
            guard let value = Double(text) else { throw MarshalError(offset: start, "invalid float text '\(text)'") }
            return value
        }
    }

    static func describe(_ byte: UInt8) -> String {
        let hex = "0x" + String(byte, radix: 16, uppercase: true)
        if byte >= 0x20, byte < 0x7F { return "'\(Character(Unicode.Scalar(byte)))' (\(hex))" }
        return hex
    }
}

extension PythonObject {
    var bytesValue: [UInt8]? {
        if case .bytes(let bytes) = self { return bytes }
        return nil
    }

    var tupleValue: [PythonObject]? {
        if case .tuple(let items) = self { return items }
        return nil
    }

    var stringTuple: [String]? {
        guard case .tuple(let items) = self else { return nil }
        var names: [String] = []
        for item in items {
            guard let text = item.text else { return nil }
            names.append(text)
        }
        return names
    }

}
