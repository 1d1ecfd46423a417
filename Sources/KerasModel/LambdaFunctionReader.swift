import JSON

/// Extracts the function of a Lambda-like layer from its config, in every form Keras wrote.
enum LambdaFunctionReader {
    /// The layer classes that carry a function.
    static let lambdaClasses: Set<String> = ["Lambda", "TFOpLambda", "SlicingOpLambda"]

    /// The function of a layer of class `className`, or `nil` when it is not Lambda-like.
    static func function(className: String, config: JSONObject) throws(ConfigShapeError) -> LambdaFunction? {
        guard lambdaClasses.contains(className) else { return nil }
        if className != "Lambda" {
            guard let name = config["function"]?.string else {
                throw ConfigShapeError("\(className) has no op name in 'function'")
            }
            return LambdaFunction(payload: .tfOp(name))
        }
        guard let stored = config["function"] else { throw ConfigShapeError("Lambda has no 'function'") }
        var function = try payload(
            stored, type: config["function_type"]?.string, module: config["module"]?.string, what: "function")
        function.arguments = config["arguments"]?.object ?? JSONObject()
        if let shape = config["output_shape"], !shape.isNull {
            function.outputShape = try outputShape(
                shape, type: config["output_shape_type"]?.string, module: config["output_shape_module"]?.string)
        }
        return function
    }

    /// Reads a stored function: `[code, defaults, closure]` (Keras 1/2), a bare code or name
    /// string, or a Keras 3 `{"class_name": "__lambda__" | "function", ...}` object.
    private static func payload(
        _ stored: JSONValue, type: String?, module: String?, what: String
    ) throws(ConfigShapeError) -> LambdaFunction {
        switch stored {
        case .array(let parts):
            guard let code = parts.first?.string else { throw ConfigShapeError("\(what) code is not a string") }
            return LambdaFunction(
                payload: .marshal(try marshal(code, what: what)), module: module, defaults: nonNull(parts[safe: 1]),
                closure: nonNull(parts[safe: 2]))
        case .string(let text):
            if type == "lambda" {
                return LambdaFunction(payload: .marshal(try marshal(text, what: what)), module: module)
            }
            return LambdaFunction(payload: .named(module: module, name: text), module: module)
        case .object(let object):
            switch object["class_name"]?.string {
            case "__lambda__":
                guard let code = object["config"]?["code"]?.string else {
                    throw ConfigShapeError("\(what) '__lambda__' has no code")
                }
                return LambdaFunction(
                    payload: .marshal(try marshal(code, what: what)), module: module,
                    defaults: nonNull(object["config"]?["defaults"]), closure: nonNull(object["config"]?["closure"]))
            case "function":
                guard let name = object["config"]?.string else { throw ConfigShapeError("\(what) has no name") }
                let origin = object["module"]?.string ?? module
                return LambdaFunction(payload: .named(module: origin, name: name), module: origin)
            default:
                throw ConfigShapeError(
                    "\(what) is stored in an unknown form (class_name \(object["class_name"]?.string ?? "missing"))")
            }
        default:
            throw ConfigShapeError("\(what) is neither code, a name nor a Keras 3 function object")
        }
    }

    private static func outputShape(
        _ stored: JSONValue, type: String?, module: String?
    ) throws(ConfigShapeError) -> OutputShape {
        if type == "raw" || (type == nil && isShapeList(stored)) {
            guard let items = stored.array else { throw ConfigShapeError("raw output_shape is not a list") }
            return .shape(items.map(\.int))
        }
        return .function(try payload(stored, type: type, module: module, what: "output_shape").payload)
    }

    private static func isShapeList(_ value: JSONValue) -> Bool {
        guard let items = value.array else { return false }
        return items.allSatisfy { $0.int != nil || $0.isNull }
    }

    private static func marshal(_ text: String, what: String) throws(ConfigShapeError) -> MarshalPayload {
        guard let payload = PayloadText.decode(text) else {
            throw ConfigShapeError(
                "\(what) code is neither base64 nor raw_unicode_escape marshal data", code: .badPayload)
        }
        return payload
    }

    private static func nonNull(_ value: JSONValue?) -> JSONValue? {
        guard let value, !value.isNull else { return nil }
        return value
    }
}

extension Array {
    subscript(safe index: Int) -> Element? {
        indices.contains(index) ? self[index] : nil
    }
}
