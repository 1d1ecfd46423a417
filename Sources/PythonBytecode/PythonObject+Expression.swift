import PythonAST

extension PythonObject {
    /// The constant as an expression: tuples and frozensets become displays of their items.
    /// Python 2 byte strings read as `str` (text) when they are UTF-8, as Python 2 source meant them.
    ///
    /// - Returns: nil for a code object, which is no expression.
    func expression(python2: Bool) -> Expression? {
        switch self {
        case .none: return .constant(.none)
        case .bool(let value): return .constant(.bool(value))
        case .ellipsis: return .constant(.ellipsis)
        case .stopIteration: return .name("StopIteration")
        case .int(let value): return .constant(.int(value))
        case .bigInt(let text): return .constant(.bigInt(text))
        case .float(let value): return .constant(.float(value))
        case .complex(let real, let imaginary): return .constant(.complex(real: real, imaginary: imaginary))
        case .string(let text): return .constant(.string(text))
        case .bytes(let bytes):
            if python2, let text = String(validating: bytes, as: UTF8.self) { return .constant(.string(text)) }
            return .constant(.bytes(bytes))
        case .tuple(let items), .list(let items):
            return items.expressions(python2: python2).map { .tuple($0) }
        case .set(let items), .frozenset(let items):
            return items.expressions(python2: python2).map { .set($0) }
        case .dict(let entries):
            var items: [DictItem] = []
            for entry in entries {
                guard let key = entry.key.expression(python2: python2),
                    let value = entry.value.expression(python2: python2)
                else { return nil }
                items.append(DictItem(key: key, value: value))
            }
            return .dict(items)
        case .code:
            return nil
        }
    }
}

extension [PythonObject] {
    fileprivate func expressions(python2: Bool) -> [Expression]? {
        var result: [Expression] = []
        for item in self {
            guard let expression = item.expression(python2: python2) else { return nil }
            result.append(expression)
        }
        return result
    }
}
