import HDF5
import TestSupport
import Testing

@Suite struct HDF5ReadingTests {
    let path = FixturePaths.fixture("models/plain_sequential.h5")

    @Test func readsRootStringAttributes() throws {
        let root = try HDF5File.open(path).root
        let names = try root.attributes.names()
        #expect(names.contains("model_config"))
        #expect(names.contains("keras_version"))
        let config = try #require(try root.attributes.read("model_config"))
        #expect(config.shape == [])
        #expect(config.elementType == .string(variableLength: true))
        #expect(config.string?.hasPrefix("{\"class_name\": \"Sequential\"") == true)
        #expect(try root.attributes.read("no_such_attribute") == nil)
    }

    @Test func readsStringArraysAndWalksGroups() throws {
        let root = try HDF5File.open(path).root
        #expect(try root.childNames().contains("model_weights"))
        let weights = try root.group("model_weights")
        let layers = try #require(try weights.attributes.read("layer_names")?.strings)
        #expect(layers.count >= 5)
        for layer in layers { #expect(weights.kind(of: layer) == .group) }
        #expect(root.kind(of: "model_weights/nothing/here") == nil)
        #expect(throws: HDF5Error.self) { try root.group("model_config") }
        #expect(throws: HDF5Error.self) { try root.dataset("model_weights") }
    }

    @Test func readsFixedLengthStringsOfOldKerasFiles() throws {
        // Keras 2.0 wrote layer_names with numpy's fixed-length `S` dtype.
        let file = try #require(FixturePaths.corpusFiles.first { $0.contains("03_FYamazaki") })
        let weights = try HDF5File.open(file).root.group("model_weights")
        let attribute = try #require(try weights.attributes.read("layer_names"))
        #expect(attribute.elementType == .string(variableLength: false))
        #expect(attribute.strings?.first == "lambda_1")
    }

    @Test func streamsDatasetsByRowsAndMatchesAWholeRead() throws {
        let root = try HDF5File.open(path).root
        let dataset = try findDataset(in: root.group("model_weights"), rank: 4)
        let all = try dataset.readFloats()
        #expect(all.count == dataset.count)
        var streamed: [Float] = []
        var blocks = 0
        try dataset.forEachBlock(maxElements: 1) { rows, values in
            #expect(rows.count == 1)
            streamed += values
            blocks += 1
        }
        #expect(blocks == dataset.shape[0])
        #expect(streamed == all)
        #expect(try dataset.readDoubles().map(Float.init) == all)
        #expect(throws: HDF5Error.self) { try dataset.readFloats(rows: 0..<(dataset.shape[0] + 1)) }
        #expect(throws: HDF5Error.self) { try dataset.readStrings() }
    }

    @Test func readsGoldenTensors() throws {
        let golden = try GoldenFile(path: FixturePaths.fixture("golden/plain_sequential.h5"))
        #expect(golden.inputs.count == 1)
        #expect(golden.inputs[0].shape == [2, 8, 8, 3])
        #expect(golden.outputs[0].values.count == golden.outputs[0].shape.reduce(1, *))
        // softmax outputs: each row sums to one.
        let width = golden.outputs[0].shape[1]
        let firstRow = golden.outputs[0].values.prefix(width).reduce(0, +)
        #expect(abs(firstRow - 1) < 1e-5)
    }

    @Test(arguments: [
        ("bad/empty.h5", HDF5Error.Code.notHDF5),
        ("bad/not_hdf5.h5", .notHDF5),
        ("bad/truncated.h5", .openFailed),
        ("bad", .notAFile),
        ("bad/missing.h5", .notAFile),
    ])
    func refusesWhatIsNotAnHDF5File(file: String, code: HDF5Error.Code) {
        #expect {
            try HDF5File.open(FixturePaths.fixture(file))
        } throws: { error in
            (error as? HDF5Error)?.code == code
        }
    }

    @Test func keepsLibraryMessagesOfTruncatedFiles() {
        do {
            _ = try HDF5File.open(FixturePaths.fixture("bad/truncated.h5"))
            Issue.record("expected an error")
        } catch let error as HDF5Error {
            #expect(error.libraryMessages.first?.contains("truncated file") == true)
            #expect(error.description.contains("bad/truncated.h5"))
        } catch {
            Issue.record("unexpected error \(error)")
        }
    }

    private func findDataset(in group: HDF5Group, rank: Int) throws -> HDF5Dataset {
        for name in try group.childNames() {
            switch group.kind(of: name) {
            case .group:
                if let found = try? findDataset(in: group.group(name), rank: rank) { return found }
            case .dataset:
                let dataset = try group.dataset(name)
                if dataset.shape.count == rank { return dataset }
            default: continue
            }
        }
        throw HDF5Error(.missingObject, file: path, message: "no rank-\(rank) dataset")
    }
}
