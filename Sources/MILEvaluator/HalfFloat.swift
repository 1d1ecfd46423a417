/// IEEE 754 binary16 values, decoded and rounded by hand: Swift's `Float16` does not exist on
/// every platform the package builds for (Intel Macs).
enum HalfFloat {
    /// The value of binary16 `bits`.
    static func value(_ bits: UInt16) -> Float {
        let sign: Float = bits & 0x8000 != 0 ? -1 : 1
        let exponent = Int((bits >> 10) & 0x1F)
        let mantissa = Float(bits & 0x3FF)
        switch exponent {
        case 0: return sign * mantissa * 0x1p-24
        case 0x1F: return mantissa == 0 ? sign * .infinity : .nan
        default: return sign * (1 + mantissa / 1024) * Float(sign: .plus, exponent: exponent - 15, significand: 1)
        }
    }

    /// `value` rounded to the nearest binary16 (ties to even), as fp16 arithmetic stores it.
    static func rounded(_ value: Double) -> Double {
        let single = Float(value)
        guard single.isFinite else { return Double(single) }
        let magnitude = Swift.abs(single)
        if magnitude >= 65520 { return single < 0 ? -.infinity : .infinity }
        // The spacing of halves near the value: 2^(e - 10), subnormals 2^-24.
        let exponent = Swift.max(Int(magnitude.exponent), -14)
        let spacing = Double(sign: .plus, exponent: exponent - 10, significand: 1)
        let scaled = (Double(single) / spacing).rounded(.toNearestOrEven)
        return scaled * spacing
    }
}
