/// What happened to one model in `convert --report-json` or `bulk`: the outcome, each Lambda,
/// the rules that fired, and how long each stage took.
///
/// A conversion fills it in stage by stage (``Pipeline/convertRecording(_:output:options:rules:)``);
/// `bulk` adds what only the parent sees (the worker's exit code or signal, its stderr) and
/// writes it as one entry of its report.
public struct ModelRecord: Sendable, Equatable {
    /// The outcome, from best to worst; the raw values are the report's contract.
    public enum Status: String, Sendable, CaseIterable {
        /// The output was written.
        case converted
        /// `bulk` found the output up to date and did not convert again.
        case skipped
        /// The model is readable but something in it (a Lambda, a layer class) is not convertible.
        case unsupported
        /// The file opens but is not a readable Keras model (not HDF5, truncated, weights only...).
        case corrupt
        /// The file cannot be opened at all (missing, a dangling link, no permission, a folder).
        case unreadable
        /// Anything else: the output could not be written, the worker gave no report.
        case failed
        /// The worker process was killed by a signal (in `bulk` only).
        case crashed
        /// The worker ran longer than `--timeout` and was killed (in `bulk` only).
        case timeout

        /// The exit code of a command that ends with this status (0, 1 or 2 as the CLI contract says).
        public var exitCode: Int32 {
            switch self {
            case .converted, .skipped: return 0
            case .unsupported: return 1
            case .corrupt, .unreadable, .failed, .crashed, .timeout: return 2
            }
        }

        public var isSuccess: Bool { self == .converted || self == .skipped }
    }

    /// The shapes chosen for inputs of flexible size, one line per input (printed on stderr).
    public var inputShapes: [String] = []

    /// One Lambda-like layer and what became of its function.
    public struct Lambda: Sendable, Equatable {
        public var layer: String
        public var className: String
        public var status: LambdaStatus
        /// The recovered source, on one line.
        public var source: String?
        public var pythonVersion: String?
        /// The rules that fired, in order of first use.
        public var rules: [String]
        /// What no rule rewrote, when unsupported.
        public var residue: String?
        /// Why it was not recovered or not built.
        public var message: String?

        public init(
            layer: String, className: String, status: LambdaStatus, source: String? = nil, pythonVersion: String? = nil,
            rules: [String] = [], residue: String? = nil, message: String? = nil
        ) {
            self.layer = layer
            self.className = className
            self.status = status
            self.source = source
            self.pythonVersion = pythonVersion
            self.rules = rules
            self.residue = residue
            self.message = message
        }
    }

    /// The time one stage took, in seconds.
    public struct Timing: Sendable, Equatable {
        public var stage: String
        public var seconds: Double

        public init(stage: String, seconds: Double) {
            self.stage = stage
            self.seconds = seconds
        }
    }

    public var input: String
    public var output: String
    /// `mlmodel` or `h5`.
    public var target: String
    public var status: Status
    /// One line saying why, for every status but `converted`.
    public var reason: String?
    public var lambdas: [Lambda] = []
    /// Rules that fired over the whole model, in order of first use.
    public var rules: [String] = []
    /// What keeps the model from converting, each once: `op NAME` (a call no rule rewrites, or
    /// an op the backend refuses), `global NAME`, `layer class NAME`...; what `bulk` counts.
    public var blockers: [String] = []
    /// What the user should know although it changed nothing (an unused `--define`).
    public var warnings: [String] = []
    /// Layers in the written model.
    public var outputLayers: Int?
    /// The Core ML specification version of the written model.
    public var specificationVersion: Int?
    /// Stages in the order they ran: `read`, `rules`, `recover`, `rewrite`, `lower`, `backend`
    /// (converting and writing, one layer at a time).
    public var timings: [Timing] = []

    /// The worker's exit code, as `bulk` saw it.
    public var exitCode: Int32?
    /// The signal that killed the worker.
    public var signal: Int32?
    /// Wall-clock seconds of the worker process, start to exit, as `bulk` saw it.
    public var workerSeconds: Double?
    /// The end of the worker's standard error, when it wrote any.
    public var standardErrorTail: String?

    public init(input: String, output: String, target: String, status: Status, reason: String? = nil) {
        self.input = input
        self.output = output
        self.target = target
        self.status = status
        self.reason = reason
    }

    /// Adds `seconds` to `stage`, appending the stage the first time it is seen.
    mutating func addTime(_ seconds: Double, to stage: String) {
        if let index = timings.firstIndex(where: { $0.stage == stage }) {
            timings[index].seconds += seconds
        } else {
            timings.append(Timing(stage: stage, seconds: seconds))
        }
    }

    /// Lambdas left unsupported, unrecovered or failed.
    public var problemLambdas: [Lambda] { lambdas.filter { $0.status != .rewritable } }

    /// The problem Lambdas that say why, as layer failures.
    var layerFailures: [LayerFailure] {
        problemLambdas.compactMap { lambda in
            lambda.message.map { LayerFailure(layer: lambda.layer, className: lambda.className, message: $0) }
        }
    }
}
