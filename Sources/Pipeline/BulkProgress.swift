import Foundation

/// One model done (converted, skipped or failed), as `bulk` announces it.
public struct BulkProgress: Sendable {
    /// Models done so far, this one included.
    public var completed: Int
    public var total: Int
    public var record: ModelRecord
    /// Its path under the list's root.
    public var relative: String
    /// Models done so far by status.
    public var counts: [ModelRecord.Status: Int]
    /// Seconds since the run started.
    public var elapsed: Double

    /// A plain line, for logs and pipes: `[3/20] converted sub/a.h5 (0.41 s)`, with the reason
    /// when it was not converted.
    public var line: String {
        let width = String(total).count
        let count = String(repeating: " ", count: width - String(completed).count) + "\(completed)"
        var text = "[\(count)/\(total)] \(record.status.rawValue.padding(toLength: 11, withPad: " ", startingAt: 0))"
        text += " \(relative)"
        if let seconds = record.workerSeconds { text += String(format: " (%.2f s)", seconds) }
        if record.status != .converted, let reason = record.reason { text += ": " + reason }
        return text
    }

    /// A one-line bar for a terminal, at most `width` columns: `[#####.....] 12/40 ok 11 failed 1 a.h5`.
    public func bar(width: Int) -> String {
        let cells = 24
        let filled = total == 0 ? cells : cells * completed / total
        let good = (counts[.converted] ?? 0) + (counts[.skipped] ?? 0)
        let rate = elapsed > 0 ? Double(completed) / elapsed : 0
        var text = "[" + String(repeating: "#", count: filled) + String(repeating: ".", count: cells - filled) + "]"
        text += " \(completed)/\(total) ok \(good) not \(completed - good)"
        text += String(format: " %.1f/s ", rate) + relative
        return text.count > width ? String(text.prefix(max(width - 1, 0))) : text
    }
}
