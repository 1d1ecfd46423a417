import ArgumentParser
import Pipeline

struct BulkCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bulk",
        abstract: "Convert every model of a folder tree or a list file, in parallel worker processes.",
        discussion: """
            Outputs mirror the models' folders under OUTDIR. A model whose output is not older than \
            the model and the rules, written with the same options, is skipped (--force redoes it). \
            Exit 0 when every model was converted or skipped, 1 when some were not, 2 on usage errors.
            """
    )

    @Argument(help: "A folder searched for .h5/.hdf5/.keras models, or a list file with one model path a line.")
    var source: String

    @Option(name: .shortAndLong, help: ArgumentHelp("Where the outputs go.", valueName: "OUTDIR"))
    var output: String

    @Option(
        help: ArgumentHelp(
            "What each model becomes: mlmodel, mlpackage or onnx (convert), or h5 or keras (rewrite).",
            valueName: "TARGET"))
    var to: String = BulkOptions.Target.mlmodel.rawValue

    @Option(
        help: ArgumentHelp(
            "With --to h5: the Keras flavour to write, keras2 or keras3 (default: each model's own).",
            valueName: "FLAVOUR"))
    var flavour: Pipeline.KerasDialect?

    @Option(help: ArgumentHelp("Models converted at once (default: the number of cores).", valueName: "N"))
    var jobs: Int?

    @Option(help: ArgumentHelp("Write a JSON report of every model here.", valueName: "FILE.json"))
    var report: String?

    @Option(help: ArgumentHelp("Convert only the I-th of N shares of the sorted list (I from 1).", valueName: "I/N"))
    var shard: String?

    @Option(
        help: ArgumentHelp("Kill a model's worker after this many seconds (default: no limit).", valueName: "SECONDS"))
    var timeout: Double?

    @Option(
        help: ArgumentHelp(
            "Models each worker process converts before a fresh one takes over (default 16; 1: a process per model).",
            valueName: "N"))
    var modelsPerWorker: Int?

    @Flag(help: "Convert even the models whose outputs are up to date.")
    var force = false

    @OptionGroup var functionOptions: FunctionOptionsGroup
    @OptionGroup var ruleOptions: RuleOptionsGroup

    mutating func validate() throws {
        if flavour != nil, try BulkOptions.Target.parse(to) != .h5 {
            throw ValidationError("--flavour applies to --to h5 only")
        }
        try options().check()
    }

    func run() throws {
        let terminal = Terminal.standardErrorIsTerminal
        let width = Terminal.columns
        ProcessSettings.ignoreBrokenPipes()
        let result = try Pipeline.bulk(try options()) { progress in
            Terminal.writeError(terminal ? "\r\u{1B}[2K" + progress.bar(width: width) : progress.line + "\n")
        }
        if terminal { Terminal.writeError("\r\u{1B}[2K") }
        try Terminal.writeReport(result.rendered())
        if result.exitCode != 0 { throw ExitCode(result.exitCode) }
    }

    private func options() throws(PipelineError) -> BulkOptions {
        var options = BulkOptions(source: source, outputFolder: output)
        options.target = try BulkOptions.Target.parse(to)
        options.flavour = flavour
        if let jobs { options.jobs = jobs }
        if let shard { options.shard = try BulkShard(shard) }
        options.timeout = timeout
        options.force = force
        if let modelsPerWorker { options.modelsPerWorker = modelsPerWorker }
        options.reportPath = report
        options.python = functionOptions.python
        options.defines = functionOptions.defines
        options.functionSources = functionOptions.functionSources
        options.rules = ruleOptions.options
        return options
    }
}
