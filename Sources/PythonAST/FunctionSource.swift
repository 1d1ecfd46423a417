/// A Python source file read for the functions it defines, such as the file a user passes with
/// `--function-source` so that functions Keras 3 stored by name only can be used.
///
/// Only the top level is read eagerly: `def` names, imports and simple `NAME = expression`
/// assignments. Everything else (classes, `if` blocks, loops, bare expressions...) is skipped
/// together with its indented block. A def is parsed only when asked for by
/// ``function(named:)``, so an unsupported def elsewhere in the file does no harm.
///
/// ```swift
/// let file = try FunctionSource.parse("import tensorflow as tf\ndef scale(x):\n    return x / 255.0\n")
/// let scale = try file.function(named: "scale")   // def scale(x): return x / 255.0
/// file.imports["tf"]                               // "tensorflow"
/// ```
public struct FunctionSource: Sendable {
    /// Names of the top-level defs, each once, in order of first definition.
    public private(set) var functionNames: [String]
    /// Top-level assignments in source order; when a name is assigned twice, the later one wins.
    public private(set) var constants: [ModuleConstant]
    /// Top-level imports: bound alias → dotted module path (`import numpy as np` gives
    /// `np → numpy`, `from a import b as c` gives `c → a.b`).
    public private(set) var imports: [String: String]

    private let source: SourceText
    private let lines: [LogicalLine]
    private let definitions: [String: FunctionSourceParser.DefinitionLines]

    /// Reads the top level of `text`.
    ///
    /// Top-level assignments whose value the expression parser cannot read (a comprehension,
    /// say) are left out of ``constants`` rather than failing the file.
    ///
    /// - Throws: `PythonSyntaxError` for an unterminated string, unbalanced brackets, an indented
    ///   first line, a def without a name, or a malformed import.
    public static func parse(_ text: String) throws(PythonSyntaxError) -> FunctionSource {
        let source = SourceText(text)
        var parser = try FunctionSourceParser(source)
        try parser.run()
        return FunctionSource(
            functionNames: parser.functionNames, constants: parser.constants, imports: parser.imports,
            source: source, lines: parser.lines, definitions: parser.definitions)
    }

    /// Parses the top-level def named `name` (the last one, if it is defined more than once).
    ///
    /// - Returns: The definition, or nil when the file has no top-level def of that name.
    /// - Throws: `PythonSyntaxError` at the file position of the first problem in that def,
    ///   such as `unsupported statement 'for' in def name`.
    public func function(named name: String) throws(PythonSyntaxError) -> FunctionDefinition? {
        guard let definition = definitions[name] else { return nil }
        return try FunctionBodyParser.parse(
            header: lines[definition.header], block: lines[definition.block], source: source)
    }

    /// The value last assigned to `name` at the top level, if any.
    public func constant(named name: String) -> Expression? {
        constants.last { $0.name == name }?.value
    }
}
