import PythonAST

/// Which Python operator each pre-3.11 arithmetic opcode computes (3.11+ `BINARY_OP` names its
/// operator in its argument, through ``OpcodeTable/binaryOperators``).
enum OperatorTables {
    static let binary: [String: BinaryOperator] = [
        "BINARY_ADD": .add, "BINARY_SUBTRACT": .subtract, "BINARY_MULTIPLY": .multiply,
        "BINARY_MATRIX_MULTIPLY": .matrixMultiply, "BINARY_TRUE_DIVIDE": .divide, "BINARY_DIVIDE": .divide,
        "BINARY_FLOOR_DIVIDE": .floorDivide, "BINARY_MODULO": .modulo, "BINARY_POWER": .power,
        "BINARY_LSHIFT": .leftShift, "BINARY_RSHIFT": .rightShift, "BINARY_OR": .bitOr, "BINARY_XOR": .bitXor,
        "BINARY_AND": .bitAnd,
        // x += y stores x + y: augmented assignments read back as plain ones.
        "INPLACE_ADD": .add, "INPLACE_SUBTRACT": .subtract, "INPLACE_MULTIPLY": .multiply,
        "INPLACE_MATRIX_MULTIPLY": .matrixMultiply, "INPLACE_TRUE_DIVIDE": .divide, "INPLACE_DIVIDE": .divide,
        "INPLACE_FLOOR_DIVIDE": .floorDivide, "INPLACE_MODULO": .modulo, "INPLACE_POWER": .power,
        "INPLACE_LSHIFT": .leftShift, "INPLACE_RSHIFT": .rightShift, "INPLACE_OR": .bitOr, "INPLACE_XOR": .bitXor,
        "INPLACE_AND": .bitAnd,
    ]

    static let unary: [String: UnaryOperator] = [
        "UNARY_NEGATIVE": .negate, "UNARY_POSITIVE": .plus, "UNARY_INVERT": .invert,
    ]

    /// `BINARY_OP`'s operator: the symbol from `dis._nb_ops` without a trailing `=`.
    static func binaryOperator(_ symbol: String) -> BinaryOperator? {
        let plain = symbol.hasSuffix("=") ? String(symbol.dropLast()) : symbol
        return BinaryOperator(rawValue: plain)
    }

    /// `CALL_INTRINSIC_1` arguments (3.12+) that an expression can produce.
    static let intrinsicUnaryPositive = 5
    static let intrinsicListToTuple = 6
}
