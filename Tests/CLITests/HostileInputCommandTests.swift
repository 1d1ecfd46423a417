import Foundation
import HDF5
import TestSupport
import Testing

/// Every command on files made to attack it (`Fixtures/hostile`): exit 2 with one line naming the
/// file and what is wrong, no output file, the input untouched; and no wait on a FIFO.
@Suite struct HostileInputCommandTests {
    static let files = [
        "external_link.h5", "external_storage.h5", "virtual_dataset.h5", "soft_link_escape.h5", "huge_declared.h5",
        "unwritten_kernel.h5", "compressed_bomb.h5", "cycle.h5", "transposed_kernel.h5", "wrong_input_width.h5",
        "missing_weights.h5", "libhdf5_crash.h5", "zero_strides.h5",
    ]

    /// A command and the output it would write (nil for the reporting ones).
    static let commands: [(name: String, output: String?)] = [
        ("inspect", nil), ("explain", nil), ("convert", "out.mlmodel"), ("rewrite", "out.h5"),
    ]

    static func folder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("delambda-hostile-\(UUID())")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    @Test(arguments: files)
    func everyCommandRefusesTheFileByName(_ file: String) throws {
        let path = FixturePaths.fixture("hostile/\(file)")
        let before = try Data(contentsOf: URL(fileURLWithPath: path))
        for command in Self.commands {
            let folder = try Self.folder()
            defer { try? FileManager.default.removeItem(at: folder) }
            let output = command.output.map { ["-o", folder.appendingPathComponent($0).path] } ?? []
            let result = try ProcessRunner.delambda([command.name, path] + output)
            #expect(result.exitCode == 2, "\(command.name) \(file): \(result.standardError)")
            let lines = result.standardError.split(separator: "\n")
            #expect(lines.count == 1, "\(command.name) \(file): \(result.standardError)")
            #expect(lines.first?.hasPrefix("delambda: error: \(path)") == true, "\(result.standardError)")
            #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).isEmpty)
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before, "\(file) was changed")
    }

    @Test func aFIFONamedAsTheModelIsRefusedWithoutWaiting() throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let fifo = folder.appendingPathComponent("model.h5").path
        try #require(try ProcessRunner.run(URL(fileURLWithPath: "/usr/bin/env"), ["mkfifo", fifo]).exitCode == 0)
        for command in Self.commands {
            let output = command.output.map { ["-o", folder.appendingPathComponent($0).path] } ?? []
            let result = try ProcessRunner.delambda([command.name, fifo] + output)
            #expect(result.exitCode == 2)
            #expect(result.standardError.contains("FIFO (named pipe), not a regular file"), "\(result.standardError)")
        }
    }

    @Test func aRuleFileThatIsAFIFOOrHugeIsRefusedWithoutReadingIt() throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let fifo = folder.appendingPathComponent("rules.yaml").path
        try #require(try ProcessRunner.run(URL(fileURLWithPath: "/usr/bin/env"), ["mkfifo", fifo]).exitCode == 0)
        let huge = folder.appendingPathComponent("huge.yaml")
        try Data(repeating: UInt8(ascii: "["), count: 2 << 20).write(to: huge)
        let model = FixturePaths.fixture("models/lambda_math.h5")
        for (arguments, says) in [
            (["lint", fifo], "is a FIFO (named pipe)"), (["lint", huge.path], "over the 1 MiB such a file may take"),
            (["inspect", model, "--rules", huge.path], "over the 1 MiB"),
            (["inspect", model, "--function-source", fifo], "is a FIFO (named pipe)"),
        ] {
            let result = try ProcessRunner.delambda(arguments)
            #expect(result.exitCode == 2, "\(arguments)")
            #expect(result.standardError.contains(says), "\(result.standardError)")
            #expect(result.standardError.count < 400)
        }
    }

    /// bulk never touches its inputs: a `--report` naming one of the models, or any path inside
    /// the folder being converted, is refused before anything is converted.
    @Test func aBulkReportAmongTheInputsIsRefused() throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let models = folder.appendingPathComponent("models")
        try FileManager.default.createDirectory(at: models, withIntermediateDirectories: true)
        let model = models.appendingPathComponent("m.h5")
        try FileManager.default.copyItem(atPath: FixturePaths.fixture("models/lambda_math.h5"), toPath: model.path)
        let before = try Data(contentsOf: model)
        let output = folder.appendingPathComponent("out").path
        for (report, says) in [
            (model.path, "that is one of the models"),
            (models.appendingPathComponent("report.json").path, "inside the folder of models"),
        ] {
            let result = try ProcessRunner.delambda(["bulk", models.path, "-o", output, "--report", report])
            #expect(result.exitCode == 2, "\(result.standardError)")
            #expect(result.standardError.contains(says), "\(result.standardError)")
            #expect(try FileManager.default.contentsOfDirectory(atPath: models.path) == ["m.h5"])
            #expect(!FileManager.default.fileExists(atPath: output))
        }
        #expect(try Data(contentsOf: model) == before)
    }

    /// A Lambda argument of a million numbers is quoted by its first items in inspect's text,
    /// not printed whole (the JSON `arguments` keep it all).
    @Test func aHugeArgumentIsShortenedInTheTextReport() throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let model = folder.appendingPathComponent("huge_argument.h5").path
        try FileManager.default.copyItem(
            atPath: FixturePaths.fixture("models/inception_resnet_block.h5"), toPath: model)
        // Closed (and unlocked) at the end of the scope, before delambda opens the file.
        do {
            let file = try HDF5File.openForUpdate(model)
            var config = try #require(try file.root.attributes.read("model_config"))
            let huge = "[" + (0..<1_000_000).map(String.init).joined(separator: ", ") + "]"
            let text = try #require(config.string)
            config.value = .strings([text.replacingOccurrences(of: "{\"scale\": 0.17}", with: "{\"scale\": \(huge)}")])
            try file.root.attributes.write(config)
            try file.flush()
        }
        let result = try ProcessRunner.delambda(["inspect", model])
        #expect(result.exitCode == 0, "\(result.standardError)")
        let line = try #require(result.standardOutput.split(separator: "\n").first { $0.contains("(argument)") })
        #expect(line.contains("scale = [0, 1, 2, 3") && line.contains("... (1000000 items)] (argument)"))
        #expect(line.count < 300)
    }

    /// `libhdf5_crash.h5` still makes libhdf5 itself crash, so the test above proves that the crash
    /// ends the child that reads first and not the command (libhdf5 1.10, as on Debian 12).
    @Test(.enabled(if: FileManager.default.fileExists(atPath: "/usr/lib/x86_64-linux-gnu/libhdf5_serial.so.103")))
    func libhdf5StillCrashesOnTheFileInTheReadingChild() throws {
        let script = "echo \"$1\" | \"$0\" read-probe 2>/dev/null; echo \"status $?\""
        let result = try ProcessRunner.run(
            URL(fileURLWithPath: "/bin/sh"),
            ["-c", script, FixturePaths.delambdaBinary.path, FixturePaths.fixture("hostile/libhdf5_crash.h5")])
        // The shell reports a death by SIGSEGV as 128 + 11.
        #expect(result.standardOutput == "status 139\n", "\(result.standardOutput)")
        let model = FixturePaths.fixture("models/multi_lambda.h5")
        let healthy = try ProcessRunner.run(
            URL(fileURLWithPath: "/bin/sh"), ["-c", script, FixturePaths.delambdaBinary.path, model])
        #expect(healthy.standardOutput == "read\nstatus 0\n")
    }

    /// `global_heap_loop.h5` sends libhdf5 into an endless loop: the reading child ends at its
    /// processor-time limit and the command refuses the file, well before the wall-clock limit.
    @Test func aFileThatMakesLibhdf5LoopIsRefusedAtTheChildsProcessorTime() throws {
        let model = FixturePaths.fixture("hostile/global_heap_loop.h5")
        let result = try ProcessRunner.delambda(["inspect", model])
        #expect(result.exitCode == 2)
        #expect(
            result.standardError
                == "delambda: error: \(model): damaged HDF5 structure: libhdf5 was still reading it after 10 s "
                + "of processor time\n")
    }

    #if os(Linux)
        /// A command killed while its reading child loops (a time limit of the caller's) leaves no
        /// child behind: the child watches its parent and ends with it.
        @Test func theReadingChildEndsWithItsParent() throws {
            // The shell starts the command, finds its reading child, kills the command and says
            // whether the child still runs five seconds later (a zombie no one reaped has ended);
            // the child's own limit of processor time would end it only after 10 s of computing.
            let script = """
                "$0" inspect "$1" 2>/dev/null & parent=$!
                child=""; tries=0
                while [ -z "$child" ] && [ $tries -lt 100 ]; do
                    sleep 0.05; tries=$((tries + 1))
                    child=$(cat /proc/$parent/task/$parent/children 2>/dev/null)
                done
                [ -n "$child" ] || { echo "no child"; exit; }
                kill -KILL $parent; wait $parent
                alive() { kill -0 $child 2>/dev/null && ! grep -q ') Z ' /proc/$child/stat; }
                tries=0
                while alive && [ $tries -lt 50 ]; do sleep 0.1; tries=$((tries + 1)); done
                if alive; then echo "still running"; else echo "ended"; fi
                """
            let result = try ProcessRunner.run(
                URL(fileURLWithPath: "/bin/sh"),
                ["-c", script, FixturePaths.delambdaBinary.path, FixturePaths.fixture("hostile/global_heap_loop.h5")])
            #expect(result.standardOutput == "ended\n")
        }
    #endif

    /// A report that cannot be delivered (standard output on a full disk) is a failure, exit 2,
    /// for every command that prints one.
    @Test(.enabled(if: FileManager.default.fileExists(atPath: "/dev/full")))
    func aReportThatCannotBeWrittenIsAnError() throws {
        let model = FixturePaths.fixture("models/lambda_math.h5")
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        for arguments in [
            ["inspect", model], ["inspect", model, "--format", "json"], ["explain", model],
            ["convert", model, "-o", folder.appendingPathComponent("m.mlmodel").path],
            ["lint", FixturePaths.packageRoot.appendingPathComponent("Rules/keras_backend.yaml").path],
        ] {
            let script = "exec \"$0\" \"$@\" > /dev/full"
            let result = try ProcessRunner.run(
                URL(fileURLWithPath: "/bin/sh"), ["-c", script, FixturePaths.delambdaBinary.path] + arguments)
            #expect(result.exitCode == 2, "\(arguments)")
            #expect(
                result.standardError == "delambda: error: cannot write to standard output: No space left on device\n")
        }
    }

    /// The same model written twice, by two processes (each hashing with its own seed), gives the
    /// same bytes: Core ML's metadata map and new HDF5 objects' times used to differ.
    @Test func outputsAreTheSameBytesInEveryRun() throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        for (model, output, extra) in [
            ("multi_lambda.h5", "model.mlmodel", [String]()),
            ("conv_variants.h5", "model.h5", ["--flavour", "keras3"]),
        ] {
            var written: [Data] = []
            for run in 0..<2 {
                let path = folder.appendingPathComponent("\(run)-\(output)").path
                let command = output.hasSuffix(".h5") ? "rewrite" : "convert"
                let result = try ProcessRunner.delambda(
                    [command, FixturePaths.fixture("models/\(model)"), "-o", path] + extra)
                #expect(result.exitCode == 0, "\(result.standardError)")
                written.append(try Data(contentsOf: URL(fileURLWithPath: path)))
                Thread.sleep(forTimeInterval: 1.1)
            }
            #expect(written[0] == written[1], "\(model)")
        }
    }
}
