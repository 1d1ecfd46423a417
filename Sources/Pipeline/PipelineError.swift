import KerasModel

/// A failure of a Delambda command: what kind (which gives the exit code), where it happened
/// when known, the error of the layer below that caused it, and the per-layer failures of a
/// model that is not convertible, kept apart until the message is rendered.
public struct PipelineError: Error, Sendable, CustomStringConvertible {
    public enum Kind: Sendable, Equatable {
        /// A bad option or option value: exit code 2.
        case usage
        /// Unreadable or unusable input or output: exit code 2.
        case unusableInput
        /// The model is readable but not fully convertible: exit code 1.
        case notConvertible
    }

    /// Where a failure happened, as far as it is known.
    public struct Location: Sendable, Equatable {
        /// The model, rule file, function source or output.
        public var file: String?
        /// The Keras layer.
        public var layer: String?
        /// The line and column in a rule file or a Python source, from 1.
        public var line: Int?
        public var column: Int?
        /// The offset in a function's bytecode.
        public var offset: Int?

        public init(
            file: String? = nil, layer: String? = nil, line: Int? = nil, column: Int? = nil, offset: Int? = nil
        ) {
            self.file = file
            self.layer = layer
            self.line = line
            self.column = column
            self.offset = offset
        }
    }

    public var kind: Kind
    public var location: Location?
    /// The error of the module below that this one reports (a Keras reader's, a rule file's...).
    public var underlying: (any Error & Sendable)?
    /// The layers that are not convertible, when that is why; their lines follow `summary`.
    public var failures: [LayerFailure]
    /// What the user should know besides the failure (an unused `--define`); the CLI prints
    /// each as a warning line before the error.
    public var warnings: [String] = []
    /// What keeps the model from converting, as ``ModelRecord/blockers`` names it (for `bulk`).
    public var blockers: [String] = []
    /// The message, or with `failures` its first part (`model.h5: not convertible`).
    private var summary: String

    /// One line naming the file, layer and position where known: the summary, then each failing
    /// layer's line, separated by `; `.
    public var message: String {
        guard !failures.isEmpty else { return summary }
        return summary + ": " + failures.map(\.message).joined(separator: "; ")
    }

    public init(
        _ kind: Kind, _ message: String, location: Location? = nil, underlying: (any Error & Sendable)? = nil
    ) {
        self.kind = kind
        self.summary = message
        self.location = location
        self.underlying = underlying
        failures = []
    }

    /// A model that is not convertible because of `failures`: `summary: layer 'a': ...; layer 'b': ...`.
    public init(notConvertible summary: String, failures: [LayerFailure], location: Location? = nil) {
        self.init(.notConvertible, summary, location: location)
        self.failures = failures
    }

    public var exitCode: Int32 {
        switch kind {
        case .usage, .unusableInput: return 2
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
        let model = try readModel(path)
        let conversion = LambdaConversion(
            recoverer: LambdaRecoverer(options: options, kerasVersion: model.kerasVersion),
            rewriter: LambdaRewriter(library: library, options: rules.engineOptions), backend: .coreML)
        return InspectReport(model: model, options: options, conversion: conversion)
    }

    static func readModel(_ path: String) throws(PipelineError) -> KerasModel {
        try ReadIsolation.check(path)
        do {
            return try KerasModelReader.read(path)
        } catch {
            throw PipelineError(.unusableInput, error.description, location: .init(file: path), underlying: error)
        }
    }
}
