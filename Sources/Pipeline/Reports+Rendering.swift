import JSON

extension ConvertReport {
    /// Exactly what `delambda convert` prints: the written model, then the rules that fired.
    public func rendered() -> String {
        let written =
            output.lowercased().hasSuffix(".onnx")
            ? "\(layers) ONNX nodes (opset \(specificationVersion))"
            : output.lowercased().hasSuffix(".mlpackage")
                ? "\(layers) ML Program operations (specification version \(specificationVersion))"
                : "\(layers) Core ML layers (specification version \(specificationVersion))"
        var text = "wrote \(output): \(written), \(lambdas) Lambda layers rewritten\n"
        if !rules.isEmpty { text += "rules: \(rules.joined(separator: ", "))\n" }
        return text
    }
}

extension RewriteReport {
    /// Exactly what `delambda rewrite` prints: each Lambda and the layers that replaced it, the
    /// rules that fired, then the notes.
    public func rendered() -> String {
        var lines = ["wrote \(output) (\(dialect)): \(replacements.count) Lambda layers replaced"]
        for replacement in replacements {
            let layers = replacement.layers.map { layer in
                "\(layer.name) (\(layer.className)\(layer.moduleFunction.map { " " + $0 } ?? ""))"
            }
            lines.append("  \(replacement.lambda) -> \(layers.joined(separator: ", "))")
        }
        if !rules.isEmpty { lines.append("rules: \(rules.joined(separator: ", "))") }
        lines += notes.map { "note: \($0)" }
        return lines.joined(separator: "\n") + "\n"
    }
}

extension ExplainReport {
    /// Exactly what `delambda explain` prints.
    public func rendered() -> String { renderText() }
}

extension ModelRecord {
    /// Exactly what `delambda convert --report-json` prints: the record as one line of JSON.
    public func rendered() -> String {
        JSONWriter(style: .compact).string(jsonValue()) + "\n"
    }
}

extension BulkReport {
    /// Exactly what `delambda bulk` prints at the end: the summary table, then where the JSON
    /// report went.
    public func rendered() -> String {
        renderSummary() + (reportPath.map { "report: \($0)\n" } ?? "")
    }
}
