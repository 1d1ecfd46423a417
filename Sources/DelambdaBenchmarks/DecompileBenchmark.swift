import ArgumentParser
import Foundation
import JSON
import PythonBytecode

/// Decode + decompile throughput (with version detection) over the payload table.
struct DecompileBenchmark: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "decompile",
        abstract: "Lambdas per second: marshal decoding, version detection and decompiling of the payload table."
    )

    @Option(help: "Folder of payload tables (pyXY.json).")
    var table = "Fixtures/bytecode/payloads"

    @Option(help: "Passes over the table.")
    var rounds = 5

    func run() throws {
        let payloads = try loadPayloads()
        guard !payloads.isEmpty else { throw ValidationError("no payloads under \(table)") }
        print("\(payloads.count) payloads from \(table), \(rounds) rounds")
        var timings: [String: Duration] = [:]
        var failures = 0
        let clock = ContinuousClock()
        let total = clock.measure {
            for _ in 0..<rounds {
                for (version, bytes) in payloads {
                    let start = clock.now
                    do { _ = try FunctionRecovery().recover(bytes) } catch { failures += 1 }
                    timings[version, default: .zero] += clock.now - start
                }
            }
        }
        for version in timings.keys.sorted(by: { $0.count == $1.count ? $0 < $1 : $0.count < $1.count }) {
            let count = payloads.filter { $0.version == version }.count * rounds
            print("  python \(version): \(Self.rate(count, timings[version] ?? .zero)) lambdas/s")
        }
        let count = payloads.count * rounds
        print("all: \(count) lambdas in \(total), \(Self.rate(count, total)) lambdas/s, \(failures) failures")
    }

    private func loadPayloads() throws -> [(version: String, bytes: [UInt8])] {
        let names = try FileManager.default.contentsOfDirectory(atPath: table)
            .filter { $0.hasPrefix("py") && $0.hasSuffix(".json") }.sorted()
        var result: [(String, [UInt8])] = []
        for name in names {
            let text = try String(contentsOfFile: table + "/" + name, encoding: .utf8)
            let json = try JSONParser.parse(text)
            let version = json["python_version"]?.string ?? name
            for entry in json["payloads"]?.object ?? JSONObject() {
                if let base64 = entry.value.string, let data = Data(base64Encoded: base64) {
                    result.append((version, Array(data)))
                }
            }
        }
        return result
    }

    private static func rate(_ count: Int, _ duration: Duration) -> String {
        let seconds = Double(duration.components.seconds) + Double(duration.components.attoseconds) * 1e-18
        return String(format: "%.0f", Double(count) / max(seconds, 1e-9))
    }
}
