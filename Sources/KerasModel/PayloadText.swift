/// The two text forms Keras used for marshal bytes in a JSON config.
enum PayloadText {
    /// The first byte of a marshaled code object: `c` (TYPE_CODE), with or without FLAG_REF.
    static let codeMarkers: Set<UInt8> = [0x63, 0xE3]

    /// Decodes `text` as Keras's `func_load` does: base64 first, else `raw_unicode_escape`.
    ///
    /// Unlike Python's lenient base64 decoder, this one rejects characters outside the alphabet,
    /// so a raw_unicode_escape payload made only of ASCII is not mistaken for base64.
    static func decode(_ text: String) -> MarshalPayload? {
        let base64 = decodeBase64(text)
        if let bytes = base64, let first = bytes.first, codeMarkers.contains(first) {
            return MarshalPayload(bytes: bytes, encoding: .base64)
        }
        if let first = encodeRawUnicodeEscape(text).first, codeMarkers.contains(first) {
            return MarshalPayload(bytes: encodeRawUnicodeEscape(text), encoding: .rawUnicodeEscape)
        }
        if let bytes = base64, !bytes.isEmpty { return MarshalPayload(bytes: bytes, encoding: .base64) }
        return nil
    }

    /// Strict base64 (standard alphabet, `=` padding, whitespace ignored), or `nil`.
    static func decodeBase64(_ text: String) -> [UInt8]? {
        var values: [UInt8] = []
        values.reserveCapacity(text.utf8.count)
        var padding = 0
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"):
                guard padding == 0 else { return nil }
                values.append(byte - UInt8(ascii: "A"))
            case UInt8(ascii: "a")...UInt8(ascii: "z"):
                guard padding == 0 else { return nil }
                values.append(byte - UInt8(ascii: "a") + 26)
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                guard padding == 0 else { return nil }
                values.append(byte - UInt8(ascii: "0") + 52)
            case UInt8(ascii: "+"):
                guard padding == 0 else { return nil }
                values.append(62)
            case UInt8(ascii: "/"):
                guard padding == 0 else { return nil }
                values.append(63)
            case UInt8(ascii: "="): padding += 1
            case 0x20, 0x0A, 0x0D, 0x09: continue
            default: return nil
            }
        }
        guard padding <= 2, (values.count + padding) % 4 == 0, !values.isEmpty else { return nil }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(values.count * 3 / 4)
        var index = 0
        while index + 1 < values.count {
            let chunk = values[index..<min(index + 4, values.count)]
            let a = chunk[chunk.startIndex]
            let b = chunk[chunk.startIndex + 1]
            bytes.append(a << 2 | b >> 4)
            if chunk.count > 2 {
                let c = chunk[chunk.startIndex + 2]
                bytes.append(b << 4 | c >> 2)
                if chunk.count > 3 { bytes.append(c << 6 | chunk[chunk.startIndex + 3]) }
            }
            index += 4
        }
        return bytes
    }

    /// `text.encode("raw_unicode_escape")`: code points below 256 become one byte each, others
    /// the `\uXXXX` / `\UXXXXXXXX` escapes Python writes.
    static func encodeRawUnicodeEscape(_ text: String) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.unicodeScalars.count)
        for scalar in text.unicodeScalars {
            if scalar.value < 0x100 {
                bytes.append(UInt8(scalar.value))
            } else {
                let hex = String(scalar.value, radix: 16)
                let width = scalar.value > 0xFFFF ? 8 : 4
                let escape = (width == 8 ? "\\U" : "\\u") + String(repeating: "0", count: width - hex.count) + hex
                bytes.append(contentsOf: Array(escape.utf8))
            }
        }
        return bytes
    }
}
