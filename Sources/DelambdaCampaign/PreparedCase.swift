/// One case ready to run: its inputs are written in `folder`, and the command's arguments use
/// paths relative to it (so that a saved copy of the folder replays the case).
struct PreparedCase: Sendable {
    var number: Int
    var command: CaseCommand
    /// The arguments after the delambda executable, run with `folder` as working directory.
    var arguments: [String]
    /// What was mutated and how, for the finding's line.
    var mutation: String
    /// The `-o` path of a single-output command, relative to the folder.
    var output: String?
    /// For bulk: the output folder, the report and the input base names.
    var bulk: BulkLayout?

    /// Where bulk's outputs may go.
    struct BulkLayout: Sendable {
        var outputFolder: String
        var report: String
        var inputNames: [String]
    }
}
