/// What became of one Lambda's function; the raw values are the reports' contract (inspect,
/// `convert --report-json`, bulk).
public enum LambdaStatus: String, Sendable, CaseIterable {
    /// Rewritten to core ops only.
    case rewritable
    /// A residue is left that no rule rewrites.
    case unsupported
    /// The function could not be decoded or bound to its inputs.
    case unrecovered
    /// Its core-op graph could not be built.
    case failed
}
