/// The names one `import` or `from ... import` statement binds, each with the dotted module path
/// it refers to.
struct ImportStatement {
    /// `(alias, module)` pairs in source order: `import a.b as c` binds `c` to `a.b`; `import a.b`
    /// binds `a` to `a` (Python binds only the top-level package); `from a import b as c` binds
    /// `c` to `a.b`; relative imports keep their leading dots (`from . import x` binds `x` to `.x`).
    var bindings: [(alias: String, module: String)] = []

    private var tokens: ArraySlice<Token>
    private let source: SourceText
    private let end: Int

    /// Parses the statement after its `import` or `from` keyword.
    ///
    /// - Throws: `PythonSyntaxError` at the first token that does not fit the grammar.
    init(keyword: String, rest: TokenSpan, source: SourceText) throws(PythonSyntaxError) {
        tokens = rest.tokens
        self.source = source
        end = rest.end
        if keyword == "import" {
            try parseImport()
        } else {
            try parseFromImport()
        }
        if let extra = tokens.first { throw source.error("unexpected token in import statement", at: extra.offset) }
    }

    private mutating func parseImport() throws(PythonSyntaxError) {
        repeat {
            let module = try dottedName()
            if let alias = try alias() {
                bindings.append((alias, module))
            } else {
                let package = module.split(separator: ".").first.map(String.init) ?? module
                bindings.append((package, package))
            }
        } while accept(",")
    }

    private mutating func parseFromImport() throws(PythonSyntaxError) {
        var module = ""
        while let token = tokens.first, token.isOp(".") || token.isOp("...") {
            module += token.isOp(".") ? "." : "..."
            tokens.removeFirst()
        }
        if tokens.first?.name != "import" { module += try dottedName() }
        guard tokens.first?.name == "import" else { throw expected("'import'") }
        tokens.removeFirst()
        if accept("*") { return }
        let parenthesized = accept("(")
        repeat {
            if parenthesized, tokens.first?.isOp(")") == true { break }
            let name = try identifier()
            let qualified = module.hasSuffix(".") ? module + name : module + "." + name
            bindings.append((try alias() ?? name, qualified))
        } while accept(",")
        if parenthesized, !accept(")") { throw expected("')'") }
    }

    private mutating func dottedName() throws(PythonSyntaxError) -> String {
        var name = try identifier()
        while accept(".") { name += "." + (try identifier()) }
        return name
    }

    private mutating func alias() throws(PythonSyntaxError) -> String? {
        guard tokens.first?.name == "as" else { return nil }
        tokens.removeFirst()
        return try identifier()
    }

    private mutating func identifier() throws(PythonSyntaxError) -> String {
        guard let name = tokens.first?.name, !ExpressionParser.isKeyword(name) else { throw expected("a name") }
        tokens.removeFirst()
        return name
    }

    private mutating func accept(_ op: String) -> Bool {
        guard tokens.first?.isOp(op) == true else { return false }
        tokens.removeFirst()
        return true
    }

    private func expected(_ what: String) -> PythonSyntaxError {
        source.error("expected \(what) in import statement", at: tokens.first?.offset ?? end)
    }
}
