/// A Python constant as marshal stores it: everything a code object's tree can hold.
public indirect enum PythonObject: Hashable, Sendable {
    case none
    case bool(Bool)
    case ellipsis
    case stopIteration
    case int(Int)
    /// An integer beyond 64 bits, as decimal text (`-123456789012345678901234`).
    case bigInt(String)
    case float(Double)
    case complex(real: Double, imaginary: Double)
    /// `bytes` in Python 3; `str` in Python 2, whose strings are byte strings.
    case bytes([UInt8])
    case string(String)
    case tuple([PythonObject])
    case list([PythonObject])
    case dict([DictEntry])
    case set([PythonObject])
    case frozenset([PythonObject])
    case code(CodeObject)

    public struct DictEntry: Hashable, Sendable {
        public var key: PythonObject
        public var value: PythonObject

        public init(key: PythonObject, value: PythonObject) {
            self.key = key
            self.value = value
        }
    }

    /// A short name of the kind, for messages (`tuple`, `code object`).
    public var kindName: String {
        switch self {
        case .none: return "None"
        case .bool: return "bool"
        case .ellipsis: return "Ellipsis"
        case .stopIteration: return "StopIteration"
        case .int, .bigInt: return "int"
        case .float: return "float"
        case .complex: return "complex"
        case .bytes: return "bytes"
        case .string: return "str"
        case .tuple: return "tuple"
        case .list: return "list"
        case .dict: return "dict"
        case .set: return "set"
        case .frozenset: return "frozenset"
        case .code: return "code object"
        }
    }

    /// The text of a `str`, or of a Python 2 byte string holding ASCII/UTF-8.
    var text: String? {
        switch self {
        case .string(let text): return text
        case .bytes(let bytes): return String(validating: bytes, as: UTF8.self)
        default: return nil
        }
    }
}
