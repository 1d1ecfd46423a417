import KerasModel
import TestSupport
import Testing

/// Every stored weight must have the shape its layer's config gives it, or the model is refused
/// when read (before any value is read or allocated).
@Suite struct WeightCheckTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var file: String
        var layer: String
        var says: String
        var testDescription: String { file }
    }

    static let refused: [Case] = [
        Case(
            file: "transposed_kernel.h5", layer: "dense",
            says: "Dense: weight dense/kernel:0 is stored as (2, 4) but the layer needs (?, 2)"),
        Case(
            file: "wrong_input_width.h5", layer: "base_dense1",
            says: "weight base_dense1/kernel:0 is stored as (3, 4) but the layer needs (5, 4)"),
        Case(
            file: "missing_weights.h5", layer: "dense",
            says: "the file stores 0 weights but the layer needs 2 ((?, 2), (2,))"),
        Case(
            file: "compressed_bomb.h5", layer: "dense",
            says: "weight dense/kernel:0 is stored as (131072, 131072) but the layer needs (?, 2)"),
    ]

    @Test(arguments: refused)
    func aWeightThatDisagreesWithItsLayerIsRefused(_ hostile: Case) throws {
        let error = try #require(throws: KerasModelError.self) {
            try KerasModelReader.read(FixturePaths.fixture("hostile/\(hostile.file)"))
        }
        #expect(error.code == .unexpectedWeights)
        #expect(error.layer == hostile.layer)
        #expect(error.description.contains(hostile.says), "\(error)")
    }

    /// The check refuses nothing real: every fixture and corpus model (Keras 1 to 3, nested and
    /// recurrent models, convolutions of every kind) reads.
    @Test(arguments: FixtureManifest.shared.models.map(\.path) + FixturePaths.corpusFiles)
    func everyRealModelPassesTheCheck(_ path: String) throws {
        _ = try KerasModelReader.read(path)
    }
}
