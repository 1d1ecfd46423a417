import JSON

/// The worker side of `bulk`: converts the models it is sent, one at a time, and answers each
/// with its record, loading the rule library once for all of them.
///
/// Protocol, one line each way per model: the request `{"input": PATH, "output": PATH}`, the
/// answer the ``ModelRecord`` as compact JSON. The target changes only which conversion runs.
public final class BulkWorker {
    private let target: BulkOptions.Target
    private let converter: ModelConverter

    public init(target: BulkOptions.Target, options: FunctionOptions, rules: RuleOptions) {
        self.target = target
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
            return ModelRecord(
                input: input, output: output, target: target.rawValue, status: .failed,
                reason: "\(input): --to h5 needs delambda rewrite, which this build does not have yet")
        }
    }
}
