import JSON
import KerasBackend

/// The worker side of `bulk`: converts the models it is sent, one at a time, and answers each
/// with its record, loading the rule library once for all of them.
///
/// Protocol, one line each way per model: the request `{"input": PATH, "output": PATH}`, the
/// answer the ``ModelRecord`` as compact JSON. The target changes only which conversion runs.
public final class BulkWorker {
    private let target: BulkOptions.Target
    private let converter: ModelConverter
    private let flavour: KerasDialect?

    public init(
        target: BulkOptions.Target, flavour: KerasDialect? = nil, options: FunctionOptions, rules: RuleOptions
    ) {
        self.target = target
        self.flavour = flavour
        converter = ModelConverter(options: options, rules: rules)
    }

    /// The answer line to one request line.
    public func answer(_ request: String) -> String {
        let record: ModelRecord
        if let value = try? JSONParser.parse(request), let input = value["input"]?.string,
            let output = value["output"]?.string
        {
            WorkerFault.injectIfRequested(for: input)
            record = convert(input, output: output)
        } else {
            record = ModelRecord(
                input: "", output: "", target: target.rawValue, status: .failed,
                reason: "the worker cannot read its request: \(request.prefix(200))")
        }
        return JSONWriter(style: .compact).string(record.jsonValue())
    }

    private func convert(_ input: String, output: String) -> ModelRecord {
        switch target {
        case .mlmodel:
            return converter.convert(input, output: output)
        case .h5:
            return rewrite(input, output: output)
        }
    }

    /// `delambda rewrite` of one model, as a record: unsupported (exit 1) or unreadable, corrupt
    /// or failed (exit 2) with the reason.
    private func rewrite(_ input: String, output: String) -> ModelRecord {
        var record = ModelRecord(input: input, output: output, target: target.rawValue, status: .converted)
        if let problem = InputFile.openingProblem(input) {
            record.status = .unreadable
            record.reason = problem
            return record
        }
        do {
            let report = try record.time("rewrite") { () throws(PipelineError) in
                try Pipeline.rewrite(
                    input, output: output, flavour: flavour, options: converter.options, loader: converter.loader)
            }
            record.rules = report.rules
        } catch {
            // Exit 2 is the model (corrupt) unless it reads as a model: then the output failed.
            let readable = (try? Pipeline.readModel(input)) != nil
            record.status = error.exitCode == 1 ? .unsupported : (readable ? .failed : .corrupt)
            record.reason = error.message
        }
        return record
    }
}
