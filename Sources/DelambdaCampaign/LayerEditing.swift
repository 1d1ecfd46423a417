import Foundation
import JSON

/// Edits of a model config's layer list: the graph mutations (cycles, dangling names, swapped
/// classes) and the Lambda payload mutations.
enum LayerEditing {
    /// The path of the layer list (Functional, Sequential old and new, Keras 3), if any.
    static func layersPath(in config: JSONValue) -> JSONTree.Path? {
        guard case .object(let root) = config, let configIndex = root.members.firstIndex(where: { $0.key == "config" })
        else { return nil }
        switch root.members[configIndex].value {
        case .array: return [configIndex]
        case .object(let inner):
            guard let layersIndex = inner.members.firstIndex(where: { $0.key == "layers" }) else { return nil }
            return [configIndex, layersIndex]
        default: return nil
        }
    }

    static func layers(_ config: JSONValue) -> [JSONValue] {
        guard let path = layersPath(in: config) else { return [] }
        return JSONTree.value(at: path, in: config)?.array ?? []
    }

    static func withLayers(_ config: JSONValue, _ change: ([JSONValue]) -> [JSONValue]) -> JSONValue {
        guard let path = layersPath(in: config) else { return config }
        return JSONTree.updating(config, at: path) { .array(change($0.array ?? [])) } ?? config
    }

    static func name(of layer: JSONValue) -> String? {
        layer["name"]?.string ?? layer["config"]?["name"]?.string
    }

    /// Points a layer's inputs at a layer downstream of it (a cycle) or at no layer at all.
    static func renameInbound(_ config: JSONValue, _ random: inout SplitMix64, dangling: Bool) -> JSONValue {
        let all = layers(config)
        let names = Set(all.compactMap(name(of:)))
        let candidates = all.indices.filter {
            all[$0]["inbound_nodes"] != nil && all[$0]["inbound_nodes"]?.array?.isEmpty == false
        }
        guard !candidates.isEmpty else { return config }
        let index = random.pick(candidates)
        let target =
            dangling
            ? "no_such_layer_\(random.below(100))"
            : name(of: all[random.inRange(index...(all.count - 1))]) ?? "self"
        return withLayers(config) { layers in
            var layers = layers
            guard var layer = layers[index].object, let inbound = layer["inbound_nodes"] else { return layers }
            layer["inbound_nodes"] = replacingStrings(in: inbound, names: names, with: target)
            layers[index] = .object(layer)
            return layers
        }
    }

    private static func replacingStrings(in value: JSONValue, names: Set<String>, with target: String) -> JSONValue {
        switch value {
        case .string(let string) where names.contains(string): return .string(target)
        case .array(let elements): return .array(elements.map { replacingStrings(in: $0, names: names, with: target) })
        case .object(let object):
            return .object(
                JSONObject(
                    object.members.map {
                        JSONObject.Member(
                            key: $0.key, value: replacingStrings(in: $0.value, names: names, with: target))
                    }))
        default: return value
        }
    }

    /// Swaps two layers' classes, or gives one a class that does not fit its config.
    static func swapClasses(_ config: JSONValue, _ random: inout SplitMix64) -> JSONValue {
        let all = layers(config)
        guard !all.isEmpty else { return config }
        let first = random.below(all.count)
        let second = random.below(all.count)
        let foreign = random.pick(["Lambda", "Dense", "InputLayer", "Concatenate", "Functional", "Sequential", "Bogus"])
        let useForeign = random.chance(1, in: 3)
        return withLayers(config) { layers in
            var layers = layers
            guard var a = layers[first].object, var b = layers[second].object else { return layers }
            let classA = a["class_name"] ?? .null
            a["class_name"] = useForeign ? .string(foreign) : (b["class_name"] ?? .null)
            if !useForeign, first != second { b["class_name"] = classA }
            layers[first] = .object(a)
            if !useForeign, first != second { layers[second] = .object(b) }
            return layers
        }
    }

    /// Appends a copy of a layer (the same name twice).
    static func duplicateLayer(_ config: JSONValue, _ random: inout SplitMix64) -> JSONValue {
        let all = layers(config)
        guard !all.isEmpty else { return config }
        let copy = all[random.below(all.count)]
        return withLayers(config) { $0 + [copy] }
    }

    /// Flips, truncates or extends the marshaled bytecode of one Lambda (base64 in `function`).
    static func mutatePayload(_ config: JSONValue, _ random: inout SplitMix64) -> JSONValue {
        let all = layers(config)
        let lambdas = all.indices.filter { all[$0]["config"]?["function"] != nil }
        guard !lambdas.isEmpty else { return config }
        let index = random.pick(lambdas)
        var generator = random
        let result = withLayers(config) { layers in
            var layers = layers
            guard var layer = layers[index].object, var inner = layer["config"]?.object,
                let function = inner["function"]
            else { return layers }
            inner["function"] = mutatedFunction(function, &generator)
            layer["config"] = .object(inner)
            layers[index] = .object(layer)
            return layers
        }
        random = generator
        return result
    }

    private static func mutatedFunction(_ function: JSONValue, _ random: inout SplitMix64) -> JSONValue {
        switch function {
        case .array(var elements) where elements.first?.string != nil:
            elements[0] = .string(mutatedBase64(elements[0].string ?? "", &random))
            return .array(elements)
        case .object(var object):
            guard var inner = object["config"]?.object, let code = inner["code"]?.string else { return function }
            inner["code"] = .string(mutatedBase64(code, &random))
            object["config"] = .object(inner)
            return .object(object)
        case .string(let code):
            return .string(mutatedBase64(code, &random))
        default:
            return function
        }
    }

    private static func mutatedBase64(_ text: String, _ random: inout SplitMix64) -> String {
        guard let data = Data(base64Encoded: text, options: .ignoreUnknownCharacters) else { return text + "!!" }
        var bytes = [UInt8](data)
        _ = ByteMutation.mutate(&bytes, &random)
        return Data(bytes).base64EncodedString(options: .lineLength76Characters) + "\n"
    }
}
