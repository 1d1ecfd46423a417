import JSON
import KerasModel

extension InspectReport {
    /// The machine-readable form; its keys are a contract (see docs/inspect-json.md).
    public func jsonValue() -> JSONValue {
        var root = JSONObject()
        root["file"] = .string(file)
        root["keras_version"] = kerasVersion.map(JSONValue.string) ?? .null
        root["backend"] = backend.map(JSONValue.string) ?? .null
        root["model"] = ["class_name": .string(modelClass), "name": .string(modelName)]
        root["layers"] = .array(layers.map(Self.json))
        root["total_params"] = .int(totalParameters)
        root["warnings"] = .array(warnings.map(JSONValue.string))
        if !unusedDefines.isEmpty { root["unused_defines"] = .array(unusedDefines.map(JSONValue.string)) }
        return .object(root)
    }

    private static func json(_ row: Row) -> JSONValue {
        var layer = JSONObject()
        layer["name"] = .string(row.name)
        layer["class_name"] = .string(row.className)
        layer["inbound"] = .array(row.inbound.map(JSONValue.string))
        layer["output_shape"] = json(row.outputShape)
        layer["params"] = .int(row.parameters)
        if !row.path.isEmpty { layer["parent"] = .array(row.path.map(JSONValue.string)) }
        if let function = row.function {
            var object = json(function)
            if let recovered = row.recovered { recoveryJSON(recovered, into: &object) }
            if let rewrite = row.rewrite {
                // The contract's two values: whatever convert does not take is unsupported.
                object["status"] = .string(
                    (row.status == .rewritable ? LambdaStatus.rewritable : .unsupported).rawValue)
                object["core_ops"] = .string(rewrite.result)
                if !rewrite.residue.isEmpty { object["residue"] = .string(rewrite.residueText) }
                object["rules"] = .array(rewrite.rules.map(JSONValue.string))
                if !rewrite.approximations.isEmpty {
                    object["approximations"] = .array(rewrite.approximations.map(JSONValue.string))
                }
            }
            if let note = row.sizeNote { object["sizes"] = .string(note) }
            if !row.inputShapes.isEmpty {
                object["input_shapes"] = .array(row.inputShapes.map { Self.json($0) })
            }
            if !row.refusals.isEmpty {
                object["refused_by"] = .array(
                    row.refusals.map { ["backend": "coreml", "op": .string($0.op), "reason": .string($0.reason)] })
            }
            layer["function"] = .object(object)
        }
        if let refusal = row.refusal { layer["refusal"] = .string(refusal) }
        return .object(layer)
    }

    private static func json(_ shape: TensorShape?) -> JSONValue {
        shape.map { .array($0.dimensions.map { $0.map(JSONValue.int) ?? .null }) } ?? .null
    }

    private static func json(_ function: FunctionSummary) -> JSONObject {
        var object = JSONObject()
        object["payload"] = .string(function.payload)
        if let encoding = function.encoding { object["encoding"] = .string(encoding) }
        if let size = function.codeSize { object["code_size"] = .int(size) }
        if let name = function.name { object[function.payload == "tfop" ? "op" : "name"] = .string(name) }
        if let module = function.module { object["module"] = .string(module) }
        if !function.arguments.isEmpty { object["arguments"] = .object(function.arguments) }
        if let defaults = function.defaults { object["defaults"] = defaults }
        if let closure = function.closure { object["closure"] = closure }
        if !function.callArguments.isEmpty { object["call_arguments"] = .object(function.callArguments) }
        if let shape = function.outputShape { object["output_shape"] = .string(shape) }
        return object
    }
}
