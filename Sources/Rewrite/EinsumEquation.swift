/// An einsum equation (`'bqd,bkd->bqk'`, `'...i,...i->...'`, `'ij,jk'`) split into the labels
/// of each operand and of the result, as TensorFlow and NumPy read it: letters are labels,
/// `...` stands for the axes no letter names, and without `->` the result is every label
/// written once, in alphabetical order, after `...`.
struct EinsumEquation {
    /// The marker for `...` in a written term.
    static let ellipsis = "..."

    /// Each operand's written labels (letters, and at most one ``ellipsis``).
    let inputs: [[String]]
    /// The result's written labels; nil when the equation has no `->`.
    let output: [String]?

    init?(_ text: String) {
        let compact = text.filter { !$0.isWhitespace }
        let sides = compact.components(separatedBy: "->")
        guard (1...2).contains(sides.count) else { return nil }
        var inputs: [[String]] = []
        for term in sides[0].split(separator: ",", omittingEmptySubsequences: false) {
            guard let labels = Self.terms(String(term)) else { return nil }
            inputs.append(labels)
        }
        self.inputs = inputs
        if sides.count == 2 {
            guard let labels = Self.terms(sides[1]) else { return nil }
            output = labels
        } else {
            output = nil
        }
    }

    /// The labels of one written term, `...` kept as one item; nil for anything but letters
    /// and one `...`.
    private static func terms(_ text: String) -> [String]? {
        let parts = text.components(separatedBy: ellipsis)
        guard parts.count <= 2, parts.allSatisfy({ $0.allSatisfy(\.isLetter) }) else { return nil }
        let letters = parts.map { $0.map(String.init) }
        return parts.count == 2 ? letters[0] + [ellipsis] + letters[1] : letters[0]
    }

    /// Labels for every axis of an operand of `rank` axes written `written`: `...` becomes one
    /// label per unnamed axis, numbered from the right so that operands broadcast. Nil when the
    /// rank disagrees, or is unknown where `...` needs it.
    func labels(_ written: [String], rank: Int?) -> [String]? {
        guard let position = written.firstIndex(of: Self.ellipsis) else {
            if let rank, rank != written.count { return nil }
            return written
        }
        guard let rank, rank >= written.count - 1 else { return nil }
        let count = rank - (written.count - 1)
        return Array(written[..<position]) + Self.ellipsisLabels(count) + Array(written[(position + 1)...])
    }

    /// The result's labels when `...` spans `ellipsisRank` axes; nil when the result writes
    /// `...` the operands do not have, or drops it when they do.
    func outputLabels(ellipsisRank: Int) -> [String]? {
        let hasEllipsis = inputs.contains { $0.contains(Self.ellipsis) }
        guard let output else {
            let letters = inputs.flatMap { $0 }.filter { $0 != Self.ellipsis }
            let once = Set(letters).filter { label in letters.filter { $0 == label }.count == 1 }.sorted()
            return (hasEllipsis ? Self.ellipsisLabels(ellipsisRank) : []) + once
        }
        guard let position = output.firstIndex(of: Self.ellipsis) else {
            return hasEllipsis && ellipsisRank > 0 ? nil : output
        }
        guard hasEllipsis else { return nil }
        return Array(output[..<position]) + Self.ellipsisLabels(ellipsisRank) + Array(output[(position + 1)...])
    }

    private static func ellipsisLabels(_ count: Int) -> [String] {
        (0..<count).reversed().map { "...\($0)" }
    }
}
