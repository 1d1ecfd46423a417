import Foundation
import PythonAST
import PythonBytecode

/// What the user tells Delambda about a model's functions that the file does not hold:
/// `--python X.Y`, `--define NAME=VALUE`, `--function-source FILE.py`.
public struct FunctionOptions: Sendable {
    /// Decode every payload as this version's bytecode instead of detecting it.
    public var python: PythonVersion?
    /// Values of globals the functions read (a module-level `scale`), as Python expressions.
    public var defines: [String: PythonAST.Expression]
    /// Sources of functions stored by name only, and the files they came from.
    public var functionSources: [(path: String, source: FunctionSource)]

    public init(
        python: PythonVersion? = nil, defines: [String: PythonAST.Expression] = [:],
        functionSources: [(path: String, source: FunctionSource)] = []
    ) {
        self.python = python
        self.defines = defines
        self.functionSources = functionSources
    }

    /// Parses `--python`, `--define` and `--function-source` values.
    /// - Throws: ``PipelineError`` (unusable input) naming the bad value.
    public static func parse(
        python: String?, defines: [String], functionSources: [String]
    ) throws(PipelineError) -> FunctionOptions {
        var options = FunctionOptions()
        if let python {
            guard let version = PythonVersion(python), OpcodeTable.table(for: version) != nil else {
                let known = OpcodeTable.all.map { "\($0.version)" }.joined(separator: ", ")
                throw PipelineError(.usage, "--python \(python): not a Python version Delambda reads (\(known))")
            }
            options.python = version
        }
        for define in defines {
            let (name, value) = try parseDefine(define)
            options.defines[name] = value
        }
        for path in functionSources {
            options.functionSources.append((path, try readFunctionSource(path)))
        }
        return options
    }

    static func parseDefine(_ text: String) throws(PipelineError) -> (String, PythonAST.Expression) {
        guard let equals = text.firstIndex(of: "=") else {
            throw PipelineError(.usage, "--define \(text): expected NAME=VALUE")
        }
        let name = String(text[..<equals]).trimmingCharacters(in: .whitespaces)
        guard case .name(name)? = try? ExpressionParser.parse(name) else {
            throw PipelineError(.usage, "--define \(text): '\(name)' is not a Python name")
        }
        do {
            return (name, try ExpressionParser.parse(String(text[text.index(after: equals)...])))
        } catch {
            throw PipelineError(
                .usage, "--define \(text): the value is not a Python expression: \(error)", underlying: error)
        }
    }

    private static func readFunctionSource(_ path: String) throws(PipelineError) -> FunctionSource {
        let text: String
        do {
            text = try TextFile.read(path)
        } catch {
            throw PipelineError(
                .unusableInput, "\(path): cannot read the function source: \(error)", location: .init(file: path),
                underlying: error)
        }
        do {
            return try FunctionSource.parse(text)
        } catch {
            throw PipelineError(
                .unusableInput, "\(path):\(error.line):\(error.column): \(error.message)",
                location: .init(file: path, line: error.line, column: error.column), underlying: error)
        }
    }

    /// The `def` called `name` in the first `--function-source` file that has one.
    func suppliedFunction(named name: String) throws(PipelineError) -> (path: String, function: FunctionDefinition)? {
        for (path, source) in functionSources {
            do {
                if let function = try source.function(named: name) { return (path, function) }
            } catch {
                throw PipelineError(
                    .unusableInput, "\(path):\(error.line):\(error.column): \(error.message)",
                    location: .init(file: path, line: error.line, column: error.column), underlying: error)
            }
        }
        return nil
    }
}
