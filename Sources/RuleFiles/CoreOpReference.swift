import CoreOps

/// The core-op catalog as a Markdown table, for `Rules/README.md` (a test keeps the two equal).
public enum CoreOpReference {
    public static let beginMarker = "<!-- core-op catalog: generated from Sources/CoreOps, do not edit -->"
    public static let endMarker = "<!-- end of core-op catalog -->"

    /// One row per op: its name, operands, attributes (with defaults) and summary.
    public static var markdown: String {
        var lines = ["| op | operands | attributes | computes |", "|---|---|---|---|"]
        for op in CoreOpCatalog.all.sorted(by: { $0.name < $1.name }) {
            let attributes = op.attributes.map { attribute in
                attribute.defaultValue.map { "`\(attribute.name)=\($0)`" } ?? "`\(attribute.name)` (\(attribute.kind))"
            }.joined(separator: ", ")
            let summary = op.summary.replacingOccurrences(of: "|", with: "\\|")
            lines.append("| `\(op.name)` | \(op.operands) | \(attributes.isEmpty ? "" : attributes) | \(summary) |")
        }
        return ([beginMarker] + lines + [endMarker]).joined(separator: "\n")
    }
}
