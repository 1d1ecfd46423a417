/// One break of the command-line contract.
struct Finding: Sendable {
    /// What broke; the summary counts findings by kind.
    enum Kind: String, Sendable, CaseIterable {
        case signal
        case hang
        case badExitCode = "bad-exit-code"
        case crashText = "crash-text"
        case longMessage = "long-message"
        case noMessage = "no-message"
        case partialOutput = "partial-output"
        case missingOutput = "missing-output"
        case strayFile = "stray-file"
        case inputModified = "input-modified"
    }

    var kind: Kind
    var detail: String
}
