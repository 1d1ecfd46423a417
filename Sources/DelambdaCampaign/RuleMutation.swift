import Foundation

/// Mutations of a YAML rule file's text, each a small function in one table.
struct RuleMutation: Sendable {
    var name: String
    var apply: @Sendable (String, inout SplitMix64) -> String

    /// Applies one mutation picked by `random` and says which.
    static func mutate(_ text: String, _ random: inout SplitMix64) -> (String, String) {
        let mutation = random.pick(table)
        return (mutation.apply(text, &random), mutation.name)
    }

    static let table: [RuleMutation] = [
        RuleMutation(name: "deep-flow-nesting") { text, random in
            let depth = random.pick([1000, 100_000])
            return text + "\nextra: " + String(repeating: "[", count: depth)
                + (random.chance(1, in: 2) ? "" : String(repeating: "]", count: depth)) + "\n"
        },
        RuleMutation(name: "deep-block-nesting") { text, random in
            var lines = text + "\nnested:\n"
            for level in 0..<random.pick([200, 5000]) {
                lines += String(repeating: " ", count: level + 1) + "k\(level):\n"
            }
            return lines + String(repeating: " ", count: 5002) + "x: 1\n"
        },
        RuleMutation(name: "huge-scalar") { text, random in
            let size = random.pick([1 << 16, 8 << 20])
            return text.replacingFirst(
                "description: ", with: "description: " + String(repeating: "y", count: size) + " ")
        },
        RuleMutation(name: "huge-mapping") { text, random in
            var extra = "\nhuge:\n"
            for index in 0..<random.pick([1000, 200_000]) { extra += "  key\(index): \(index)\n" }
            return text + extra
        },
        RuleMutation(name: "unknown-key") { text, random in
            let key = random.pick(["bogus: 1\n", "  - id: stray\n    frobnicate: yes\n", "rules: 3\n"])
            return random.chance(1, in: 2)
                ? key + text : text.replacingFirst("  - id: ", with: "  - bogus_key: [1, 2]\n    id: ")
        },
        RuleMutation(name: "bad-pattern") { text, random in
            let junk = random.pick([
                "$x ** ((((", "$", "lambda: lambda: $x", "$x $y", "'unterminated", String(repeating: "(", count: 5000),
                "f(" + String(repeating: "$x, ", count: 3000) + "$x)", "\\u0000", "$x.__class__.__mro__",
            ])
            return text.replacingNth(random.below(8), of: "match: ", with: "match: \"\(junk)\" #")
        },
        RuleMutation(name: "bad-rewrite") { text, random in
            let junk = random.pick(["nosuchop($x)", "add($x)", "$y", "reshape($x, shape=-1)", "((", "const(1e999)"])
            return text.replacingNth(random.below(8), of: "rewrite: ", with: "rewrite: \"\(junk)\" #")
        },
        RuleMutation(name: "anchors-and-aliases") { text, random in
            var bomb = "\na0: &a0 [x, x, x, x, x, x, x, x, x]\n"
            for level in 1..<random.pick([4, 12]) {
                bomb +=
                    "a\(level): &a\(level) [" + Array(repeating: "*a\(level - 1)", count: 9).joined(separator: ", ")
                    + "]\n"
            }
            return text + bomb
        },
        RuleMutation(name: "bytes") { text, random in
            var bytes = Array(text.utf8)
            _ = ByteMutation.mutate(&bytes, &random)
            return String(decoding: bytes, as: UTF8.self)
        },
        RuleMutation(name: "tabs-and-nul") { text, random in
            text.replacingNth(random.below(20), of: "\n  ", with: random.pick(["\n\t", "\n\u{0}", "\n  \u{FEFF}"]))
        },
    ]
}
