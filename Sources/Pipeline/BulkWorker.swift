import JSON
import KerasBackend

/// The worker side of `bulk`: converts the models it is sent, one at a time, and answers each
/// with its record, loading the rule library once for all the models sent with the same options.
///
/// Protocol, one line each way per model: the request a ``BulkWorkerRequest`` as compact JSON,
/// the answer the ``ModelRecord`` as compact JSON. The target changes only which conversion runs.
public final class BulkWorker {
    /// The options of the last request and the converter made for them, or why none could be.
    private var current: (options: BulkWorkerOptions, converter: Result<ModelConverter, PipelineError>)?

    public init() {}

    /// The answer line to one request line.
    public func answer(_ line: String) -> String {
        let record: ModelRecord
        if let value = try? JSONParser.parse(line), let request = try? BulkWorkerRequest(json: value) {
            WorkerFault.injectIfRequested(for: request.input)
            record = convert(request)
        } else {
            record = ModelRecord(
                input: "", output: "", target: (current?.options.target ?? .mlmodel).rawValue, status: .failed,
                reason: "the worker cannot read its request: \(line.prefix(200))")
        }
        return JSONWriter(style: .compact).string(record.jsonValue())
    }

    private func convert(_ request: BulkWorkerRequest) -> ModelRecord {
        let converter: ModelConverter
        switch makeConverter(for: request.options) {
        case .success(let made): converter = made
        case .failure(let error):
            return ModelRecord(
                input: request.input, output: request.output, target: request.options.target.rawValue,
                status: .failed, reason: error.message)
        }
        switch request.options.target {
        case .mlmodel, .onnx, .mlpackage:
            return converter.convert(request.input, output: request.output)
        case .h5, .keras:
            return rewrite(
                request.input, output: request.output, target: request.options.target,
                flavour: request.options.flavour, with: converter)
        }
    }

    /// The converter for `options`: the last one when the options are the same (its rule library
    /// already loaded), else a new one.
    private func makeConverter(for options: BulkWorkerOptions) -> Result<ModelConverter, PipelineError> {
        if let current, current.options == options { return current.converter }
        let converter: Result<ModelConverter, PipelineError>
        do throws(PipelineError) {
            converter = .success(ModelConverter(options: try options.functionOptions(), rules: options.rules))
        } catch {
            converter = .failure(error)
        }
        current = (options, converter)
        return converter
    }

    /// `delambda rewrite` of one model, as a record: unsupported (exit 1) or unreadable, corrupt
    /// or failed (exit 2) with the reason.
    private func rewrite(
        _ input: String, output: String, target: BulkOptions.Target, flavour: KerasDialect?,
        with converter: ModelConverter
    ) -> ModelRecord {
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
            // Exit 2 is the model (corrupt) when the error is about the input, else the output
            // failed. Not decided by reading the model again: a file that makes libhdf5 loop
            // would take the reading child's whole processor-time allowance a second time.
            let aboutInput = error.location?.file == input
            record.status = error.exitCode == 1 ? .unsupported : (aboutInput ? .corrupt : .failed)
            record.reason = error.message
            record.blockers = error.blockers
        }
        return record
    }
}
