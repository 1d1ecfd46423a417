import CoreOps
import Foundation
import KerasModel
import MILEvaluator
import Pipeline
import TestSupport
import Testing

@testable import MLProgramBackend

/// The package on disk: its layout, the model message, weights stored once, and the atomic
/// replacement of an existing package.
@Suite struct MLPackageWriterTests {
    static func folder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("delambda-package-\(UUID())")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    @Test func packageHoldsManifestModelAndWeights() throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let target = folder.appendingPathComponent("model.mlpackage")
        let model = try KerasModelReader.read(FixturePaths.fixture("models/plain_sequential.h5"))
        let summary = try MLPackageWriter.write(
            model, lambdas: [:], options: MLProgramOptions(precision: .float32), to: target)
        let package = try MLPackage(url: target)
        #expect(package.items == ["com.apple.CoreML/model.mlmodel", "com.apple.CoreML/weights"])
        #expect(package.model.specificationVersion == 6)
        let program = package.model.mlProgram
        #expect(program.version == 1 && program.functions["main"]?.opset == "CoreML5")
        #expect(summary.blobs == Int(package.weights?.count ?? 0) && summary.blobs > 0)
        // Nothing but the package is left in the folder.
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["model.mlpackage"])
    }

    /// The siamese tower is called twice, its weights written once: as many blobs as the
    /// convert of a single call, and a weight file no larger than the .h5's float32 weights.
    @Test func sharedLayersStoreTheirWeightsOnce() throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let target = folder.appendingPathComponent("siamese.mlpackage")
        _ = try Pipeline.convert(
            FixturePaths.fixture("models/siamese_euclidean.h5"), output: target.path,
            mlProgram: MLProgramSettings(precision: .float32))
        let package = try MLPackage(url: target)
        let operations = package.model.mlProgram.functions["main"]?.blockSpecializations["CoreML5"]?.operations ?? []
        let linears = operations.filter { $0.type == "linear" }
        #expect(linears.count == 3, "the tower twice and the head")
        let towerWeights = Set(linears.prefix(2).compactMap { $0.inputs["weight"]?.arguments.first?.name })
        #expect(towerWeights.count == 1, "both calls read one weight constant")
        let blobSizes =
            try FileManager.default.attributesOfItem(
                atPath: target.appendingPathComponent("Data/com.apple.CoreML/weights/weight.bin").path)[.size] as? Int
        // 20 kernel values in one blob (64 + 128 bytes) past the 64-byte header; the rest immediate.
        #expect(blobSizes == 64 + 64 + 128)
    }

    /// A failed conversion leaves an existing package as it was, and no temporary folder.
    @Test func anExistingPackageIsReplacedOnlyOnSuccess() throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let target = folder.appendingPathComponent("model.mlpackage")
        _ = try Pipeline.convert(FixturePaths.fixture("models/plain_sequential.h5"), output: target.path)
        let before = try Data(contentsOf: target.appendingPathComponent("Manifest.json"))
        #expect(throws: PipelineError.self) {
            // Refused for packages: an input of flexible length.
            try Pipeline.convert(
                FixturePaths.fixture("families/flexible_shapes/gru_any_length_tf_keras.h5"), output: target.path)
        }
        #expect(try Data(contentsOf: target.appendingPathComponent("Manifest.json")) == before)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["model.mlpackage"])
        _ = try Pipeline.convert(FixturePaths.fixture("models/lambda_math.h5"), output: target.path)
        #expect(try Data(contentsOf: target.appendingPathComponent("Manifest.json")) != before)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["model.mlpackage"])
    }

    /// fp16 stores half-precision weights and casts at both ends; the interface stays fp32.
    @Test func float16CastsAtTheInterface() throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let target = folder.appendingPathComponent("model.mlpackage")
        _ = try Pipeline.convert(FixturePaths.fixture("models/plain_sequential.h5"), output: target.path)
        let package = try MLPackage(url: target)
        let function = try #require(package.model.mlProgram.functions["main"])
        let operations = try #require(function.blockSpecializations[function.opset]).operations
        #expect(function.inputs.allSatisfy { $0.type.tensorType.dataType == .float32 })
        #expect(operations.first { $0.type != "const" }?.type == "cast")
        #expect(operations.last?.type == "cast" && operations.last?.outputs.first?.type.tensorType.dataType == .float32)
        let weights = operations.filter { operation in
            guard case .blobFileValue? = operation.attributes["val"]?.value else { return false }
            return true
        }
        #expect(!weights.isEmpty)
        #expect(weights.allSatisfy { $0.outputs.first?.type.tensorType.dataType == .float16 })
    }

    @Test func aDeploymentTargetSetsTheOpsetAndVersion() throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let target = folder.appendingPathComponent("model.mlpackage")
        let report = try Pipeline.convert(
            FixturePaths.fixture("models/plain_sequential.h5"), output: target.path,
            mlProgram: MLProgramSettings(deploymentTarget: .iOS17))
        #expect(report.specificationVersion == 8)
        #expect(try MLPackage(url: target).model.mlProgram.functions["main"]?.opset == "CoreML7")
    }
}
