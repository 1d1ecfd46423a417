import JSON
import KerasModel

extension InspectReport {
    /// The human-readable form: a layer table, then each Lambda's stored function.
    public func renderText() -> String {
        var lines: [String] = []
        var header = "\(file): \(modelClass) '\(modelName)'"
        if let kerasVersion { header += ", Keras \(kerasVersion)" }
        if let backend { header += ", backend \(backend)" }
        lines.append(header)
        lines.append("")
        let table = layers.map { row -> [String] in
            let indent = String(repeating: "  ", count: row.path.count)
            return [
                indent + "\(row.name) (\(row.className))",
                row.outputShape?.description ?? "?",
                String(row.parameters),
                row.inbound.joined(separator: ", "),
            ]
        }
        lines += Self.alignedTable(header: ["Layer (type)", "Output shape", "Params", "Inbound"], rows: table)
        lines.append("Total params: \(totalParameters)")
        let lambdas = lambdaRows
        if !lambdas.isEmpty {
            lines.append("")
            lines.append("Lambda layers (\(lambdas.count)):")
            for row in lambdas { lines += functionLines(row) }
        }
        let refused = layers.filter { $0.function == nil && $0.refusal != nil }
        if !refused.isEmpty {
            lines.append("")
            lines.append("Layers Core ML cannot convert (\(refused.count)):")
            for row in refused { lines.append("  \(row.name) (\(row.className)): \(row.refusal ?? "")") }
        }
        for warning in warnings { lines.append("warning: \(warning)") }
        return lines.joined(separator: "\n") + "\n"
    }

    private func functionLines(_ row: Row) -> [String] {
        guard let function = row.function else { return [] }
        var description: String
        switch function.payload {
        case "marshal":
            description = "marshaled code, \(function.codeSize ?? 0) bytes, \(function.encoding ?? "base64")"
        case "named": description = "function stored by name '\(function.name ?? "?")'"
        default: description = "TensorFlow op '\(function.name ?? "?")'"
        }
        if let module = function.module { description += ", module \(module)" }
        var lines = ["  \(row.name) (\(row.className)): \(description)"]
        let compact = JSONWriter(style: .python)
        if !function.arguments.isEmpty {
            lines.append("      arguments: \(compact.string(.object(function.arguments)))")
        }
        if let defaults = function.defaults { lines.append("      defaults: \(compact.string(defaults))") }
        if let closure = function.closure { lines.append("      closure: \(compact.string(closure))") }
        if !function.callArguments.isEmpty {
            lines.append("      call arguments: \(compact.string(.object(function.callArguments)))")
        }
        if let shape = function.outputShape { lines.append("      output_shape: \(shape)") }
        if let recovered = row.recovered { lines += Self.recoveryLines(recovered) }
        if let rewrite = row.rewrite {
            if rewrite.status == .rewritable {
                lines.append("      core ops: \(rewrite.result)")
            } else {
                lines.append("      unsupported: \(rewrite.stop)")
            }
        }
        lines += Self.conversionLines(row)
        return lines
    }

    /// What `convert` would say of a Lambda that is not rewritable: the backend's refusals and
    /// the message with its next step (inspect and explain print the same).
    static func conversionLines(_ row: Row) -> [String] {
        var lines = row.refusals.map { "      refused by Core ML: \($0.op): \($0.reason)" }
        if let note = row.sizeNote { lines.append("      sizes: \(note)") }
        if row.status != .rewritable, let refusal = row.refusal, refusal != row.recovered?.failure?.message {
            lines.append("      convert: \(refusal)")
        }
        return lines
    }

    /// Left-aligned columns with two spaces between them, the numeric third column right-aligned.
    static func alignedTable(header: [String], rows: [[String]]) -> [String] {
        let all = [header] + rows
        let widths = header.indices.map { column in all.map { $0[column].count }.max() ?? 0 }
        return all.map { cells in
            cells.enumerated().map { column, cell in
                let padding = String(repeating: " ", count: widths[column] - cell.count)
                if column == 2 { return padding + cell }
                return column == cells.count - 1 ? cell : cell + padding
            }.joined(separator: "  ")
        }
    }
}
