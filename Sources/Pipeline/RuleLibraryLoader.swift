import RuleFiles

/// The rule library of some ``RuleOptions``, loaded the first time it is asked for and kept: a
/// `bulk` worker loads it once for all its models, `convert` and `rewrite` once for theirs.
final class RuleLibraryLoader {
    let rules: RuleOptions
    private var loaded: Result<RuleLibrary, PipelineError>?

    init(rules: RuleOptions) {
        self.rules = rules
    }

    func library() throws(PipelineError) -> RuleLibrary {
        if loaded == nil {
            do throws(PipelineError) {
                loaded = .success(try rules.library())
            } catch {
                loaded = .failure(error)
            }
        }
        switch loaded {
        case .success(let library): return library
        case .failure(let error): throw error
        case nil: throw PipelineError(.unusableInput, "the rule library was not loaded")
        }
    }
}
