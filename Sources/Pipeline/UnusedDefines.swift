/// The `--define` values no Lambda reads: reported as warnings (a misspelt name would otherwise
/// go unnoticed), never an error.
enum UnusedDefines {
    /// One warning per defined name that no recovered Lambda of `file` reads as a global.
    static func warnings(_ options: FunctionOptions, recovered: [RecoveredLambda], file: String) -> [String] {
        var read: Set<String> = []
        for lambda in recovered {
            for (name, kind) in lambda.binding?.globals ?? [] {
                if case .defined = kind { read.insert(name) }
            }
        }
        return options.defines.keys.sorted().filter { !read.contains($0) }.map {
            "--define \($0): no Lambda of \(file) reads a global named \($0); the value is not used"
        }
    }
}
