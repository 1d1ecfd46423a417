import Foundation
import KerasModel
import ONNXBackend
import ONNXSpec
import TestSupport
import Testing

/// The ONNX writer streams: large weights wait in a spool file and are framed into the model (or
/// copied to its data file) one at a time. What it writes must be the very model the in-memory
/// serializer gives, and the spool must not outlive the conversion.
@Suite struct ONNXStreamingTests {
    static let fixture = "models/plain_functional.h5"

    /// Converts the fixture with every weight spooled and writes it through `write`.
    static func written(threshold: Int, in folder: URL) throws -> (model: Data, data: Data, spooled: Int) {
        let model = try KerasModelReader.read(FixturePaths.fixture(fixture))
        var modelBytes = Data()
        var dataBytes = Data()
        let spool = try ONNXWeightSpool(url: folder.appendingPathComponent("spool"), smallest: 0)
        let converted = try ONNXConverter.convert(model, lambdas: [:], options: .init(), spool: spool)
        #expect(ONNXModelFile.needsDataFile(converted, threshold: threshold) == (threshold == 0))
        try ONNXModelFile.write(
            converted, spool: spool, dataFileName: "model.onnx.data", threshold: threshold,
            model: { modelBytes.append($0) }, data: { dataBytes.append($0) })
        return (modelBytes, dataBytes, converted.spooled.count)
    }

    @Test func spooledWeightsFramedInsideTheModelParseAsTheModelInMemory() throws {
        let folder = try ONNXCommandTests.folder()
        let (bytes, data, spooled) = try Self.written(threshold: 2_000_000_000, in: folder)
        #expect(data.isEmpty && spooled >= 5, "\(spooled) spooled")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).isEmpty, "the spool is removed")
        let expected = try ONNXConverter.convert(
            try KerasModelReader.read(FixturePaths.fixture(Self.fixture)), lambdas: [:])
        #expect(try Onnx_ModelProto(serializedBytes: bytes) == expected)
    }

    /// A real model converted by the command: its large weights went through the spool, which is
    /// gone, and the file reads back (onnxruntime runs it in `ONNXRuntimeTests`).
    @Test func theCommandLeavesOnlyTheModel() throws {
        let folder = try ONNXCommandTests.folder()
        let output = folder.appendingPathComponent("model.onnx")
        let corpus = try #require(FixturePaths.corpusFiles.first)
        let result = try ProcessRunner.delambda(["convert", corpus, "-o", output.path])
        #expect(result.exitCode == 0, "\(result.standardError)")
        let written = try Onnx_ModelProto(serializedBytes: try Data(contentsOf: output))
        #expect(written.graph.initializer.contains { $0.rawData.count >= 1024 }, "a large weight, spooled")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["model.onnx"])
    }

    @Test func spooledWeightsMoveToTheDataFileByteForByte() throws {
        let folder = try ONNXCommandTests.folder()
        let (bytes, data, _) = try Self.written(threshold: 0, in: folder)
        let inMemory = try ONNXConverter.convert(
            try KerasModelReader.read(FixturePaths.fixture(Self.fixture)), lambdas: [:])
        let written = try Onnx_ModelProto(serializedBytes: bytes)
        #expect(written.graph.initializer.count == inMemory.graph.initializer.count)
        for (tensor, original) in zip(written.graph.initializer, inMemory.graph.initializer) {
            guard !original.rawData.isEmpty else { continue }
            #expect(tensor.dataLocation == .external && tensor.rawData.isEmpty, "\(tensor.name)")
            let entries = Dictionary(uniqueKeysWithValues: tensor.externalData.map { ($0.key, $0.value) })
            let offset = try #require(Int(entries["offset"] ?? ""))
            let length = try #require(Int(entries["length"] ?? ""))
            #expect(offset % 4096 == 0 && entries["location"] == "model.onnx.data")
            #expect(data.subdata(in: offset..<offset + length) == original.rawData, "\(tensor.name)")
        }
    }

    /// The spool lives beside the output, so an output folder that is missing is the user's
    /// mistake (exit 2, naming the output), not a conversion failure.
    @Test func aMissingOutputFolderIsAUsageError() throws {
        let folder = try ONNXCommandTests.folder().appendingPathComponent("missing")
        let result = try ProcessRunner.delambda([
            "convert", FixturePaths.fixture("models/multi_lambda.h5"), "-o",
            folder.appendingPathComponent("m.onnx").path,
        ])
        #expect(result.exitCode == 2)
        #expect(result.standardError.contains("m.onnx: cannot write: no folder"), "\(result.standardError)")
        #expect(!FileManager.default.fileExists(atPath: folder.path))
    }
}
