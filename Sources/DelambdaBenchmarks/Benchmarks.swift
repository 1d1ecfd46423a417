import ArgumentParser

/// Speed and memory measurements, run by hand (never by CI: timings on shared machines are noise
/// for a test, information for a person).
@main
struct Benchmarks: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "delambda-bench",
        abstract: "Measure Delambda's throughput on committed or generated inputs.",
        subcommands: [DecompileBenchmark.self, ConvertBenchmark.self, BulkBenchmark.self]
    )
}
