/// Folding of string, bytes and constant-tuple operations, with the size limits of CPython's
/// folder (`safe_multiply` in `ast_opt.c`), so that we fold exactly what it folds.
enum SequenceFolding {
    /// Limits from CPython: longest folded str/bytes, longest folded tuple, and most items in a
    /// folded tuple counting nested tuples.
    private static let maximumStringSize = 4096
    private static let maximumCollectionSize = 256
    private static let maximumTotalItems = 1024

    /// `left op right` for `+` (concatenation) and `*` (repetition), or nil.
    static func binary(_ op: BinaryOperator, _ left: Expression, _ right: Expression) -> Expression? {
        switch op {
        case .add: return concatenate(left, right)
        case .multiply: return repeated(left, times: right) ?? repeated(right, times: left)
        default: return nil
        }
    }

    /// `base[index]` for a constant str, bytes or tuple and a constant int index.
    static func subscripted(_ base: Expression, _ index: Expression) -> Expression? {
        guard let position = intValue(index) else { return nil }
        func element<T>(_ items: [T]) -> T? {
            let normalized = position < 0 ? position + items.count : position
            return items.indices.contains(normalized) ? items[normalized] : nil
        }
        switch base {
        case .constant(.string(let text)):
            return element(Array(text.unicodeScalars)).map { .constant(.string(String($0))) }
        case .constant(.bytes(let bytes)):
            return element(bytes).map { .constant(.int(Int($0))) }
        default:
            return constantTupleItems(base).flatMap(element)
        }
    }

    /// The items of a tuple display all of whose items are constants or such tuples: what
    /// CPython turns into a tuple constant.
    static func constantTupleItems(_ expression: Expression) -> [Expression]? {
        guard case .tuple(let items) = expression else { return nil }
        let allConstant = items.allSatisfy { item in
            if case .constant = item { return true }
            return constantTupleItems(item) != nil
        }
        return allConstant ? items : nil
    }

    private static func concatenate(_ left: Expression, _ right: Expression) -> Expression? {
        switch (left, right) {
        case (.constant(.string(let a)), .constant(.string(let b))): return .constant(.string(a + b))
        case (.constant(.bytes(let a)), .constant(.bytes(let b))): return .constant(.bytes(a + b))
        default:
            guard let a = constantTupleItems(left), let b = constantTupleItems(right) else { return nil }
            return .tuple(a + b)
        }
    }

    private static func repeated(_ sequence: Expression, times count: Expression) -> Expression? {
        guard let times = intValue(count) else { return nil }
        switch sequence {
        case .constant(.string(let text)):
            let size = text.unicodeScalars.count
            guard fits(times, size: size, limit: maximumStringSize) else { return nil }
            return .constant(.string(String(repeating: text, count: max(times, 0))))
        case .constant(.bytes(let bytes)):
            guard fits(times, size: bytes.count, limit: maximumStringSize) else { return nil }
            return .constant(.bytes(Array([[UInt8]](repeating: bytes, count: max(times, 0)).joined())))
        default:
            guard let items = constantTupleItems(sequence),
                fits(times, size: items.count, limit: maximumCollectionSize)
            else { return nil }
            if times > 0, !items.isEmpty, remainingComplexity(items, limit: maximumTotalItems / times) < 0 {
                return nil
            }
            return .tuple(Array([[Expression]](repeating: items, count: max(times, 0)).joined()))
        }
    }

    /// CPython folds `sequence * n` only for `0 <= n <= limit / size` (any `n` when empty).
    private static func fits(_ times: Int, size: Int, limit: Int) -> Bool {
        size == 0 || (times >= 0 && times <= limit / size)
    }

    /// CPython's `check_complexity`: the item budget left after counting nested tuples.
    private static func remainingComplexity(_ items: [Expression], limit: Int) -> Int {
        var remaining = limit - items.count
        for item in items where remaining >= 0 {
            if case .tuple(let nested) = item { remaining = remainingComplexity(nested, limit: remaining) }
        }
        return remaining
    }

    /// The value of an int or bool constant (bools index and repeat as 0 and 1).
    private static func intValue(_ expression: Expression) -> Int? {
        switch expression {
        case .constant(.int(let value)): return value
        case .constant(.bool(let flag)): return flag ? 1 : 0
        default: return nil
        }
    }
}
