import ArgumentParser
import Foundation
import Pipeline

@main
struct Delambda: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "delambda",
        abstract: "Read Keras .h5 models with Lambda layers without running Python.",
        version: Pipeline.version,
        subcommands: [
            InspectCommand.self, ConvertCommand.self, ExplainCommand.self, LintCommand.self, BulkCommand.self,
            BulkWorkerCommand.self,
        ]
    )

    /// Runs the command, mapping failures to the exit codes of the CLI contract: 0 done,
    /// 1 not fully convertible, 2 usage or unreadable input.
    static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch let code as ExitCode {
            // The command has printed its report; the code says whether all was convertible.
            Foundation.exit(code.rawValue)
        } catch let error as PipelineError {
            FileHandle.standardError.write(Data("delambda: error: \(error.message)\n".utf8))
            Foundation.exit(error.exitCode)
        } catch {
            let code = exitCode(for: error)
            if code == .success {
                print(fullMessage(for: error))
                Foundation.exit(0)
            }
            FileHandle.standardError.write(Data("\(fullMessage(for: error))\n".utf8))
            Foundation.exit(2)
        }
    }
}
