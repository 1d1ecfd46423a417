import Foundation
import Pipeline
import TestSupport
import Testing

/// `inspect`, `explain` and `convert` say the same of every fixture and corpus model: a Lambda is
/// `rewritable` in inspect exactly when convert rewrites and lowers it, explain exits 1 exactly
/// when convert refuses some Lambda, and inspect names a refusal for a layer exactly when convert
/// fails on it. (Hostile files stay out: one of them crashes libhdf5 in the reading process.)
@Suite struct CommandAgreementTests {
    static let models: [String] = {
        let folders = ["models", "diagnosis", "bad"].map { FixturePaths.fixtures.appendingPathComponent($0) }
        let families =
            (try? FileManager.default.contentsOfDirectory(
                at: FixturePaths.fixtures.appendingPathComponent("families"), includingPropertiesForKeys: nil)) ?? []
        var paths: [String] = []
        for folder in folders + families {
            let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
            paths += names.filter { $0.hasSuffix(".h5") }.sorted().map { folder.appendingPathComponent($0).path }
        }
        return paths + FixturePaths.corpusFiles
    }()

    @Test func thereAreModelsToCompare() {
        #expect(Self.models.count > 40)
        #expect(Self.models.contains { $0.hasSuffix("diagnosis/round_lambda.h5") })
    }

    @Test(arguments: models)
    func inspectExplainAndConvertAgree(path: String) throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("delambda-agree-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let record = Pipeline.convertRecording(path, output: folder.appendingPathComponent("model.mlmodel").path)
        let inspected: InspectReport
        do {
            inspected = try Pipeline.inspect(path)
        } catch {
            // Unreadable for inspect: unreadable for convert and explain too, with the same exit code.
            #expect(record.status.exitCode == 2, "\(record.status): \(record.reason ?? "")")
            #expect(throws: PipelineError.self) { try Pipeline.explain(path, layer: nil) }
            return
        }
        let explained = try Pipeline.explain(path, layer: nil)
        let converted = Dictionary(record.lambdas.map { ($0.layer, $0) }, uniquingKeysWith: { first, _ in first })
        for row in inspected.lambdaRows {
            let lambda = try #require(converted[row.name], "convert did not report Lambda '\(row.name)'")
            #expect((row.status == .rewritable) == (lambda.status == .rewritable), "layer '\(row.name)'")
            #expect(row.refusal == lambda.message, "layer '\(row.name)'")
        }
        #expect(explained.exitCode == (record.problemLambdas.isEmpty ? 0 : 1), "\(record.reason ?? "")")
        #expect(explained.rows.map(\.inputShapes) == inspected.lambdaRows.map(\.inputShapes))
        let refused = inspected.layers.filter { $0.refusal != nil }.map(\.name)
        #expect(
            (record.status == .converted) == refused.isEmpty,
            "convert: \(record.status) \(record.reason ?? ""); inspect refuses \(refused)")
        for name in refused {
            #expect(record.reason?.contains("layer '\(name)'") == true, "convert does not name layer '\(name)'")
        }
    }
}
