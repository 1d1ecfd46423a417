import Foundation
import HDF5
import KerasBackend
import KerasModel
import TestSupport
import Testing

/// A weight change the file cannot take is an error naming the weight, not a silent skip.
@Suite struct WeightChangeWriterTests {
    @Test(arguments: [
        (
            WeightChange(group: "no_such_layer", scope: "x", weight: "kernel", transform: .dilated(rates: [2])),
            "no weights of layer 'no_such_layer'"
        ),
        (
            WeightChange(group: "dense", scope: "dense", weight: "gamma", transform: .dilated(rates: [2])),
            "no weight 'gamma' of 'dense'"
        ),
        (
            WeightChange(
                group: "dense", scope: "dense", weight: "kernel", transform: .scaled(factor: 2, blocks: [0], parts: 7)),
            "does not fit"
        ),
    ])
    func aChangeTheFileCannotTakeIsRefused(change: WeightChange, message: String) throws {
        let path = FixturePaths.fixture("models/keras3_layers.h5")
        let config = try KerasModelReader.modelConfig(path)
        var rewrite = KerasRewriter.rewrite(config: config, dialect: .keras3, lambdas: [:])
        rewrite.weightChanges = [change]
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("delambda-weights-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let output = folder.appendingPathComponent("out.h5").path
        let error = try #require(throws: HDF5Error.self) {
            try KerasFileWriter.write(rewrite, from: path, to: output)
        }
        #expect(error.description.contains(message), "\(error)")
    }
}
