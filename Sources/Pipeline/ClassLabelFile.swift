import CoreMLSpec
import JSON

/// The file of `convert --class-labels FILE`: a JSON list of strings or of whole numbers (`["cat",
/// "dog"]`, `[0, 1]`), or else one label a line (a final newline ends the last one; lines are
/// kept as written, spaces included).
public enum ClassLabelFile {
    /// The labels in the file at `path`.
    /// - Throws: a usage error (exit 2) naming the file and what is wrong with it.
    public static func read(_ path: String) throws(PipelineError) -> ClassLabels {
        let text: String
        do {
            text = try TextFile.read(path)
        } catch {
            throw PipelineError(.usage, "--class-labels \(path): \(error)", location: .init(file: path))
        }
        return try parse(text, file: path)
    }

    /// The labels `text` lists; `file` names it in errors.
    static func parse(_ text: String, file: String) throws(PipelineError) -> ClassLabels {
        func refuse(_ message: String) -> PipelineError {
            PipelineError(.usage, "--class-labels \(file): \(message)", location: .init(file: file))
        }
        let labels: ClassLabels
        if text.first(where: { !$0.isWhitespace }) == "[" {
            let value: JSONValue
            do {
                value = try JSONParser.parse(text)
            } catch {
                throw refuse("not a JSON list: \(error)")
            }
            let items = value.array ?? []
            let strings = items.compactMap { item -> String? in
                if case .string(let text) = item { return text }
                return nil
            }
            let integers = items.compactMap { item -> Int64? in
                if case .int(let number) = item { return Int64(number) }
                return nil
            }
            if strings.count == items.count {
                labels = .strings(strings)
            } else if integers.count == items.count {
                labels = .integers(integers)
            } else {
                throw refuse("a JSON list of labels holds strings only, or whole numbers only")
            }
        } else {
            var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { line in
                line.hasSuffix("\r") ? String(line.dropLast()) : String(line)
            }
            while lines.last == "" { lines.removeLast() }
            if let empty = lines.firstIndex(of: "") {
                throw refuse("line \(empty + 1) is empty; each line holds one label")
            }
            labels = .strings(lines)
        }
        guard labels.count > 0 else { throw refuse("no labels") }
        var seen: Set<String> = []
        for (index, label) in labels.texts.enumerated() where !seen.insert(label).inserted {
            throw refuse("label \(index + 1), '\(label)', is given twice")
        }
        return labels
    }
}
