import Foundation
import PythonBytecode

/// The next step each refusal ends with, so that a user who reads it knows what to do: supply
/// a global, pass a function's source, look at the rule steps and add a rule, or know that a
/// layer class is not supported yet. Also what blocks a model, as `bulk` counts it.
enum RefusalAdvice {
    /// Where rule files are explained to the people who write them.
    static let ruleGuide = "Rules/README.md, section \"A rule file\""

    /// After `unsupported: <residue>`: `--define` for each global the file does not store, and
    /// `explain` plus `--rules` for the calls no rule rewrites.
    static func residue(
        _ summary: RewriteSummary, missingGlobals: [String], file: String, layer: String
    ) -> String {
        var steps: [String] = []
        if !missingGlobals.isEmpty {
            let defines = missingGlobals.map { "--define \($0)=VALUE" }.joined(separator: " ")
            let noun = missingGlobals.count == 1 ? "a global" : "globals"
            steps.append("\(noun) the file does not store: supply \(defines)")
        }
        // `__raise__(E)`: the path the model's values choose raises (or unrolls a loop too long).
        if summary.residueHeads.contains(BytecodeDecompiler.raiseMarker) {
            steps.append("the function raises on the path this model's arguments and shapes choose")
        }
        if summary.residueHeads.contains(where: { !missingGlobals.contains($0) && $0 != BytecodeDecompiler.raiseMarker }
        ) {
            steps.append(
                "no rule rewrites it: see the rule steps with 'delambda explain \(file) --layer \(layer)', "
                    + "then add a rule in a file passed with --rules FILE.yaml (\(ruleGuide))")
        }
        return steps.isEmpty ? "" : " (" + steps.joined(separator: ", and ") + ")"
    }

    /// After a rewritten Lambda's source: the ops the backend refuses, each with its reason.
    static func refusals(_ refusals: [(op: String, reason: String)], backend: String) -> String {
        "the \(backend) backend refuses " + refusals.map { "\($0.op) (\($0.reason))" }.joined(separator: ", ")
    }

    /// After a function that was not recovered: the decompiler's limits, where that is why.
    static func unrecovered(_ recovered: RecoveredLambda, file: String) -> String {
        guard let message = recovered.failure?.message, message.contains("unsupported construct") else { return "" }
        return " (Delambda does not decompile this construct yet, see docs/decompiler.md: "
            + "write the Lambda without it and save the model again)"
    }

    /// What blocks a function that was not recovered.
    static func blocker(unrecovered recovered: RecoveredLambda) -> String {
        let message = recovered.failure?.message ?? ""
        if let start = message.range(of: "unsupported construct ") {
            let rest = message[start.upperBound...]
            let end = rest.range(of: " at offset")?.lowerBound ?? rest.endIndex
            return "construct \(rest[..<end]) (decompiler)"
        }
        if message.contains("stored by name only") { return "function stored by name" }
        return "function not recovered"
    }

    /// What blocks a Lambda left with a residue: each global it lacks, each call no rule rewrites.
    static func blockers(_ summary: RewriteSummary, missingGlobals: [String]) -> [String] {
        var blockers = missingGlobals.map { "global \($0)" }
        for head in summary.residueHeads where !missingGlobals.contains(head) {
            let blocker = head == BytecodeDecompiler.raiseMarker ? "the function raises" : "op \(head)"
            if !blockers.contains(blocker) { blockers.append(blocker) }
        }
        return blockers
    }
}
