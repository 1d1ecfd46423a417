import JSON

/// Structured mutations of a Keras `model_config`, each a small function in one table.
///
/// Values JSON cannot hold (NaN, a 1e999, nesting deeper than the writer should recurse) are
/// put in as sentinel strings and spliced into the text by ``text(of:)``.
struct ConfigMutation: Sendable {
    var name: String
    var apply: @Sendable (JSONValue, inout SplitMix64) -> JSONValue

    static let sentinels: [String: String] = [
        "\u{1}nan": "NaN", "\u{1}inf": "Infinity", "\u{1}-inf": "-Infinity", "\u{1}e999": "1e999",
        "\u{1}deep": String(repeating: "[", count: 20_000) + String(repeating: "]", count: 20_000),
        "\u{1}deepobj": String(repeating: "{\"a\": ", count: 5_000) + "1" + String(repeating: "}", count: 5_000),
    ]

    /// Applies one mutation picked by `random` and says which.
    static func mutate(_ config: JSONValue, _ random: inout SplitMix64) -> (JSONValue, String) {
        let mutation = random.pick(table)
        return (mutation.apply(config, &random), mutation.name)
    }

    /// The config as Python's `json.dumps` would write it, sentinels spliced in.
    static func text(of config: JSONValue) -> String {
        var text = JSONWriter(style: .python).string(config)
        for (sentinel, replacement) in sentinels where text.contains(sentinel) {
            text = text.replacingOccurrences(of: "\"\(sentinel)\"", with: replacement)
        }
        return text
    }

    static let table: [ConfigMutation] = [
        ConfigMutation(name: "delete-key") { config, random in
            let paths = JSONTree.paths(in: config).filter { JSONTree.key(at: $0, in: config) != nil }
            guard !paths.isEmpty else { return config }
            return JSONTree.updating(config, at: random.pick(paths)) { _ in nil } ?? config
        },
        ConfigMutation(name: "duplicate-key") { config, random in
            let paths = JSONTree.paths(in: config).filter { JSONTree.key(at: $0, in: config) != nil }
            guard !paths.isEmpty else { return config }
            let path = random.pick(paths)
            let replacement = random.pick(junkValues)
            return JSONTree.updating(config, at: Array(path.dropLast())) { parent in
                guard case .object(let object) = parent, let last = path.last else { return parent }
                var members = object.members
                members.append(JSONObject.Member(key: members[last].key, value: replacement))
                return .object(JSONObject(members))
            } ?? config
        },
        ConfigMutation(name: "retype-value") { config, random in
            let paths = Array(JSONTree.paths(in: config).dropFirst())
            guard !paths.isEmpty else { return config }
            let replacement = random.pick(junkValues)
            return JSONTree.updating(config, at: random.pick(paths)) { _ in replacement } ?? config
        },
        ConfigMutation(name: "extreme-number") { config, random in
            let paths = JSONTree.paths(in: config).filter { path in
                switch JSONTree.value(at: path, in: config) {
                case .int?, .double?: return true
                default: return false
                }
            }
            guard !paths.isEmpty else { return config }
            let replacement = random.pick(extremeNumbers)
            return JSONTree.updating(config, at: random.pick(paths)) { _ in replacement } ?? config
        },
        ConfigMutation(name: "long-string") { config, random in
            let paths = JSONTree.paths(in: config).filter { JSONTree.value(at: $0, in: config)?.string != nil }
            guard !paths.isEmpty else { return config }
            let long = String(
                repeating: random.pick(["x", "é", "\u{0}", "$x", "("]), count: random.pick([4096, 1 << 20]))
            return JSONTree.updating(config, at: random.pick(paths)) { _ in .string(long) } ?? config
        },
        ConfigMutation(name: "deep-nesting") { config, random in
            let paths = Array(JSONTree.paths(in: config).dropFirst())
            guard !paths.isEmpty else { return config }
            let sentinel = random.pick(["\u{1}deep", "\u{1}deepobj"])
            return JSONTree.updating(config, at: random.pick(paths)) { _ in .string(sentinel) } ?? config
        },
        ConfigMutation(name: "layer-cycle") { config, random in
            LayerEditing.renameInbound(config, &random, dangling: false)
        },
        ConfigMutation(name: "dangling-inbound") { config, random in
            LayerEditing.renameInbound(config, &random, dangling: true)
        },
        ConfigMutation(name: "swap-classes") { config, random in
            LayerEditing.swapClasses(config, &random)
        },
        ConfigMutation(name: "duplicate-layer") { config, random in
            LayerEditing.duplicateLayer(config, &random)
        },
        ConfigMutation(name: "lambda-payload") { config, random in
            LayerEditing.mutatePayload(config, &random)
        },
        ConfigMutation(name: "lambda-payload") { config, random in
            LayerEditing.mutatePayload(config, &random)
        },
    ]

    static let junkValues: [JSONValue] = [
        .null, .bool(true), .int(-1), .int(0), .double(0.5), .string(""), .string("junk"), .array([]),
        .object(JSONObject()), .array([.null, .int(1 << 40)]),
    ]

    static let extremeNumbers: [JSONValue] = [
        .int(-1), .int(0), .int(Int.max), .int(Int.min), .int(1 << 31), .int(1 << 40), .double(1e308),
        .double(-1e-308), .string("\u{1}nan"), .string("\u{1}inf"), .string("\u{1}-inf"), .string("\u{1}e999"),
    ]
}
