import JSON

extension ModelRecord {
    /// The machine-readable form; its keys are a contract (see docs/bulk.md).
    public func jsonValue() -> JSONValue {
        var object = JSONObject()
        object["input"] = .string(input)
        object["output"] = .string(output)
        object["target"] = .string(target)
        object["status"] = .string(status.rawValue)
        if let reason { object["reason"] = .string(reason) }
        object["lambdas"] = .array(lambdas.map(\.jsonValue))
        object["rules"] = .array(rules.map(JSONValue.string))
        if !blockers.isEmpty { object["blockers"] = .array(blockers.map(JSONValue.string)) }
        if !warnings.isEmpty { object["warnings"] = .array(warnings.map(JSONValue.string)) }
        if !inputShapes.isEmpty { object["input_shapes"] = .array(inputShapes.map(JSONValue.string)) }
        if let outputLayers { object["output_layers"] = .int(outputLayers) }
        if let specificationVersion { object["specification_version"] = .int(specificationVersion) }
        var stages = JSONObject()
        for timing in timings { stages[timing.stage] = .double(Self.rounded(timing.seconds)) }
        object["timings"] = .object(stages)
        if let exitCode { object["exit_code"] = .int(Int(exitCode)) }
        if let signal { object["signal"] = .int(Int(signal)) }
        if let workerSeconds { object["worker_seconds"] = .double(Self.rounded(workerSeconds)) }
        if let standardErrorTail { object["stderr_tail"] = .string(standardErrorTail) }
        return .object(object)
    }

    /// Reads back what ``jsonValue()`` wrote; nil when `value` is not such a record.
    public init?(json value: JSONValue) {
        guard let input = value["input"]?.string, let output = value["output"]?.string,
            let target = value["target"]?.string, let statusText = value["status"]?.string,
            let status = Status(rawValue: statusText)
        else { return nil }
        self.init(input: input, output: output, target: target, status: status, reason: value["reason"]?.string)
        lambdas = value["lambdas"]?.array?.compactMap(Lambda.init(json:)) ?? []
        rules = value["rules"]?.array?.compactMap(\.string) ?? []
        blockers = value["blockers"]?.array?.compactMap(\.string) ?? []
        warnings = value["warnings"]?.array?.compactMap(\.string) ?? []
        inputShapes = value["input_shapes"]?.array?.compactMap(\.string) ?? []
        outputLayers = value["output_layers"]?.int
        specificationVersion = value["specification_version"]?.int
        for member in value["timings"]?.object ?? JSONObject() {
            if let seconds = member.value.double { timings.append(Timing(stage: member.key, seconds: seconds)) }
        }
        exitCode = value["exit_code"]?.int.map(Int32.init)
        signal = value["signal"]?.int.map(Int32.init)
        workerSeconds = value["worker_seconds"]?.double
        standardErrorTail = value["stderr_tail"]?.string
    }

    /// Microseconds are plenty for a report and keep it readable.
    static func rounded(_ seconds: Double) -> Double { (seconds * 1e6).rounded() / 1e6 }
}

extension ModelRecord.Lambda {
    var jsonValue: JSONValue {
        var object = JSONObject()
        object["layer"] = .string(layer)
        object["class_name"] = .string(className)
        object["status"] = .string(status.rawValue)
        if let source { object["source"] = .string(source) }
        if let pythonVersion { object["python_version"] = .string(pythonVersion) }
        object["rules"] = .array(rules.map(JSONValue.string))
        if let residue { object["residue"] = .string(residue) }
        if let message { object["message"] = .string(message) }
        return .object(object)
    }

    init?(json value: JSONValue) {
        guard let layer = value["layer"]?.string, let className = value["class_name"]?.string,
            let status = value["status"]?.string.flatMap(LambdaStatus.init(rawValue:))
        else { return nil }
        self.init(
            layer: layer, className: className, status: status, source: value["source"]?.string,
            pythonVersion: value["python_version"]?.string, rules: value["rules"]?.array?.compactMap(\.string) ?? [],
            residue: value["residue"]?.string, message: value["message"]?.string)
    }
}
