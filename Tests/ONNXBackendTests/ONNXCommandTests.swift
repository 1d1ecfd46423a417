import Foundation
import ONNXSpec
import TestSupport
import Testing

/// `delambda convert -o OUT.onnx` and `bulk --to onnx` as users run them: the interface Keras
/// gave the model, the opset asked for, exit 1 naming what is refused, and never a partial file.
@Suite struct ONNXCommandTests {
    static func folder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("delambda-onnx-cli-\(UUID())")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    static func convert(_ fixture: String, _ extra: [String] = []) throws -> (ProcessResult, Onnx_ModelProto?) {
        let output = try folder().appendingPathComponent("model.onnx")
        let result = try ProcessRunner.delambda(["convert", FixturePaths.fixture(fixture), "-o", output.path] + extra)
        let model = try? Onnx_ModelProto(serializedBytes: try Data(contentsOf: output))
        return (result, model)
    }

    @Test func inputsAndOutputsKeepTheirKerasNamesWithASymbolicBatch() throws {
        let (result, written) = try Self.convert("models/multi_lambda.h5")
        #expect(result.exitCode == 0, "\(result.standardError)")
        #expect(result.standardOutput.contains("ONNX nodes (opset 17)"))
        let model = try #require(written)
        #expect(model.irVersion == 8 && model.opsetImport.map(\.version) == [17])
        #expect(model.graph.input.map(\.name) == ["in_a", "in_b"])
        #expect(model.graph.output.map(\.name) == ["head", "flip"])
        // Keras's shapes: inputs (None, 6) and (None, 6), outputs (None, 1) and (None, 2).
        let shapes = (model.graph.input + model.graph.output).map { value in
            value.type.tensorType.shape.dim.map { $0.dimParam.isEmpty ? "\($0.dimValue)" : $0.dimParam }
        }
        #expect(shapes == [["batch", "6"], ["batch", "6"], ["batch", "1"], ["batch", "2"]])
        #expect(model.metadataProps.contains { $0.key == "delambda.source" && $0.value == "multi_lambda.h5" })
        #expect(model.graph.initializer.allSatisfy { $0.rawData.count > 0 || !$0.int64Data.isEmpty })
    }

    /// Convolutions and pooling one after another share one transpose in and one out: the pairs
    /// between them cancel.
    @Test func cancellingTransposesAreLeftOut() throws {
        let (result, written) = try Self.convert("families/onnx_differences/same_padding_odd_tf_keras.h5")
        #expect(result.exitCode == 0, "\(result.standardError)")
        let nodes = try #require(written).graph.node.map(\.opType)
        #expect(nodes.filter { $0 == "Transpose" }.count == 2, "\(nodes)")
        #expect(nodes.filter { ["Conv", "MaxPool", "AveragePool"].contains($0) }.count == 4, "\(nodes)")
    }

    @Test(arguments: [(13, 7), (17, 8), (18, 8), (21, 10)])
    func theOpsetChosenSetsTheIRVersion(opset: Int, irVersion: Int) throws {
        let (result, written) = try Self.convert("models/lambda_math.h5", ["--opset", "\(opset)"])
        #expect(result.exitCode == 0, "\(result.standardError)")
        let model = try #require(written)
        #expect(model.irVersion == Int64(irVersion) && model.opsetImport.map(\.version) == [Int64(opset)])
    }

    @Test(arguments: [
        ("model.onnx", ["--opset", "12"], "--opset 12: opsets 13 to 21 are written"),
        ("model.onnx", ["--opset", "22"], "--opset 22: opsets 13 to 21 are written"),
        ("model.mlmodel", ["--opset", "17"], "--opset applies to .onnx outputs only"),
    ])
    func anOpsetOutsideTheRangeIsAUsageError(name: String, extra: [String], message: String) throws {
        let folder = try Self.folder()
        let result = try ProcessRunner.delambda(
            ["convert", FixturePaths.fixture("models/lambda_math.h5"), "-o", folder.appendingPathComponent(name).path]
                + extra)
        #expect(result.exitCode == 2)
        #expect(result.standardError.contains(message), "\(result.standardError)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).isEmpty)
    }

    /// Every layer class and Lambda ONNX refuses is named in one run, exit 1, and no file is left.
    @Test func whatIsRefusedIsNamedAndNoFileIsWritten() throws {
        let folder = try Self.folder()
        let result = try ProcessRunner.delambda([
            "convert", FixturePaths.fixture("diagnosis/lambda_and_custom_layer.h5"), "-o",
            folder.appendingPathComponent("model.onnx").path,
        ])
        #expect(result.exitCode == 1)
        #expect(result.standardError.contains("layer 'dense' (MyCustomLayer)"))
        #expect(result.standardError.contains("no ONNX converter"))
        #expect(result.standardError.contains("layer 'scale_global'"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).isEmpty)
    }

    /// tf.round rounds halves to even, as ONNX's Round does: the Core ML backend refuses it, this one
    /// writes it.
    @Test func roundConvertsToONNX() throws {
        let (result, written) = try Self.convert("diagnosis/round_lambda.h5")
        #expect(result.exitCode == 0, "\(result.standardError)")
        #expect(try #require(written).graph.node.contains { $0.opType == "Round" })
    }

    @Test func bulkWritesONNXFiles() throws {
        let source = try Self.folder()
        for name in ["lambda_math", "plain_sequential"] {
            try FileManager.default.copyItem(
                atPath: FixturePaths.fixture("models/\(name).h5"),
                toPath: source.appendingPathComponent("\(name).h5").path)
        }
        let output = try Self.folder().appendingPathComponent("out")
        let result = try ProcessRunner.delambda(["bulk", source.path, "-o", output.path, "--to", "onnx", "--jobs", "1"])
        #expect(result.exitCode == 0, "\(result.standardError)")
        let written = try FileManager.default.contentsOfDirectory(atPath: output.path).filter { $0.hasSuffix(".onnx") }
        #expect(written.sorted() == ["lambda_math.onnx", "plain_sequential.onnx"])
        for name in written {
            let model = try Onnx_ModelProto(serializedBytes: try Data(contentsOf: output.appendingPathComponent(name)))
            #expect(!model.graph.node.isEmpty)
        }
    }
}
