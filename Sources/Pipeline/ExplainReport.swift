/// What `delambda explain` shows: for each Lambda, its source, its bindings, every rule step of
/// the fixpoint, and the core-op result or the residue with why no rule applied.
public struct ExplainReport: Sendable {
    public var file: String
    public var rows: [InspectReport.Row]
    /// `--define` values no Lambda reads (the CLI prints them on stderr).
    public var warnings: [String] = []

    /// 1 when some Lambda is not rewritable (not decompiled, not rewritten, or refused by the
    /// Core ML backend), as the CLI contract says: what `convert` refuses.
    public var exitCode: Int32 {
        rows.contains { $0.status != .rewritable } ? 1 : 0
    }

    public func renderText() -> String {
        var lines: [String] = []
        for row in rows {
            lines.append("\(row.name) (\(row.className))")
            if let recovered = row.recovered { lines += InspectReport.recoveryLines(recovered) }
            if !row.inputShapes.isEmpty {
                let shapes = row.inputShapes.map { $0?.description ?? "?" }.joined(separator: ", ")
                lines.append("      input shape\(row.inputShapes.count == 1 ? "" : "s"): \(shapes)")
            }
            guard let rewrite = row.rewrite else {
                lines += InspectReport.conversionLines(row)
                lines.append("")
                continue
            }
            if let expression = row.recovered?.binding?.expression {
                lines.append("      rewriting: \(expression.source)")
            }
            for (index, step) in rewrite.steps.enumerated() {
                let place = step.path.isEmpty ? "" : " at \(step.path.map(String.init).joined(separator: "."))"
                lines.append("      \(index + 1). [\(step.ruleID)]\(place): \(step.before)  =>  \(step.after)")
            }
            lines.append("      result: \(rewrite.result)")
            lines.append("      \(rewrite.stop)")
            if rewrite.status == .rewritable {
                lines.append("      output shape: \(row.outputShape?.description ?? "?")")
            }
            for approximation in rewrite.approximations { lines.append("      approximation used: \(approximation)") }
            for (term, misses) in rewrite.residue {
                if misses.isEmpty { lines.append("      why not \(term): no rule matches its head") }
                for miss in misses { lines.append("      why not \(term): [\(miss.ruleID)] \(miss.reason)") }
            }
            lines += InspectReport.conversionLines(row)
            lines.append("")
        }
        return lines.joined(separator: "\n")
    }
}

extension Pipeline {
    /// Rewrites each Lambda of `path` (or only `layer`) and reports every step.
    public static func explain(
        _ path: String, layer: String?, options: FunctionOptions = FunctionOptions(),
        rules: RuleOptions = RuleOptions()
    ) throws(PipelineError) -> ExplainReport {
        let report = try inspect(path, options: options, rules: rules)
        var rows = report.lambdaRows
        if let layer {
            rows = rows.filter { $0.name == layer }
            guard !rows.isEmpty else {
                let names = report.lambdaRows.map(\.name).joined(separator: ", ")
                throw PipelineError(
                    .usage, "\(path): no Lambda layer named '\(layer)' (Lambda layers: \(names))",
                    location: .init(file: path, layer: layer))
            }
        }
        return ExplainReport(file: path, rows: rows, warnings: report.unusedDefines)
    }
}
