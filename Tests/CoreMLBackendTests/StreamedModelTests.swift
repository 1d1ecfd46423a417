import CoreMLSpec
import Foundation
import KerasModel
import TestSupport
import Testing

@testable import CoreMLBackend

/// The model file written layer by layer (lengths patched afterwards, the description last) reads
/// back as exactly the model built in memory.
@Suite struct StreamedModelTests {
    final class MemoryOutput: ModelOutput {
        var bytes: [UInt8] = []
        func append(_ more: [UInt8]) throws { bytes += more }
        func overwrite(at offset: Int, with more: [UInt8]) throws {
            bytes.replaceSubrange(offset..<(offset + more.count), with: more)
        }
    }

    @Test(arguments: ["plain_sequential", "plain_functional", "plain_layers"])
    func theStreamedFileIsTheModelBuiltInMemory(fixture: String) throws {
        let model = try KerasModelReader.read(FixturePaths.fixture("models/\(fixture).h5"))
        let options = CoreMLConversionOptions(description: "test", metadata: ["key": "value"])
        let whole = try CoreMLConverter.convert(model, lambdas: [:], options: options)
        let output = MemoryOutput()
        let summary = try CoreMLConverter.write(model, lambdas: [:], options: options, to: output)
        let streamed = try CoreML_Specification_Model(serializedBytes: output.bytes)
        #expect(streamed == whole)
        #expect(summary.layers == whole.neuralNetwork.layers.count)
        #expect(summary.bytes == output.bytes.count)
        #expect(summary.specificationVersion == 4)
    }

    @Test func lengthsArePaddedVarintsEveryReaderAccepts() {
        #expect(ModelFileWriter.paddedVarint(0) == [0x80, 0x80, 0x80, 0x80, 0x00])
        #expect(ModelFileWriter.paddedVarint(300) == [0xAC, 0x82, 0x80, 0x80, 0x00])
        #expect(ModelFileWriter.paddedVarint((1 << 31) - 1) == [0xFF, 0xFF, 0xFF, 0xFF, 0x07])
    }

    @Test func aModelThatCannotBeConvertedLeavesNothingBehind() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("delambda-stream-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let result = try ProcessRunner.delambda([
            "convert", FixturePaths.fixture("bad/unknown_layer.h5"), "-o",
            folder.appendingPathComponent("x.mlmodel").path,
        ])
        #expect(result.exitCode == 1, "\(result.standardError)")
        #expect(result.standardError.contains("MyCustomLayer"))
        // The conversion failed after the file was started: the temporary file is gone too.
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).isEmpty)
    }

    /// A destination that fails after `limit` appends, as a full disk would.
    final class FailingOutput: ModelOutput {
        struct Full: Error {}
        var appends = 0
        let limit: Int
        init(limit: Int) { self.limit = limit }
        func append(_ bytes: [UInt8]) throws {
            appends += 1
            if appends > limit { throw Full() }
        }
        func overwrite(at offset: Int, with bytes: [UInt8]) throws {}
    }

    @Test(arguments: [0, 3])
    func aFailingDestinationIsAConversionError(limit: Int) throws {
        let model = try KerasModelReader.read(FixturePaths.fixture("models/plain_sequential.h5"))
        do {
            _ = try CoreMLConverter.write(model, lambdas: [:], to: FailingOutput(limit: limit))
            Issue.record("a write failure went unnoticed")
        } catch {
            #expect(error.message.contains("cannot write the model"), "\(error)")
        }
    }

    /// The version is the lowest holding the layers: 4 (the ND floor), 5 for iOS 14 layers and modes.
    @Test func specificationVersionFollowsTheLayers() {
        func version(_ configure: (inout CoreML_Specification_NeuralNetworkLayer) -> Void...) -> Int32 {
            let stream = LayerStream { _ in }
            for step in configure {
                var layer = CoreML_Specification_NeuralNetworkLayer()
                step(&layer)
                stream.append(layer)
            }
            return stream.specificationVersion
        }
        var plain = CoreML_Specification_UpsampleLayerParams()
        plain.scalingFactor = [2, 2]
        var halfPixel = plain
        halfPixel.linearUpsampleMode = .alignCornersFalse
        var shuffle = CoreML_Specification_ReorganizeDataLayerParams()
        shuffle.mode = .pixelShuffle
        #expect(version({ $0.upsample = plain }, { $0.reorganizeData = .init() }) == 4)
        #expect(version({ $0.upsample = plain }, { $0.upsample = halfPixel }) == 5)
        #expect(version({ $0.reorganizeData = shuffle }) == 5)
        #expect(version({ $0.clampedReLu = .init() }) == 5)
    }
}
