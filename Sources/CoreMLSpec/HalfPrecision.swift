import Foundation

/// IEEE 754 binary16 encoding, by hand: Swift's `Float16` does not exist on every platform the
/// package builds for (Intel Macs). Both Core ML formats store half-precision weights as these
/// bits, little-endian (a NeuralNetwork's `float16Value`, an ML Program's fp16 blobs).
public enum HalfPrecision {
    /// The smallest positive half (a subnormal), 2^-24.
    public static let leastPositive: Double = 0x1p-24

    /// The binary16 bits nearest `value` (ties to even); beyond the range, infinity.
    public static func bits(_ value: Float) -> UInt16 {
        let pattern = value.bitPattern
        let sign = UInt16(truncatingIfNeeded: (pattern >> 16) & 0x8000)
        let exponent = Int((pattern >> 23) & 0xFF)
        var mantissa = pattern & 0x7F_FFFF
        if exponent == 0xFF { return sign | 0x7C00 | (mantissa != 0 ? 0x200 : 0) }
        let biased = exponent - 127 + 15
        if biased >= 0x1F { return sign | 0x7C00 }
        if biased <= 0 {
            // A subnormal half: the significand (with its leading one) shifted into 2^-24 units.
            guard biased >= -10 else { return sign }
            mantissa |= 0x80_0000
            let shift = UInt32(14 - biased)
            return sign | UInt16(rounded(mantissa, shift: shift))
        }
        let result = (UInt32(biased) << 10) + rounded(mantissa, shift: 13)
        // A carry out of the mantissa moves into the exponent, as it should (up to infinity).
        return sign | UInt16(truncatingIfNeeded: result)
    }

    /// `value >> shift`, rounded to nearest, ties to even.
    private static func rounded(_ value: UInt32, shift: UInt32) -> UInt32 {
        let kept = value >> shift
        let rest = value & ((1 << shift) - 1)
        let half = UInt32(1) << (shift - 1)
        return rest > half || (rest == half && kept & 1 == 1) ? kept + 1 : kept
    }

    /// `values` as binary16, two little-endian bytes each. Where Swift has `Float16` the
    /// processor converts (the same rounding, to nearest even; a fifth of a large fp16 package's
    /// time went to ``bits(_:)``); Intel Macs take ``bits(_:)``.
    public static func bytes(_ values: [Float]) -> Data {
        var data = Data(count: values.count * 2)
        data.withUnsafeMutableBytes { raw in
            for (index, value) in values.enumerated() {
                raw.storeBytes(of: hardwareBits(value).littleEndian, toByteOffset: index * 2, as: UInt16.self)
            }
        }
        return data
    }

    /// The binary16 bits of `value` as the processor rounds them, where Swift has `Float16`.
    @inline(__always)
    public static func hardwareBits(_ value: Float) -> UInt16 {
        #if os(macOS) && arch(x86_64)
            return bits(value)
        #else
            return Float16(value).bitPattern
        #endif
    }
}
