import Foundation
import TestSupport
import Testing

/// `scripts/check_portability.pl`, the CI step that keeps the code building on macOS: it must pass
/// the project's sources and catch each kind of unguarded platform call.
@Suite struct PortabilityCheckTests {
    static let script = FixturePaths.packageRoot.appendingPathComponent("scripts/check_portability.pl")

    /// Runs the check on one Swift file holding `source`.
    static func check(_ source: String) throws -> ProcessResult {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("portability-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try source.write(to: folder.appendingPathComponent("Sample.swift"), atomically: true, encoding: .utf8)
        return try ProcessRunner.run(URL(fileURLWithPath: "/usr/bin/env"), ["perl", script.path, folder.path])
    }

    @Test func theProjectSourcesPass() throws {
        let sources = FixturePaths.packageRoot.appendingPathComponent("Sources").path
        let result = try ProcessRunner.run(URL(fileURLWithPath: "/usr/bin/env"), ["perl", Self.script.path, sources])
        #expect(result.exitCode == 0, "\(result.standardError)")
    }

    static let unguarded: [(source: String, finding: String)] = [
        // A glibc-only call outside a Glibc branch.
        ("import Foundation\nfunc tune() { _ = mallopt(-1, 0) }\n", "glibc-only symbol"),
        // Linux's stat field name.
        ("import Foundation\nfunc age(_ info: stat) -> Int { info.st_mtim.tv_sec }\n", "glibc-only symbol"),
        // POSIX calls through Foundation's re-export of Glibc.
        ("import Foundation\nfunc shut(_ fd: Int32) { _ = close(fd) }\n", "calls the C library"),
        ("import Foundation\nlet code = errno\n", "calls the C library"),
        // A Glibc import with no Darwin branch.
        (
            "#if canImport(Glibc)\n    import Glibc\n#endif\nfunc shut(_ fd: Int32) { _ = close(fd) }\n",
            "without an `#elseif canImport(Darwin)` branch"
        ),
        ("import Glibc\n", "`import Glibc` outside"),
    ]

    @Test(arguments: unguarded)
    func anUnguardedCallIsFound(_ sample: (source: String, finding: String)) throws {
        let result = try Self.check(sample.source)
        #expect(result.exitCode == 1)
        #expect(result.standardError.contains(sample.finding), "\(result.standardError)")
    }

    static let guarded = [
        """
        #if canImport(Glibc)
            import Glibc
        #elseif canImport(Darwin)
            import Darwin
        #endif

        func shut(_ fd: Int32) -> String {
            _ = close(fd)
            #if canImport(Glibc)
                _ = mallopt(-1, 0)
            #elseif canImport(Darwin)
                // macOS's allocator has no such knob.
            #endif
            return String(cString: strerror(errno))
        }
        """,
        // Methods and closure parameters that share a C function's name.
        """
        struct Writer {
            var text = ""
            mutating func write(_ value: Int) { text += "\\(value)" }
            mutating func run(close: (Int) -> Void) { write(1); close(2) }
        }
        """,
    ]

    @Test(arguments: guarded)
    func guardedOrOwnCallsPass(_ source: String) throws {
        let result = try Self.check(source)
        #expect(result.exitCode == 0, "\(result.standardError)")
    }
}
