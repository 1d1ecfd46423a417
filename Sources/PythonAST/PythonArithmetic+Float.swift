import Foundation

/// Float and complex operations transcribed from CPython's `floatobject.c` and
/// `complexobject.c`, step for step, so rounding and signed zeros match.
extension PythonArithmetic {
    /// `float_floor_div` / `divmod` (CPython's `_float_div_mod`); `b` must be non-zero.
    static func floatDivMod(_ a: Double, _ b: Double) -> (quotient: Double, remainder: Double) {
        var remainder = fmod(a, b)
        // fmod is exact, so a - remainder is mathematically a multiple of b; the division may
        // still land just off an integer, which the snapping below corrects.
        var division = (a - remainder) / b
        if remainder != 0 {
            if (b < 0) != (remainder < 0) {
                remainder += b
                division -= 1.0
            }
        } else {
            remainder = copysign(0.0, b)
        }
        let quotient: Double
        if division != 0 {
            var floored = floor(division)
            if division - floored > 0.5 { floored += 1.0 }
            quotient = floored
        } else {
            quotient = copysign(0.0, a / b)
        }
        return (quotient, remainder)
    }

    /// `float_rem`: fmod, then the sign of the divisor; `b` must be non-zero.
    static func floatRemainder(_ a: Double, _ b: Double) -> Double {
        var remainder = fmod(a, b)
        if remainder != 0 {
            if (b < 0) != (remainder < 0) { remainder += b }
        } else {
            remainder = copysign(0.0, b)
        }
        return remainder
    }

    /// `float_pow`, or nil where it raises (zero to a negative power, overflow) or where the
    /// result is complex (a negative base to a fractional power).
    static func floatPower(_ base: Double, _ exponent: Double) -> Double? {
        if exponent == 0 { return 1.0 }
        if base.isNaN { return base }
        if exponent.isNaN { return base == 1.0 ? 1.0 : exponent }
        if exponent.isInfinite {
            let magnitude = abs(base)
            if magnitude == 1.0 { return 1.0 }
            return (exponent > 0) == (magnitude > 1.0) ? abs(exponent) : 0.0
        }
        let exponentIsOdd = fmod(abs(exponent), 2.0) == 1.0
        if base.isInfinite {
            if exponent > 0 { return exponentIsOdd ? base : abs(base) }
            return exponentIsOdd ? copysign(0.0, base) : 0.0
        }
        if base == 0 {
            guard exponent > 0 else { return nil }
            return exponentIsOdd ? base : 0.0
        }
        var magnitude = base
        var negate = false
        if base < 0 {
            guard exponent == floor(exponent) else { return nil }
            magnitude = -base
            negate = exponentIsOdd
        }
        // libm's pow is not trusted for 1 ** huge (CPython special-cases it too).
        if magnitude == 1.0 { return negate ? -1.0 : 1.0 }
        let result = pow(magnitude, exponent)
        guard result.isFinite else { return nil }
        return negate ? -result : result
    }

    /// `+`, `-` and `*` with a complex operand.
    ///
    /// Python 3.14 stopped promoting a real operand to complex before mixed arithmetic (C99
    /// Annex G), which changes signed zeros and NaNs in some results. A mixed operation is
    /// folded only when both rules give the same bits, so the fold is right for every version.
    /// Complex × complex and complex division are not folded: their results depend on whether
    /// CPython's C compiler fused multiply-adds.
    static func complexBinary(_ op: BinaryOperator, _ left: Number, _ right: Number) -> Constant? {
        guard let (a, aReal) = left.complexParts, let (b, bReal) = right.complexParts else { return nil }
        let promoted: (Double, Double)
        let mixed: (Double, Double)
        switch op {
        case .add:
            promoted = (a.0 + b.0, a.1 + b.1)
            mixed = aReal ? (a.0 + b.0, b.1) : bReal ? (a.0 + b.0, a.1) : promoted
        case .subtract:
            promoted = (a.0 - b.0, a.1 - b.1)
            mixed = aReal ? (a.0 - b.0, -b.1) : bReal ? (a.0 - b.0, a.1) : promoted
        case .multiply:
            guard aReal || bReal else { return nil }
            promoted = (a.0 * b.0 - a.1 * b.1, a.0 * b.1 + a.1 * b.0)
            mixed = aReal ? (a.0 * b.0, a.0 * b.1) : (a.0 * b.0, a.1 * b.0)
        default:
            return nil
        }
        guard promoted.0.bitPattern == mixed.0.bitPattern, promoted.1.bitPattern == mixed.1.bitPattern else {
            return nil
        }
        return .complex(real: promoted.0, imaginary: promoted.1)
    }
}

extension PythonArithmetic.Number {
    /// The value as `(real, imaginary)`, and whether it was a real number (promoted with a
    /// `+0.0` imaginary part, as CPython before 3.14 did).
    fileprivate var complexParts: ((Double, Double), Bool)? {
        switch self {
        case .complex(let real, let imaginary): return ((real, imaginary), false)
        default: return double.map { (($0, 0.0), true) }
        }
    }
}
