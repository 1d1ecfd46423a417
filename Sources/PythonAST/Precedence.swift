/// Python's operator precedence, lowest first, as the printer and parser share it.
enum Precedence: Int, Comparable {
    case lambda
    case conditional
    case or
    case and
    case not
    case comparison
    case bitOr
    case bitXor
    case bitAnd
    case shift
    case arithmetic
    case term
    case unary
    case power
    case primary
    case atom

    static func < (lhs: Precedence, rhs: Precedence) -> Bool { lhs.rawValue < rhs.rawValue }

    init(_ op: BinaryOperator) {
        switch op {
        case .add, .subtract: self = .arithmetic
        case .multiply, .matrixMultiply, .divide, .floorDivide, .modulo: self = .term
        case .power: self = .power
        case .leftShift, .rightShift: self = .shift
        case .bitOr: self = .bitOr
        case .bitXor: self = .bitXor
        case .bitAnd: self = .bitAnd
        }
    }
}
