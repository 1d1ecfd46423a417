/// The delambda commands a case can run, one picked per case.
enum CaseCommand: String, CaseIterable, Sendable {
    case inspect
    case inspectJSON = "inspect-json"
    case explain
    case convert
    case rewrite
    case lint
    case convertRules = "convert-rules"
    case convertFlags = "convert-flags"
    case bulk

    /// Picks a command; model commands are more frequent than rule files and bulk.
    static func pick(_ random: inout SplitMix64) -> CaseCommand {
        random.pick([
            .inspect, .inspect, .inspectJSON, .inspectJSON, .explain, .explain, .convert, .convert, .convert, .rewrite,
            .rewrite, .rewrite, .lint, .lint, .convertRules, .convertFlags, .convertFlags, .convertFlags, .bulk, .bulk,
        ])
    }
}
