import Foundation

/// Folds Python-level computations on constants, so rules see `0.5`, not `1 / 2`, and
/// `t[0]` of the input list `t` is that input.
struct TermFolder {
    let graph: TermGraph

    /// The folded term, or nil when nothing folds.
    func fold(_ id: TermID) -> TermID? {
        guard case .apply(let head, let arguments, let keywords) = graph[id], keywords.isEmpty else { return nil }
        let literals = arguments.map(graph.literal(of:))
        switch head {
        case "py.getitem" where arguments.count == 2: return item(arguments[0], arguments[1])
        case "py.if" where arguments.count == 3:
            guard let test = literals[0], let truth = Self.truth(test) else { return nil }
            return truth ? arguments[1] : arguments[2]
        case "py.and", "py.or":
            return shortCircuit(head == "py.and", arguments, literals)
        case "py.is", "py.is_not":
            guard arguments.count == 2, let left = literals[0], let right = literals[1] else { return nil }
            return graph.constant(.bool((left == right) == (head == "py.is")))
        case "py.in", "py.not_in":
            return membership(head == "py.in", arguments)
        case "len" where arguments.count == 1:
            guard let head = graph.head(of: arguments[0]), head == "py.tuple" || head == "py.list" else { return nil }
            return graph.constant(.int(graph.children(of: arguments[0]).count))
        default:
            break
        }
        guard !literals.isEmpty, literals.allSatisfy({ $0 != nil }) else { return nil }
        let values = literals.compactMap { $0 }
        return Self.evaluate(head, values).map(graph.constant)
    }

    /// `a and b` / `a or b` on constants: the operand Python's short circuit returns.
    private func shortCircuit(_ isAnd: Bool, _ arguments: [TermID], _ literals: [Literal?]) -> TermID? {
        guard !arguments.isEmpty else { return nil }
        for (argument, literal) in zip(arguments, literals).dropLast() {
            guard let literal, let truth = Self.truth(literal) else { return nil }
            if truth != isAnd { return argument }
        }
        return literals.last.flatMap { $0 } == nil ? nil : arguments.last
    }

    /// `c in (a, b)` with constants.
    private func membership(_ isIn: Bool, _ arguments: [TermID]) -> TermID? {
        guard arguments.count == 2, let needle = graph.literal(of: arguments[0]),
            let head = graph.head(of: arguments[1]), head == "py.tuple" || head == "py.list"
        else { return nil }
        let items = graph.children(of: arguments[1]).map(graph.literal(of:))
        guard items.allSatisfy({ $0 != nil }) else { return nil }
        let found = items.contains { $0.map { Matcher.sameConstant($0, needle) } ?? false }
        return graph.constant(.bool(found == isIn))
    }

    /// `(a, b)[i]` and `[a, b][i]` with a constant `i`.
    private func item(_ container: TermID, _ index: TermID) -> TermID? {
        guard let head = graph.head(of: container), head == "py.tuple" || head == "py.list",
            case .int(let position)? = graph.literal(of: index)
        else { return nil }
        let items = graph.children(of: container)
        let resolved = position < 0 ? position + items.count : position
        return items.indices.contains(resolved) ? items[resolved] : nil
    }

    static func truth(_ literal: Literal) -> Bool? {
        switch literal {
        case .none: return false
        case .bool(let value): return value
        case .int(let value): return value != 0
        case .float(let value): return value != 0
        case .string(let value): return !value.isEmpty
        case .ellipsis: return true
        }
    }

    /// Python's arithmetic on constants (ints stay ints where Python keeps them so).
    static func evaluate(_ head: String, _ values: [Literal]) -> Literal? {
        if values.count == 1 { return unary(head, values[0]) }
        guard values.count == 2 else { return nil }
        let (left, right) = (values[0], values[1])
        if case .int(let a) = left, case .int(let b) = right, let result = integer(head, a, b) { return result }
        guard let a = left.number, let b = right.number else {
            if head == "add", case .string(let a) = left, case .string(let b) = right { return .string(a + b) }
            if head == "equal" { return .bool(left == right) }
            if head == "not_equal" { return .bool(left != right) }
            return nil
        }
        switch head {
        case "add": return .float(a + b)
        case "sub": return .float(a - b)
        case "mul": return .float(a * b)
        case "div": return b == 0 ? nil : .float(a / b)
        case "pow": return a < 0 && b != b.rounded() ? nil : .float(Foundation.pow(a, b))
        case "maximum": return .float(Swift.max(a, b))
        case "minimum": return .float(Swift.min(a, b))
        case "less": return .bool(a < b)
        case "less_equal": return .bool(a <= b)
        case "greater": return .bool(a > b)
        case "greater_equal": return .bool(a >= b)
        case "equal": return .bool(a == b)
        case "not_equal": return .bool(a != b)
        default: return nil
        }
    }

    private static func integer(_ head: String, _ a: Int, _ b: Int) -> Literal? {
        switch head {
        case "add": return a.addingReportingOverflow(b).overflow ? nil : .int(a + b)
        case "sub": return a.subtractingReportingOverflow(b).overflow ? nil : .int(a - b)
        case "mul": return a.multipliedReportingOverflow(by: b).overflow ? nil : .int(a * b)
        case "div": return b == 0 ? nil : .float(Double(a) / Double(b))
        case "floordiv":
            guard b != 0 else { return nil }
            let quotient = a / b
            return .int((a % b != 0 && (a < 0) != (b < 0)) ? quotient - 1 : quotient)
        case "mod":
            guard b != 0 else { return nil }
            let remainder = a % b
            return .int(remainder != 0 && (remainder < 0) != (b < 0) ? remainder + b : remainder)
        case "pow":
            guard b >= 0, b < 64 else { return nil }
            var result = 1
            for _ in 0..<b {
                let (next, overflow) = result.multipliedReportingOverflow(by: a)
                if overflow { return nil }
                result = next
            }
            return .int(result)
        default: return nil
        }
    }

    /// Core math ops on a constant, as `numpy` would compute them on the host.
    static let unaryMath: [String: @Sendable (Double) -> Double] = [
        "sqrt": { $0.squareRoot() }, "exp": { Foundation.exp($0) }, "log": { Foundation.log($0) },
        "abs": { Swift.abs($0) }, "sin": { Foundation.sin($0) }, "cos": { Foundation.cos($0) },
        "tanh": { Foundation.tanh($0) }, "square": { $0 * $0 }, "reciprocal": { 1 / $0 },
        "rsqrt": { 1 / $0.squareRoot() },
    ]

    private static func unary(_ head: String, _ value: Literal) -> Literal? {
        if let function = unaryMath[head], let number = value.number {
            let result = function(number)
            return result.isFinite ? .float(result) : nil
        }
        switch (head, value) {
        case ("neg", .int(let a)): return a == Int.min ? nil : .int(-a)
        case ("neg", .float(let a)): return .float(-a)
        case ("logical_not", _): return truth(value).map { .bool(!$0) }
        case ("float", _): return value.number.map(Literal.float)
        case ("int", .float(let a)): return a.isFinite && abs(a) < 9e18 ? .int(Int(a)) : nil
        case ("int", .int): return value
        // A whole number stays a Python int, as math.floor and math.ceil return, so that a size
        // computed from shapes (`floor((h - h * f) / 2)`) can be an index.
        case ("floor", .int), ("ceil", .int): return value
        case ("floor", .float(let a)): return a.isFinite && abs(a) < 9e18 ? .int(Int(a.rounded(.down))) : nil
        case ("ceil", .float(let a)): return a.isFinite && abs(a) < 9e18 ? .int(Int(a.rounded(.up))) : nil
        default: return nil
        }
    }
}
