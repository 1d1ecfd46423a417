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
            InspectCommand.self, ConvertCommand.self, RewriteCommand.self, ExplainCommand.self, LintCommand.self,
            BulkCommand.self, BulkWorkerCommand.self,
        ]
    )

    /// Runs the command, mapping failures to the exit codes of the CLI contract: 0 done,
    /// 1 not fully convertible, 2 usage or unreadable input.
    static func main() {
        keepFreedMemory()
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

    /// Large weight buffers are allocated and freed once per layer: glibc would return each to
    /// the system and fault fresh zeroed pages in for the next. Keeping freed memory for reuse
    /// halves the system time of converting a large model; the peak stays the largest live set.
    static func keepFreedMemory() {
        #if os(Linux)
            // glibc's <malloc.h> parameters (not exported by the Glibc module).
            let (trimThreshold, topPad, mmapThreshold): (Int32, Int32, Int32) = (-1, -2, -3)
            _ = glibcMallopt(mmapThreshold, 256 << 20)
            _ = glibcMallopt(trimThreshold, 512 << 20)
            _ = glibcMallopt(topPad, 64 << 20)
        #endif
    }
}

#if os(Linux)
    @_silgen_name("mallopt")
    private func glibcMallopt(_ parameter: Int32, _ value: Int32) -> Int32
#endif
