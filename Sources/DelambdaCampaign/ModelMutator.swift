import Foundation
import HDF5
import JSON

/// Mutates a copy of a model in place: its bytes, its `model_config` attribute, or its weights.
enum ModelMutator {
    /// Mutates the file at `path` and says how; falls back to a byte mutation for a file that is
    /// not an HDF5 model.
    static func mutate(_ path: String, _ random: inout SplitMix64) -> String {
        switch random.below(10) {
        case 0..<3:
            return mutateBytes(path, &random)
        case 3:
            if let done = deleteWeightGroup(path, &random) { return done }
            return mutateBytes(path, &random)
        default:
            if let done = mutateConfig(path, &random) { return done }
            return mutateBytes(path, &random)
        }
    }

    static func mutateBytes(_ path: String, _ random: inout SplitMix64) -> String {
        guard let data = FileManager.default.contents(atPath: path) else { return "unreadable" }
        var bytes = [UInt8](data)
        let name = ByteMutation.mutate(&bytes, &random)
        guard FileManager.default.createFile(atPath: path, contents: Data(bytes)) else { return "unwritable" }
        return "bytes:" + name
    }

    private static func mutateConfig(_ path: String, _ random: inout SplitMix64) -> String? {
        do {
            let file = try HDF5File.openForUpdate(path)
            let attributes = try file.root.attributes
            guard let text = try attributes.read("model_config")?.string,
                let config = try? JSONParser.parse(text)
            else { return nil }
            let (mutated, name) = ConfigMutation.mutate(config, &random)
            try attributes.write(
                HDF5Attribute(
                    name: "model_config", shape: [], elementType: .string(variableLength: true),
                    value: .strings([ConfigMutation.text(of: mutated)])))
            try file.flush()
            return "config:" + name
        } catch {
            return nil
        }
    }

    private static func deleteWeightGroup(_ path: String, _ random: inout SplitMix64) -> String? {
        do {
            let file = try HDF5File.openForUpdate(path)
            let root = try file.root
            let weights = root.kind(of: "model_weights") == nil ? root : try root.group("model_weights")
            let names = try weights.childNames()
            guard !names.isEmpty else { return nil }
            let victim = random.pick(names)
            try weights.removeLink(victim)
            try file.flush()
            return "weights:delete-group-\(victim)"
        } catch {
            return nil
        }
    }
}
