/// A Python expression: what a Lambda computes, recovered from bytecode or parsed from text.
///
/// One tree type serves decompiled lambdas, parsed source and rule patterns (which add
/// ``metavariable(_:)``). Trees are plain values: equal trees mean equal expressions.
public indirect enum Expression: Hashable, Sendable {
    case name(String)
    case constant(Constant)
    case attribute(Expression, String)
    case call(Expression, [Argument])
    case binary(BinaryOperator, Expression, Expression)
    case unary(UnaryOperator, Expression)
    /// `a < b <= c`: the first operand, then each operator with its right operand.
    case compare(Expression, [Comparison])
    /// `a and b and c` (all operands of one operator, flattened as Python's AST does).
    case boolean(BooleanOperator, [Expression])
    /// `body if test else orElse`.
    case conditional(test: Expression, body: Expression, orElse: Expression)
    case tuple([Expression])
    case list([Expression])
    case set([Expression])
    case dict([DictItem])
    case subscription(Expression, Expression)
    /// `lower:upper:step` inside a subscript.
    case slice(lower: Expression?, upper: Expression?, step: Expression?)
    /// `*value` inside a display or call.
    case starred(Expression)
    case lambda(parameters: [Parameter], body: Expression)
    /// `$x` in a rule pattern.
    case metavariable(String)
}

/// A literal value.
public enum Constant: Hashable, Sendable {
    case none
    case bool(Bool)
    case ellipsis
    case int(Int)
    /// An integer too large for `Int`, as decimal text.
    case bigInt(String)
    case float(Double)
    /// A complex number `real + imaginary j` (a literal `2j` has real 0).
    case complex(real: Double, imaginary: Double)
    case string(String)
    case bytes([UInt8])
}

/// An argument of a call.
public enum Argument: Hashable, Sendable {
    case positional(Expression)
    case keyword(String, Expression)
    /// `*args`
    case starred(Expression)
    /// `**kwargs`
    case doubleStarred(Expression)
}

/// One entry of a dict display: `key: value`, or `**mapping` when `key` is nil.
public struct DictItem: Hashable, Sendable {
    public var key: Expression?
    public var value: Expression

    public init(key: Expression?, value: Expression) {
        self.key = key
        self.value = value
    }
}

/// One link of a comparison chain.
public struct Comparison: Hashable, Sendable {
    public var op: ComparisonOperator
    public var right: Expression

    public init(_ op: ComparisonOperator, _ right: Expression) {
        self.op = op
        self.right = right
    }
}

/// A parameter of a lambda or def.
public struct Parameter: Hashable, Sendable {
    public enum Kind: Hashable, Sendable {
        case positional
        case varArgs
        case keywordOnly
        case varKeywords
    }

    public var name: String
    public var kind: Kind
    public var defaultValue: Expression?

    public init(_ name: String, kind: Kind = .positional, defaultValue: Expression? = nil) {
        self.name = name
        self.kind = kind
        self.defaultValue = defaultValue
    }
}

public enum BinaryOperator: String, Hashable, Sendable, CaseIterable {
    case add = "+"
    case subtract = "-"
    case multiply = "*"
    case matrixMultiply = "@"
    case divide = "/"
    case floorDivide = "//"
    case modulo = "%"
    case power = "**"
    case leftShift = "<<"
    case rightShift = ">>"
    case bitOr = "|"
    case bitXor = "^"
    case bitAnd = "&"
}

public enum UnaryOperator: String, Hashable, Sendable, CaseIterable {
    case negate = "-"
    case plus = "+"
    case invert = "~"
    case not = "not"
}

public enum ComparisonOperator: String, Hashable, Sendable, CaseIterable {
    case less = "<"
    case lessEqual = "<="
    case equal = "=="
    case notEqual = "!="
    case greater = ">"
    case greaterEqual = ">="
    case `in` = "in"
    case notIn = "not in"
    case `is` = "is"
    case isNot = "is not"
}

public enum BooleanOperator: String, Hashable, Sendable {
    case and
    case or
}
