/// The letters before a string's opening quote.
struct StringPrefix {
    var raw = false
    var bytes = false

    init() {}

    init?(_ text: String) {
        for letter in text.lowercased() {
            switch letter {
            case "r": raw = true
            case "b": bytes = true
            case "u": break
            default: return nil
            }
        }
    }
}

extension Tokenizer {
    /// Reads a string literal whose prefix has been read, and returns its value.
    mutating func readString(prefix: StringPrefix, start: Int) throws(PythonSyntaxError) -> Constant {
        let quote = characters[position]
        let triple = characters[position...].starts(with: [quote, quote, quote])
        position += triple ? 3 : 1
        var scalars: [Unicode.Scalar] = []
        while true {
            guard position < characters.count else { throw error("unterminated string", at: start) }
            let character = characters[position]
            if character == quote, !triple || characters[position...].starts(with: [quote, quote, quote]) {
                position += triple ? 3 : 1
                break
            }
            if character == "\n", !triple { throw error("unterminated string", at: start) }
            position += 1
            if character == "\\", !prefix.raw {
                scalars += try readEscape(bytes: prefix.bytes, start: position - 1)
            } else {
                if character == "\\", position < characters.count {
                    scalars += character.unicodeScalars
                    scalars += characters[position].unicodeScalars
                    position += 1
                    continue
                }
                scalars += character.unicodeScalars
            }
        }
        if prefix.bytes {
            guard scalars.allSatisfy({ $0.value < 0x100 }) else {
                throw error("bytes can only contain ASCII characters", at: start)
            }
            return .bytes(scalars.map { UInt8($0.value) })
        }
        var text = ""
        text.unicodeScalars.append(contentsOf: scalars)
        return .string(text)
    }

    private mutating func readEscape(bytes: Bool, start: Int) throws(PythonSyntaxError) -> [Unicode.Scalar] {
        guard position < characters.count else { throw error("unterminated string", at: start) }
        let character = characters[position]
        position += 1
        switch character {
        case "\n": return []
        case "\\", "'", "\"": return Array(character.unicodeScalars)
        case "n": return ["\n"]
        case "t": return ["\t"]
        case "r": return ["\r"]
        case "a": return ["\u{07}"]
        case "b": return ["\u{08}"]
        case "f": return ["\u{0C}"]
        case "v": return ["\u{0B}"]
        case "0"..."7":
            var value = UInt32(character.wholeNumberValue ?? 0)
            for _ in 0..<2 {
                guard let digit = characters[safe: position], let number = digit.wholeNumberValue, number < 8 else {
                    break
                }
                value = value * 8 + UInt32(number)
                position += 1
            }
            return [Unicode.Scalar(value) ?? "\u{FFFD}"]
        case "x": return [try readHexScalar(digits: 2, start: start)]
        case "u" where !bytes: return [try readHexScalar(digits: 4, start: start)]
        case "U" where !bytes: return [try readHexScalar(digits: 8, start: start)]
        default: return ["\\"] + Array(character.unicodeScalars)
        }
    }

    private mutating func readHexScalar(digits: Int, start: Int) throws(PythonSyntaxError) -> Unicode.Scalar {
        guard position + digits <= characters.count,
            let value = UInt32(String(characters[position..<(position + digits)]), radix: 16),
            let scalar = Unicode.Scalar(value)
        else { throw error("invalid escape", at: start) }
        position += digits
        return scalar
    }
}

extension Array {
    subscript(safe index: Int) -> Element? {
        indices.contains(index) ? self[index] : nil
    }
}
