import Foundation
import JSON
import RuleFiles

/// What `delambda lint` found in rule files.
public struct LintReport: Sendable {
    public var files: [String]
    public var diagnostics: [Diagnostic]

    /// Exit code of the CLI contract: 0 clean, 1 findings.
    public var exitCode: Int32 { diagnostics.isEmpty ? 0 : 1 }

    /// `file:line:col: severity: [check-id] message`, the line and a caret; then a count.
    public func renderText() -> String {
        var lines = diagnostics.map(\.rendered)
        let errors = diagnostics.filter { $0.severity == .error }.count
        let warnings = diagnostics.filter { $0.severity == .warning }.count
        lines.append("\(errors) error(s), \(warnings) warning(s) in \(files.count) file(s)")
        return lines.joined(separator: "\n") + "\n"
    }

    public func jsonValue() -> JSONValue {
        .array(
            diagnostics.map { diagnostic in
                [
                    "file": .string(diagnostic.file), "line": .int(diagnostic.line), "column": .int(diagnostic.column),
                    "severity": .string(diagnostic.severity.rawValue), "check": .string(diagnostic.checkID),
                    "message": .string(diagnostic.message),
                ]
            })
    }

    /// A check as SARIF's `reportingDescriptor`: its id, and from the registry of lint checks its
    /// summary and the level of its findings unless one says otherwise.
    private static func sarifRule(_ check: LintCheck) -> JSONValue {
        [
            "id": .string(check.id), "shortDescription": ["text": .string(check.summary)],
            "defaultConfiguration": ["level": .string(check.severity.rawValue)],
        ]
    }

    /// SARIF 2.1.0, for code-scanning tools: the driver lists every check lint runs (found or
    /// not), from the registry of lint checks.
    public func sarifValue() -> JSONValue {
        let results: [JSONValue] = diagnostics.map { diagnostic in
            let region: JSONValue = ["startLine": .int(diagnostic.line), "startColumn": .int(diagnostic.column)]
            let location: JSONValue = [
                "physicalLocation": ["artifactLocation": ["uri": .string(diagnostic.file)], "region": region]
            ]
            return [
                "ruleId": .string(diagnostic.checkID), "level": .string(diagnostic.severity.rawValue),
                "message": ["text": .string(diagnostic.message)], "locations": [location],
            ]
        }
        let driver: JSONValue = [
            "name": "delambda", "informationUri": "https://github.com/delambda/delambda",
            "rules": .array(LintCheck.all.map(Self.sarifRule)),
        ]
        return [
            "version": "2.1.0", "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
            "runs": [["tool": ["driver": driver], "results": .array(results)]],
        ]
    }
}

extension Pipeline {
    /// Lints rule files (files or folders), with the built-in library in force beside them.
    public static func lint(_ paths: [String]) throws(PipelineError) -> LintReport {
        let sources: [RuleSource]
        do {
            sources = try RuleSourceFiles.read(paths)
        } catch {
            throw PipelineError(.unusableInput, error.description)
        }
        guard !sources.isEmpty else {
            throw PipelineError(.unusableInput, "no rule files (.yaml) in \(paths.joined(separator: ", "))")
        }
        let texts = Set(sources.map(\.text))
        let builtIn = RuleLibrary.builtInSources.filter { !texts.contains($0.text) }
        let library = RuleLibrary(sources: builtIn + sources)
        var recordings: [String: NumericRecordings] = [:]
        for source in sources {
            let base = source.name.hasSuffix(".yml") ? source.name.dropLast(4) : source.name.dropLast(5)
            guard let data = FileManager.default.contents(atPath: base + ".recorded.json"),
                let text = String(data: data, encoding: .utf8)
            else { continue }
            do {
                recordings[source.name] = try NumericRecordings.parse(text)
            } catch {
                throw PipelineError(.unusableInput, "\(base).recorded.json: \(error)")
            }
        }
        let names = Set(sources.map(\.name))
        let diagnostics = RuleLinter(library: library, linted: names, recordings: recordings).run()
        return LintReport(files: sources.map(\.name), diagnostics: diagnostics)
    }
}
