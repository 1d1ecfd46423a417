import JSON

extension InspectReport {
    /// How `inspect` prints its report.
    public enum Format: String, Sendable, CaseIterable {
        case text
        case json
    }

    /// Exactly what `delambda inspect --format format` prints.
    public func rendered(_ format: Format) -> String {
        switch format {
        case .text: return renderText()
        case .json: return JSONWriter(style: .pretty).string(jsonValue()) + "\n"
        }
    }
}
