import JSON
import KerasBackend

/// What the write-probe child needs to write a rewritten file, as one JSON line: the paths and
/// the parts of the rewrite that ``KerasBackend/KerasFileWriter`` writes.
struct WriteRequest {
    var rewrite: KerasRewrite
    var source: String
    var destination: String
    /// Whether `destination` is a `.keras` archive (else an `.h5`).
    var archive: Bool

    struct Malformed: Error, CustomStringConvertible {
        var description: String { "malformed write request" }
    }

    init(rewrite: KerasRewrite, source: String, destination: String, archive: Bool) {
        self.rewrite = rewrite
        self.source = source
        self.destination = destination
        self.archive = archive
    }

    init(json: JSONValue) throws(Malformed) {
        guard let source = json["source"]?.string, let destination = json["destination"]?.string,
            let config = json["config"], let layers = json["layers"]?.array?.compactMap(\.string),
            let changes = json["changes"]?.array
        else { throw Malformed() }
        var weightChanges: [WeightChange] = []
        for change in changes { weightChanges.append(try Self.weightChange(change)) }
        self.source = source
        self.destination = destination
        archive = json["archive"]?.bool ?? false
        rewrite = KerasRewrite(
            config: config, topLevelLayers: layers, kerasVersion: json["keras_version"]?.string,
            weightChanges: weightChanges)
    }

    var json: JSONValue {
        var object = JSONObject()
        object["source"] = .string(source)
        object["destination"] = .string(destination)
        object["archive"] = .bool(archive)
        object["config"] = rewrite.config
        object["layers"] = .array(rewrite.topLevelLayers.map(JSONValue.string))
        object["keras_version"] = rewrite.kerasVersion.map(JSONValue.string) ?? .null
        object["changes"] = .array(rewrite.weightChanges.map(Self.json))
        return .object(object)
    }

    private static func json(_ change: WeightChange) -> JSONValue {
        var object = JSONObject()
        object["group"] = .string(change.group)
        object["scope"] = .string(change.scope)
        object["weight"] = .string(change.weight)
        switch change.transform {
        case .dilated(let rates):
            object["dilated"] = .array(rates.map(JSONValue.int))
        case .scaled(let factor, let blocks, let parts):
            object["factor"] = .double(factor)
            object["blocks"] = .array(blocks.map(JSONValue.int))
            object["parts"] = .int(parts)
        }
        return .object(object)
    }

    private static func weightChange(_ json: JSONValue) throws(Malformed) -> WeightChange {
        guard let group = json["group"]?.string, let scope = json["scope"]?.string, let weight = json["weight"]?.string
        else { throw Malformed() }
        let transform: WeightChange.Transform
        if let rates = json["dilated"]?.array {
            transform = .dilated(rates: rates.compactMap(\.int))
        } else if let factor = json["factor"]?.double, let blocks = json["blocks"]?.array,
            let parts = json["parts"]?.int
        {
            transform = .scaled(factor: factor, blocks: blocks.compactMap(\.int), parts: parts)
        } else {
            throw Malformed()
        }
        return WeightChange(group: group, scope: scope, weight: weight, transform: transform)
    }
}
