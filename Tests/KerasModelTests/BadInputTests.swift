import Foundation
import KerasModel
import TestSupport
import Testing

@Suite struct BadInputTests {
    @Test(arguments: [
        ("bad/empty.h5", KerasModelError.Code.unreadableFile, "the file is empty"),
        ("bad/not_hdf5.h5", .unreadableFile, "not an HDF5 file"),
        ("bad/truncated.h5", .unreadableFile, "truncated"),
        ("bad/weights_only.h5", .notAModel, "weights-only"),
        ("bad/weights_only.weights.h5", .notAModel, "weights-only"),
        ("bad/malformed_config.h5", .malformedConfig, "not valid JSON"),
        ("bad", .unreadableFile, "is a directory"),
        ("bad/no_such_file.h5", .unreadableFile, "no such file"),
    ])
    func reportsWhatIsWrong(file: String, code: KerasModelError.Code, message: String) {
        let path = FixturePaths.fixture(file)
        #expect {
            try KerasModelReader.read(path)
        } throws: { error in
            guard let error = error as? KerasModelError else { return false }
            return error.code == code && error.file == path && error.description.contains(message)
        }
    }

    @Test func givesThePositionOfMalformedJSON() throws {
        do {
            _ = try KerasModelReader.read(FixturePaths.fixture("bad/malformed_config.h5"))
            Issue.record("expected an error")
        } catch {
            #expect(error.position?.hasPrefix("model_config line 1, column ") == true)
        }
    }

    @Test func unknownLayerClassesAreReportedNotFatal() throws {
        let model = try KerasModelReader.read(FixturePaths.fixture("bad/unknown_layer.h5"))
        #expect(model.warnings.count == 1)
        #expect(model.warnings.first?.contains("MyCustomLayer") == true)
        #expect(model.graph.layers.contains { $0.className == "MyCustomLayer" })
    }
}
