/// Writes ``JSONValue``s as text.
public struct JSONWriter: Sendable {
    /// `pretty` indents by two spaces for people; `python` matches `json.dumps(value)` byte for
    /// byte (`", "` and `": "` separators, non-ASCII escaped), for files Keras will read back.
    public enum Style: Sendable {
        case pretty
        case compact
        case python
    }

    public var style: Style

    public init(style: Style = .pretty) {
        self.style = style
    }

    /// The text of `value`.
    public func string(_ value: JSONValue) -> String {
        var output = ""
        write(value, indent: 0, to: &output)
        return output
    }

    private func write(_ value: JSONValue, indent: Int, to output: inout String) {
        switch value {
        case .null: output += "null"
        case .bool(let flag): output += flag ? "true" : "false"
        case .int(let number): output += String(number)
        case .double(let number): output += Self.format(number)
        case .string(let text): writeString(text, to: &output)
        case .array(let items):
            writeContainer(
                open: "[", close: "]", count: items.count, indent: indent, to: &output,
                element: { index, output in write(items[index], indent: indent + 1, to: &output) })
        case .object(let object):
            let members = object.members
            writeContainer(
                open: "{", close: "}", count: members.count, indent: indent, to: &output,
                element: { index, output in
                    writeString(members[index].key, to: &output)
                    output += style == .compact ? ":" : ": "
                    write(members[index].value, indent: indent + 1, to: &output)
                })
        }
    }

    private func writeContainer(
        open: String, close: String, count: Int, indent: Int, to output: inout String,
        element: (Int, inout String) -> Void
    ) {
        output += open
        guard count > 0 else {
            output += close
            return
        }
        for index in 0..<count {
            if index > 0 { output += style == .python ? ", " : "," }
            if style == .pretty { output += "\n" + String(repeating: "  ", count: indent + 1) }
            element(index, &output)
        }
        if style == .pretty { output += "\n" + String(repeating: "  ", count: indent) }
        output += close
    }

    private func writeString(_ text: String, to output: inout String) {
        output += "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": output += "\\\""
            case "\\": output += "\\\\"
            case "\n": output += "\\n"
            case "\r": output += "\\r"
            case "\t": output += "\\t"
            case "\u{08}": output += "\\b"
            case "\u{0C}": output += "\\f"
            default:
                if scalar.value < 0x20 || (style == .python && scalar.value > 0x7F) {
                    for unit in String(scalar).utf16 { output += Self.unicodeEscape(unit) }
                } else {
                    output.unicodeScalars.append(scalar)
                }
            }
        }
        output += "\""
    }

    private static func unicodeEscape(_ unit: UInt16) -> String {
        let hex = String(unit, radix: 16)
        return "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
    }

    /// Formats a float as Python's `repr` does: shortest round-trip digits, `1.0` not `1`.
    public static func format(_ number: Double) -> String {
        if number.isNaN { return "NaN" }
        if number.isInfinite { return number < 0 ? "-Infinity" : "Infinity" }
        return number.description
    }
}
