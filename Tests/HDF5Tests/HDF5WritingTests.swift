import Foundation
import HDF5
import TestSupport
import Testing

/// Changing a copy of a Keras file in place: attributes of every kind Keras writes, groups,
/// float datasets and link removal, each read back through the reading API.
@Suite struct HDF5WritingTests {
    /// A fresh copy of a fixture in a temporary folder.
    static func copy(_ fixture: String) throws -> String {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("delambda-h5w-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let path = folder.appendingPathComponent("copy.h5").path
        try FileManager.default.copyItem(atPath: FixturePaths.fixture(fixture), toPath: path)
        return path
    }

    @Test func replacesAttributesOfEveryKindKerasWrites() throws {
        let path = try Self.copy("models/plain_sequential.h5")
        do {
            let root = try HDF5File.openForUpdate(path).root
            try root.attributes.write(
                HDF5Attribute(
                    name: "model_config", shape: [], elementType: .string(variableLength: true),
                    value: .strings(["{\"rewritten\": \"é\"}"])))
            try root.attributes.write(
                HDF5Attribute(
                    name: "fixed_names", shape: [3], elementType: .string(variableLength: false),
                    value: .strings(["a", "longer_name", ""])))
            try root.attributes.write(
                HDF5Attribute(name: "empty", shape: [0], elementType: .float(bits: 64), value: .floats([])))
            try root.attributes.write(
                HDF5Attribute(
                    name: "counts", shape: [2], elementType: .integer(bits: 64, signed: true),
                    value: .integers([3, -4])))
            try root.attributes.write(
                HDF5Attribute(name: "ratio", shape: [], elementType: .float(bits: 32), value: .floats([0.5])))
        }
        let root = try HDF5File.open(path).root
        let config = try #require(try root.attributes.read("model_config"))
        #expect(config.string == "{\"rewritten\": \"é\"}")
        #expect(config.elementType == .string(variableLength: true) && config.shape == [])
        let fixed = try #require(try root.attributes.read("fixed_names"))
        #expect(fixed.strings == ["a", "longer_name", ""])
        #expect(fixed.elementType == .string(variableLength: false))
        let empty = try #require(try root.attributes.read("empty"))
        #expect(empty.shape == [0] && empty.value == .floats([]))
        #expect(try root.attributes.read("counts")?.value == .integers([3, -4]))
        #expect(try root.attributes.read("ratio")?.value == .floats([0.5]))
        #expect(try root.attributes.read("ratio")?.elementType == .float(bits: 32))
        // The rest of the file is untouched.
        #expect(try root.attributes.read("keras_version")?.string == "2.21.0")
        #expect(root.kind(of: "optimizer_weights") == .group)
    }

    @Test func createsGroupsAndDatasetsAndRemovesLinks() throws {
        let path = try Self.copy("models/plain_sequential.h5")
        do {
            let weights = try HDF5File.openForUpdate(path).root.group("model_weights")
            let layers = try #require(try weights.attributes.read("layer_names")?.strings)
            let group = try weights.createGroup("new_layer")
            let inner = try group.createGroup("new_layer")
            try inner.createDataset("kernel:0", shape: [2, 3], values: [1, 2, 3, 4, 5, 6.5])
            try group.attributes.write(
                HDF5Attribute(
                    name: "weight_names", shape: [1], elementType: .string(variableLength: true),
                    value: .strings(["new_layer/kernel:0"])))
            try weights.removeLink(layers[0])
            #expect(throws: HDF5Error.self) { try weights.removeLink("no_such_layer") }
            #expect(throws: HDF5Error.self) { try weights.createGroup("new_layer") }
            #expect(throws: HDF5Error.self) { try inner.createDataset("bad", shape: [2], values: [1]) }
        }
        let weights = try HDF5File.open(path).root.group("model_weights")
        let dataset = try weights.dataset("new_layer/new_layer/kernel:0")
        #expect(dataset.shape == [2, 3] && dataset.elementType == .float(bits: 32))
        #expect(try dataset.readFloats() == [1, 2, 3, 4, 5, 6.5])
        #expect(try weights.group("new_layer").attributes.read("weight_names")?.strings == ["new_layer/kernel:0"])
        let layers = try #require(try weights.attributes.read("layer_names")?.strings)
        #expect(weights.kind(of: layers[0]) == nil)
    }

    @Test func readOnlyFilesRefuseWrites() throws {
        let path = try Self.copy("models/plain_sequential.h5")
        let root = try HDF5File.open(path).root
        #expect(throws: HDF5Error.self) { try root.createGroup("x") }
        #expect(throws: HDF5Error.self) {
            try root.attributes.write(
                HDF5Attribute(name: "x", shape: [], elementType: .float(bits: 64), value: .floats([1])))
        }
        #expect(throws: HDF5Error.self) { try HDF5File.openForUpdate("/nonexistent/file.h5") }
    }
}
