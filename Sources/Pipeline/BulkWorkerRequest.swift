import JSON
import KerasBackend

/// What a `bulk` worker is told about one model, as one line of JSON: the model, its output, and
/// the typed options to convert it with, so that the worker rebuilds nothing from flag spellings.
public struct BulkWorkerRequest: Sendable, Equatable {
    public var input: String
    public var output: String
    public var options: BulkWorkerOptions

    public init(input: String, output: String, options: BulkWorkerOptions) {
        self.input = input
        self.output = output
        self.options = options
    }

    /// The request line's JSON: `{"input": PATH, "output": PATH, "options": {...}}`.
    public func jsonValue() -> JSONValue {
        ["input": .string(input), "output": .string(output), "options": options.jsonValue()]
    }

    /// Reads back what ``jsonValue()`` wrote.
    /// - Throws: ``PipelineError`` (usage) naming the member that is missing or of the wrong kind.
    public init(json value: JSONValue) throws(PipelineError) {
        guard let input = value["input"]?.string, let output = value["output"]?.string else {
            throw PipelineError(.unusableInput, "a worker request needs an input and an output path")
        }
        guard let options = value["options"] else {
            throw PipelineError(.unusableInput, "a worker request needs its options")
        }
        self.init(input: input, output: output, options: try BulkWorkerOptions(json: options))
    }
}

/// The options every `bulk` worker converts its models with: the target, the Keras flavour, what
/// `--python`, `--define` and `--function-source` said, and the rule options. Paths are absolute,
/// so that a worker reads the same files whatever its folder.
public struct BulkWorkerOptions: Sendable, Equatable {
    public var target: BulkOptions.Target
    /// The Keras flavour `--to h5` writes (nil: each model's own).
    public var flavour: KerasDialect?
    /// The CPython version every payload is read as, `X.Y` as given.
    public var python: String?
    /// The values of globals, `NAME=VALUE` as given.
    public var defines: [String]
    /// Python sources of functions stored by name only.
    public var functionSources: [String]
    public var rules: RuleOptions

    public init(
        target: BulkOptions.Target = .mlmodel, flavour: KerasDialect? = nil, python: String? = nil,
        defines: [String] = [], functionSources: [String] = [], rules: RuleOptions = RuleOptions()
    ) {
        self.target = target
        self.flavour = flavour
        self.python = python
        self.defines = defines
        self.functionSources = functionSources
        self.rules = rules
    }

    /// The options as the flags of `convert`/`rewrite` that give them: what the report and the
    /// up-to-date stamps record under `worker_options` (the target is recorded on its own).
    public var flags: [String] {
        var arguments: [String] = []
        if let flavour { arguments += ["--flavour", flavour.rawValue] }
        for path in rules.paths { arguments += ["--rules", path] }
        if rules.exact { arguments.append("--exact") }
        if rules.deterministicSampling { arguments.append("--deterministic-sampling") }
        if let python { arguments += ["--python", python] }
        for define in defines { arguments += ["--define", define] }
        for path in functionSources { arguments += ["--function-source", path] }
        return arguments
    }

    /// The function options the worker converts with.
    /// - Throws: ``PipelineError`` (usage) naming the bad value or the unreadable source file.
    public func functionOptions() throws(PipelineError) -> FunctionOptions {
        try FunctionOptions.parse(python: python, defines: defines, functionSources: functionSources)
    }

    public func jsonValue() -> JSONValue {
        var object = JSONObject()
        object["target"] = .string(target.rawValue)
        object["flavour"] = flavour.map { .string($0.rawValue) } ?? .null
        object["python"] = python.map(JSONValue.string) ?? .null
        object["defines"] = .array(defines.map(JSONValue.string))
        object["function_sources"] = .array(functionSources.map(JSONValue.string))
        object["rules"] = .array(rules.paths.map(JSONValue.string))
        object["exact"] = .bool(rules.exact)
        object["deterministic_sampling"] = .bool(rules.deterministicSampling)
        return .object(object)
    }

    /// Reads back what ``jsonValue()`` wrote.
    /// - Throws: ``PipelineError`` (usage) naming the member that is missing or of the wrong kind.
    public init(json value: JSONValue) throws(PipelineError) {
        func strings(_ key: String) throws(PipelineError) -> [String] {
            guard let items = value[key]?.array, items.allSatisfy({ $0.string != nil }) else {
                throw PipelineError(.unusableInput, "worker options: '\(key)' must be a list of strings")
            }
            return items.compactMap(\.string)
        }
        func optional<T>(_ key: String, _ read: (String) -> T?) throws(PipelineError) -> T? {
            guard let member = value[key], !member.isNull else { return nil }
            guard let text = member.string, let parsed = read(text) else {
                throw PipelineError(.unusableInput, "worker options: '\(key)' has no such value: \(member)")
            }
            return parsed
        }
        guard let target = value["target"]?.string.flatMap(BulkOptions.Target.init(rawValue:)) else {
            throw PipelineError(
                .unusableInput, "worker options: 'target' must be mlmodel, mlpackage, h5, onnx or keras")
        }
        guard let exact = value["exact"]?.bool, let deterministic = value["deterministic_sampling"]?.bool else {
            throw PipelineError(.unusableInput, "worker options: 'exact' and 'deterministic_sampling' must be booleans")
        }
        self.init(
            target: target, flavour: try optional("flavour", KerasDialect.init(rawValue:)),
            python: try optional("python", { $0 }), defines: try strings("defines"),
            functionSources: try strings("function_sources"),
            rules: RuleOptions(paths: try strings("rules"), exact: exact, deterministicSampling: deterministic))
    }
}
