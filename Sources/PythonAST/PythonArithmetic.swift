/// Python's arithmetic on number constants, exactly as CPython's compiler folds it: the same
/// IEEE operations in the same order, so float results are bit-identical to CPython's.
///
/// Every function returns nil where CPython would raise (division by zero, negative shift
/// count, float overflow in `**`), where CPython's folder refuses on size, or where the result
/// would not fit in `Int` (CPython would store a big int, which we cannot compute).
enum PythonArithmetic {
    /// A number operand; Python's bools take part in arithmetic as the ints 0 and 1.
    enum Number {
        case int(Int)
        case float(Double)
        case complex(real: Double, imaginary: Double)

        init?(_ constant: Constant) {
            switch constant {
            case .bool(let flag): self = .int(flag ? 1 : 0)
            case .int(let value): self = .int(value)
            case .float(let value): self = .float(value)
            case .complex(let real, let imaginary): self = .complex(real: real, imaginary: imaginary)
            default: return nil
            }
        }

        /// The value as a double, converted with round-half-even as `PyLong_AsDouble` does.
        var double: Double? {
            switch self {
            case .int(let value): return Double(value)
            case .float(let value): return value
            case .complex: return nil
            }
        }
    }

    /// CPython's folder refuses int results above this many bits (`MAX_INT_SIZE`).
    private static let maximumIntBits = 128

    static func unary(_ op: UnaryOperator, _ constant: Constant) -> Constant? {
        if op == .not { return .bool(!constant.isTruthy) }
        switch (op, constant) {
        case (.plus, .bool(let flag)): return .int(flag ? 1 : 0)
        case (.negate, .bool(let flag)): return .int(flag ? -1 : 0)
        case (.invert, .bool(let flag)): return .int(flag ? -2 : -1)
        case (.invert, .int(let value)): return .int(~value)
        case (.negate, _): return constant.negated
        case (.plus, .int), (.plus, .bigInt), (.plus, .float), (.plus, .complex): return constant
        default: return nil
        }
    }

    static func binary(_ op: BinaryOperator, _ left: Constant, _ right: Constant) -> Constant? {
        // `&`, `|` and `^` of two bools stay bools (`True & False` is `False`).
        if case .bool(let a) = left, case .bool(let b) = right {
            switch op {
            case .bitAnd: return .bool(a && b)
            case .bitOr: return .bool(a || b)
            case .bitXor: return .bool(a != b)
            default: break
            }
        }
        guard let a = Number(left), let b = Number(right) else { return nil }
        switch (a, b) {
        case (.int(let x), .int(let y)):
            return intBinary(op, x, y)
        case (.complex, _), (_, .complex):
            return complexBinary(op, a, b)
        default:
            guard let x = a.double, let y = b.double else { return nil }
            return floatBinary(op, x, y).map(Constant.float)
        }
    }

    private static func intBinary(_ op: BinaryOperator, _ a: Int, _ b: Int) -> Constant? {
        func checked(_ result: (partialValue: Int, overflow: Bool)) -> Constant? {
            result.overflow ? nil : .int(result.partialValue)
        }
        switch op {
        case .add: return checked(a.addingReportingOverflow(b))
        case .subtract: return checked(a.subtractingReportingOverflow(b))
        case .multiply: return checked(a.multipliedReportingOverflow(by: b))
        case .divide:
            // Ints up to 2**53 convert exactly, so one IEEE division is correctly rounded, as
            // Python's true division is; beyond that, converting first would round twice.
            let exact: UInt = 1 << 53
            guard b != 0, a.magnitude <= exact, b.magnitude <= exact else { return nil }
            return .float(Double(a) / Double(b))
        case .floorDivide: return floorDivide(a, b).map(Constant.int)
        case .modulo: return modulo(a, b).map(Constant.int)
        case .power: return power(a, b)
        case .leftShift:
            guard b >= 0 else { return nil }
            guard a != 0 else { return .int(0) }
            guard b < Int.bitWidth, (a << b) >> b == a else { return nil }
            return .int(a << b)
        case .rightShift:
            // Swift's `>>` on Int fills with the sign bit for any count, as Python's does.
            return b >= 0 ? .int(a >> b) : nil
        case .bitAnd: return .int(a & b)
        case .bitOr: return .int(a | b)
        case .bitXor: return .int(a ^ b)
        case .matrixMultiply: return nil
        }
    }

    /// Python's `//` on ints: the quotient rounded toward negative infinity.
    private static func floorDivide(_ a: Int, _ b: Int) -> Int? {
        guard b != 0 else { return nil }
        let (quotient, overflow) = a.dividedReportingOverflow(by: b)
        guard !overflow else { return nil }
        let remainder = a - quotient * b
        return remainder != 0 && (remainder < 0) != (b < 0) ? quotient - 1 : quotient
    }

    /// Python's `%` on ints: the remainder takes the sign of the divisor.
    private static func modulo(_ a: Int, _ b: Int) -> Int? {
        guard b != 0 else { return nil }
        guard b != -1 else { return 0 }  // `Int.min % -1` overflows in Swift; it is 0 in Python.
        let remainder = a % b
        return remainder != 0 && (remainder < 0) != (b < 0) ? remainder + b : remainder
    }

    private static func power(_ base: Int, _ exponent: Int) -> Constant? {
        // A negative exponent makes CPython hand both operands to float `**`.
        guard exponent >= 0 else { return floatPower(Double(base), Double(exponent)).map(Constant.float) }
        // CPython's `safe_power` refuses when bits(base) * exponent may exceed 128, even for
        // small results such as `1 ** 1000`; refusing too keeps folded source like bytecode.
        let baseBits = Int.bitWidth - base.magnitude.leadingZeroBitCount
        if base != 0, exponent > 0, baseBits > maximumIntBits / exponent { return nil }
        var result = 1
        var square = base
        var remaining = exponent
        while remaining > 0 {
            if remaining & 1 == 1 {
                let (product, overflow) = result.multipliedReportingOverflow(by: square)
                guard !overflow else { return nil }
                result = product
            }
            remaining >>= 1
            // When |base| >= 2 a later factor is at least this square, so its overflow means the
            // result overflows; when |base| <= 1 squaring cannot overflow.
            if remaining > 0 {
                let (product, overflow) = square.multipliedReportingOverflow(by: square)
                guard !overflow else { return nil }
                square = product
            }
        }
        return .int(result)
    }

    private static func floatBinary(_ op: BinaryOperator, _ a: Double, _ b: Double) -> Double? {
        switch op {
        case .add: return a + b
        case .subtract: return a - b
        case .multiply: return a * b
        case .divide: return b == 0 ? nil : a / b
        case .floorDivide: return b == 0 ? nil : floatDivMod(a, b).quotient
        case .modulo: return b == 0 ? nil : floatRemainder(a, b)
        case .power: return floatPower(a, b)
        default: return nil
        }
    }
}

extension Constant {
    /// Python's `bool(value)`.
    var isTruthy: Bool {
        switch self {
        case .none: return false
        case .bool(let flag): return flag
        case .ellipsis, .bigInt: return true
        case .int(let value): return value != 0
        case .float(let value): return value != 0
        case .complex(let real, let imaginary): return real != 0 || imaginary != 0
        case .string(let text): return !text.isEmpty
        case .bytes(let bytes): return !bytes.isEmpty
        }
    }
}
