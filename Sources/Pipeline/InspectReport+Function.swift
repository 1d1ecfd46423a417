import JSON
import PythonAST

extension InspectReport {
    /// The lines about a recovered function: its source, version and bindings, or why it failed.
    static func recoveryLines(_ recovered: RecoveredLambda) -> [String] {
        var lines: [String] = []
        let indent = "      "
        if let function = recovered.function {
            let source = function.source.split(separator: "\n").map(String.init)
            lines.append(indent + "source: " + source[0])
            lines += source.dropFirst().map { indent + "        " + $0 }
        }
        switch recovered.origin {
        case .bytecode(let python, let repaired)?:
            lines.append(indent + "decompiled from Python \(python) bytecode")
            if !repaired.isEmpty {
                let offsets = repaired.map(String.init).joined(separator: ", ")
                lines.append(indent + "repaired Windows damage: 0x2F restored to 0x5C at code offset(s) \(offsets)")
            }
        case .library(let name)?:
            lines.append(indent + "library function \(name) (its own bytecode, identified by module and name)")
        case .functionSource(let path)?:
            lines.append(indent + "from --function-source \(path)")
        case .tfOp, nil:
            break
        }
        if let binding = recovered.binding {
            for (name, source) in binding.parameters {
                lines.append(indent + "\(name) = \(source.text)")
            }
            for (name, value) in binding.closure {
                lines.append(indent + "\(name) = \(value.abbreviatedSource()) (closure)")
            }
            for (name, kind) in binding.globals {
                switch kind {
                case .module: continue
                case .defined(let value): lines.append(indent + "\(name) = \(value.abbreviatedSource()) (--define)")
                case .missing:
                    lines.append(
                        indent + "\(name): global not stored in the file; supply it with --define \(name)=VALUE")
                }
            }
        }
        if let shape = recovered.outputShapeFunction {
            lines.append(indent + "output_shape function: " + shape.source.replacingOccurrences(of: "\n", with: "; "))
        }
        if let failure = recovered.failure { lines.append(indent + "error: \(failure.message)") }
        return lines
    }

    /// The recovered function's keys of the JSON contract.
    static func recoveryJSON(_ recovered: RecoveredLambda, into object: inout JSONObject) {
        if let function = recovered.function { object["source"] = .string(function.source) }
        if let python = recovered.pythonVersion { object["python_version"] = .string(python) }
        switch recovered.origin {
        case .bytecode(_, let repaired)?:
            object["origin"] = "bytecode"
            if !repaired.isEmpty { object["repaired_offsets"] = .array(repaired.map(JSONValue.int)) }
        case .library(let name)?:
            object["origin"] = "library"
            object["library_function"] = .string(name)
        case .functionSource(let path)?:
            object["origin"] = "function_source"
            object["function_source"] = .string(path)
        case .tfOp?:
            object["origin"] = "tfop"
        case nil:
            break
        }
        if let binding = recovered.binding {
            var bound = JSONObject()
            for (name, source) in binding.parameters { bound[name] = .string(source.text) }
            for (name, value) in binding.closure { bound[name] = .string(value.source) }
            object["bound"] = .object(bound)
            var globals = JSONObject()
            for (name, kind) in binding.globals {
                switch kind {
                case .module: globals[name] = "module"
                case .defined(let value): globals[name] = .string(value.source)
                case .missing: globals[name] = "missing"
                }
            }
            if !globals.isEmpty { object["globals"] = .object(globals) }
            object["expression"] = .string(binding.expression.source)
        }
        if let shape = recovered.outputShapeFunction { object["output_shape_source"] = .string(shape.source) }
        if let failure = recovered.failure {
            object["status"] = .string(LambdaStatus.unsupported.rawValue)
            object["error"] = .string(failure.message)
        }
    }
}

extension LambdaBinding.Source {
    /// `input`, `inputs (2 tensors)`, `0.17 (argument)`... (a huge value shortened: text for people)
    var text: String {
        switch self {
        case .inputs(let count): return count == 1 ? "the input tensor" : "the list of \(count) input tensors"
        case .argument(let value): return "\(value.abbreviatedSource()) (argument)"
        case .defaultValue(let value): return "\(value.abbreviatedSource()) (default)"
        case .inference(let value): return "\(value.abbreviatedSource()) (at inference)"
        case .missing: return "missing: not in the layer's arguments and without default"
        }
    }
}
