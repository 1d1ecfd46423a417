import Foundation

/// Normally distributed numbers from a seed: SplitMix64 for uniform bits, Box–Muller for the
/// normal shape.
///
/// This is not TensorFlow's Philox stream: `random_normal`'s reference evaluation is
/// deterministic so tests can repeat it, but its values are not TensorFlow's, and numeric rule
/// tests can compare only its shape and statistics.
struct SeededNormalSampler {
    private var state: UInt64

    init(seed: Int) {
        state = UInt64(bitPattern: Int64(seed))
    }

    /// The next standard normal sample.
    mutating func next() -> Double {
        // 1 - u keeps the logarithm's argument in (0, 1].
        let u = 1 - nextUniform()
        let v = nextUniform()
        return (-2 * Foundation.log(u)).squareRoot() * Foundation.cos(2 * Double.pi * v)
    }

    /// A uniform sample in [0, 1) with 53 random bits.
    private mutating func nextUniform() -> Double {
        Double(nextBits() >> 11) * 0x1.0p-53
    }

    private mutating func nextBits() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
