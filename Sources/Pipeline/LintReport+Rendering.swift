import JSON

extension LintReport {
    /// How `lint` prints its findings.
    public enum Format: String, Sendable, CaseIterable {
        case text
        case json
        case sarif
    }

    /// Exactly what `delambda lint --format format` prints.
    public func rendered(_ format: Format) -> String {
        switch format {
        case .text: return renderText()
        case .json: return JSONWriter(style: .pretty).string(jsonValue()) + "\n"
        case .sarif: return JSONWriter(style: .pretty).string(sarifValue()) + "\n"
        }
    }
}
