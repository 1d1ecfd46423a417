import KerasModel

/// A failure of a Delambda command, with the exit code the CLI contract gives it.
public struct PipelineError: Error, Sendable, CustomStringConvertible {
    public enum Kind: Sendable {
        /// Bad usage or unreadable input: exit code 2.
        case unusableInput
        /// The model is readable but not fully convertible: exit code 1.
        case notConvertible
    }

    public var kind: Kind
    /// One line naming the file, layer and position where known.
    public var message: String

    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    public var exitCode: Int32 {
        switch kind {
        case .unusableInput: return 2
        case .notConvertible: return 1
        }
    }

    public var description: String { message }
}

/// The entry points of the pipeline, one per CLI command.
public enum Pipeline {
    /// Reads `path` and describes its layers and each Lambda's recovered function.
    public static func inspect(
        _ path: String, options: FunctionOptions = FunctionOptions(), rules: RuleOptions = RuleOptions()
    ) throws(PipelineError) -> InspectReport {
        let library = try rules.library()
        let rewriter = LambdaRewriter(library: library, options: rules.engineOptions)
        return InspectReport(model: try readModel(path), options: options, rewriter: rewriter)
    }

    static func readModel(_ path: String) throws(PipelineError) -> KerasModel {
        do {
            return try KerasModelReader.read(path)
        } catch {
            throw PipelineError(.unusableInput, error.description)
        }
    }
}
