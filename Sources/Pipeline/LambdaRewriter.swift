import PythonAST
import Rewrite
import RuleFiles

/// Rewrites a recovered, bound Lambda function into core ops with the rule library.
struct LambdaRewriter {
    let library: RuleLibrary
    let options: FixpointEngine.Options

    /// The rewrite of `recovered`, whose inputs have `inputShapes` (batch first, nil unknown);
    /// nil when the function was not recovered.
    func rewrite(_ recovered: RecoveredLambda, inputShapes: [[Int?]?]) -> RewriteResult? {
        rewriteWithInputs(recovered, inputShapes: inputShapes)?.result
    }

    /// The rewrite and the variable names standing for the layer's inputs, in order.
    func rewriteWithInputs(
        _ recovered: RecoveredLambda, inputShapes: [[Int?]?]
    ) -> (result: RewriteResult, inputs: [String])? {
        guard let binding = recovered.binding, let input = binding.parameters.first,
            case .inputs(let count) = input.source
        else { return nil }
        var variables: Set<String> = []
        var shapes: [String: [Int?]] = [:]
        var body = binding.expression
        if count == 1 {
            variables = [input.name]
            if let shape = inputShapes.first ?? nil { shapes[input.name] = shape }
        } else {
            // A multi-input layer's parameter is the list of its inputs: `t[0]` folds to `t[0]`'s tensor.
            let names = (0..<count).map { "\(input.name)[\($0)]" }
            variables = Set(names)
            for (name, shape) in zip(names, inputShapes) { if let shape { shapes[name] = shape } }
            body = body.substituting([input.name: .list(names.map(Expression.name))])
        }
        let names = count == 1 ? [input.name] : (0..<count).map { "\(input.name)[\($0)]" }
        return (library.rewrite(body, variables: variables, shapes: shapes, options: options), names)
    }
}

/// The rules options every command that rewrites shares.
public struct RuleOptions: Sendable, Equatable {
    /// User rule files or folders, on top of the built-in library.
    public var paths: [String]
    /// Refuse rules that only approximate.
    public var exact: Bool
    /// Replace random sampling by its mean.
    public var deterministicSampling: Bool

    public init(paths: [String] = [], exact: Bool = false, deterministicSampling: Bool = false) {
        self.paths = paths
        self.exact = exact
        self.deterministicSampling = deterministicSampling
    }

    var engineOptions: FixpointEngine.Options {
        FixpointEngine.Options(exact: exact, deterministicSampling: deterministicSampling)
    }

    func library() throws(PipelineError) -> RuleLibrary {
        let library: RuleLibrary
        do {
            library = try RuleSourceFiles.library(userPaths: paths)
        } catch {
            throw PipelineError(.unusableInput, error.description, location: .init(file: error.path), underlying: error)
        }
        if let error = library.diagnostics.first(where: { $0.severity == .error && !$0.file.hasPrefix("Rules/") }) {
            throw PipelineError(
                .unusableInput, "\(error.description) (run delambda lint \(error.file))",
                location: .init(file: error.file, line: error.line, column: error.column))
        }
        return library
    }
}
