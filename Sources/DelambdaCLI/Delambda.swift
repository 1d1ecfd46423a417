import ArgumentParser
import Pipeline

@main
struct Delambda: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "delambda",
        abstract: "Read Keras .h5 models with Lambda layers without running Python.",
        version: Pipeline.version,
        subcommands: [
            InspectCommand.self, ConvertCommand.self, RewriteCommand.self, ExplainCommand.self, LintCommand.self,
            BulkCommand.self, BulkWorkerCommand.self, ReadProbeCommand.self, WriteProbeCommand.self,
        ]
    )

    /// Runs the command, mapping failures to the exit codes of the CLI contract: 0 done,
    /// 1 not fully convertible, 2 usage or unreadable input.
    static func main() {
        ProcessSettings.keepFreedMemory()
        // A model file is read first by a child process, which libhdf5 may crash instead of this one.
        ReadIsolation.enable()
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch let code as ExitCode {
            // The command has printed its report; the code says whether all was convertible.
            Terminal.exit(code.rawValue)
        } catch let error as PipelineError {
            fail(error)
        } catch {
            switch thrownByValidate(error) {
            case let failure as PipelineError:
                fail(failure)
            case let validation as ValidationError:
                // Rendered as when it was thrown by `run()`: the message and the tool's usage.
                failUsage(validation)
            default:
                failUsage(error)
            }
        }
    }

    private static func fail(_ error: PipelineError) -> Never {
        Terminal.reportWarnings(error.warnings)
        Terminal.reportError(error.message)
        Terminal.exit(error.exitCode)
    }

    /// ArgumentParser's own rendering (help, version, a parsing error), exit 0 for help and
    /// version, else 2.
    private static func failUsage(_ error: any Error) -> Never {
        guard exitCode(for: error) != .success else {
            print(fullMessage(for: error))
            Terminal.exit(0)
        }
        Terminal.writeError("\(fullMessage(for: error))\n")
        Terminal.exit(2)
    }

    /// The error a command's (or option group's) `validate()` threw. ArgumentParser hands it
    /// back inside an error of its own, whose `parserError` is `.userValidationError(error)`,
    /// and would print it as `Error: ...`; the CLI contract prints `delambda: error: ...`.
    private static func thrownByValidate(_ error: any Error) -> (any Error)? {
        guard let parserError = Mirror(reflecting: error).children.first(where: { $0.label == "parserError" })
        else { return nil }
        guard let payload = Mirror(reflecting: parserError.value).children.first,
            payload.label == "userValidationError"
        else { return nil }
        return payload.value as? any Error
    }
}
