/// Python's arbitrary-precision integers as marshal stores them: base-2^15 digits, least
/// significant first.
enum PythonLong {
    static func object(digits: [UInt16], negative: Bool) -> PythonObject {
        var magnitude: UInt64 = 0
        var fits = true
        for digit in digits.reversed() where fits {
            fits = magnitude >> 49 == 0
            magnitude = magnitude << 15 | UInt64(digit)
        }
        if fits, magnitude <= UInt64(Int.max) { return .int(negative ? -Int(magnitude) : Int(magnitude)) }
        return .bigInt((negative ? "-" : "") + decimal(digits))
    }

    /// The decimal text of a base-2^15 magnitude, by schoolbook conversion to base 10^9.
    private static func decimal(_ digits: [UInt16]) -> String {
        var chunks: [UInt64] = [0]
        for digit in digits.reversed() {
            var carry = UInt64(digit)
            for index in chunks.indices {
                let value = chunks[index] << 15 + carry
                chunks[index] = value % 1_000_000_000
                carry = value / 1_000_000_000
            }
            while carry > 0 {
                chunks.append(carry % 1_000_000_000)
                carry /= 1_000_000_000
            }
        }
        var text = String(chunks.last ?? 0)
        for chunk in chunks.dropLast().reversed() {
            let part = String(chunk)
            text += String(repeating: "0", count: 9 - part.count) + part
        }
        return text
    }
}
