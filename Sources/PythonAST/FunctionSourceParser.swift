/// Reads the top level of a Python file for ``FunctionSource``: where each def is, the imports,
/// and simple assignments. A top-level statement owns every following line that is indented,
/// so skipping a statement skips its block too.
struct FunctionSourceParser {
    /// Where one def is: its header line and the indented lines after it (indices into `lines`).
    struct DefinitionLines: Sendable {
        var header: Int
        var block: Range<Int>
    }

    /// Statements whose block or rest of line must be skipped whole.
    private static let compoundKeywords: Set<String> = [
        "if", "elif", "else", "for", "while", "with", "try", "except", "finally", "def", "class", "async", "match",
        "case", "decorator",
    ]

    let source: SourceText
    let lines: [LogicalLine]
    private(set) var functionNames: [String] = []
    private(set) var definitions: [String: DefinitionLines] = [:]
    private(set) var constants: [ModuleConstant] = []
    private(set) var imports: [String: String] = [:]

    init(_ source: SourceText) throws(PythonSyntaxError) {
        self.source = source
        lines = try LogicalLine.split(source)
    }

    mutating func run() throws(PythonSyntaxError) {
        if let first = lines.first, first.indent > 0 { throw source.error("unexpected indent", at: first.start) }
        var index = 0
        while index < lines.count {
            var blockEnd = index + 1
            while blockEnd < lines.count, lines[blockEnd].indent > 0 { blockEnd += 1 }
            try read(line: index, block: (index + 1)..<blockEnd)
            index = blockEnd
        }
    }

    private mutating func read(line index: Int, block: Range<Int>) throws(PythonSyntaxError) {
        let line = lines[index]
        let (keyword, afterKeyword) = word(at: line.start)
        if keyword == "def" {
            let (name, _) = word(at: skipBlanks(from: afterKeyword))
            guard !name.isEmpty, !ExpressionParser.isKeyword(name) else {
                throw source.error("expected a function name", at: skipBlanks(from: afterKeyword))
            }
            if definitions[name] == nil { functionNames.append(name) }
            definitions[name] = DefinitionLines(header: index, block: block)
            return
        }
        // Lines we only skip may use syntax the expression tokenizer does not know (f-strings
        // with nested quotes, say); only import lines must tokenize.
        let tokens: TokenSpan
        if keyword == "import" || keyword == "from" {
            tokens = try TokenSpan(line: line, in: source)
        } else {
            guard let read = try? TokenSpan(line: line, in: source) else { return }
            tokens = read
        }
        let statements = SimpleStatement.statements(in: tokens).map { ($0.start, SimpleStatement($0)) }
        // In `if x: a = 1; b = 2` both assignments belong to the `if`.
        if case .keyword(let first, _, _)? = statements.first?.1, Self.compoundKeywords.contains(first) { return }
        for (offset, statement) in statements {
            try read(statement: statement, at: offset)
        }
    }

    private mutating func read(statement: SimpleStatement, at offset: Int) throws(PythonSyntaxError) {
        switch statement {
        case .keyword(let keyword, _, let rest) where keyword == "import" || keyword == "from":
            for (alias, module) in try ImportStatement(keyword: keyword, rest: rest, source: source).bindings {
                imports[alias] = module
            }
        case .assignment(let targets, let value):
            addConstants(targets: targets, value: value, at: offset)
        case .annotated(let target, let value?):
            addConstants(targets: [target], value: value, at: offset)
        default:
            break
        }
    }

    /// Records the names an assignment binds; an assignment we cannot read is left out, since
    /// the file is Python we only partly understand.
    private mutating func addConstants(targets: [TokenSpan], value: TokenSpan, at offset: Int) {
        guard let parsedValue = try? source.parseExpression(value.range) else { return }
        let line = source.location(of: offset).line
        for span in targets {
            guard let target = try? source.parseExpression(span.range),
                let bindings = try? Destructuring.bindings(of: target, to: parsedValue)
            else { continue }
            constants += bindings.map { ModuleConstant(name: $0.name, value: $0.value, line: line) }
        }
    }

    /// The identifier starting at `offset` (empty if none) and the offset after it.
    private func word(at offset: Int) -> (String, Int) {
        var end = offset
        let characters = source.characters
        while end < characters.count, characters[end].isLetter || characters[end].isNumber || characters[end] == "_" {
            end += 1
        }
        return (String(characters[offset..<end]), end)
    }

    private func skipBlanks(from offset: Int) -> Int {
        var position = offset
        let characters = source.characters
        while position < characters.count {
            if characters[position] == " " || characters[position] == "\t" {
                position += 1
            } else if characters[position] == "\\", position + 1 < characters.count, characters[position + 1] == "\n" {
                position += 2
            } else {
                break
            }
        }
        return position
    }
}
