import KerasModel
import PythonAST
import PythonBytecode

/// Recovers each Lambda-like layer's function: decompiles marshaled bytecode, identifies
/// library functions, takes named functions from `--function-source`, and binds the result to
/// the layer.
struct LambdaRecoverer {
    let options: FunctionOptions
    let recovery: FunctionRecovery

    init(options: FunctionOptions, kerasVersion: String?) {
        self.options = options
        recovery = FunctionRecovery(
            python: options.python, plausibleVersions: Self.plausiblePythons(kerasVersion: kerasVersion))
    }

    func recover(_ layer: Layer) -> RecoveredLambda? {
        guard let lambda = layer.function else { return nil }
        var result = RecoveredLambda(layer: layer.name)
        do throws(PipelineError) {
            var freeVariables: [String] = []
            switch lambda.payload {
            case .tfOp(let name):
                result.origin = .tfOp(name)
                guard let function = TFOpFunction.function(name, node: layer.inboundNodes.first) else {
                    throw PipelineError(
                        .notConvertible, "layer '\(layer.name)': cannot rebuild the call of TensorFlow op \(name)",
                        location: .init(layer: layer.name))
                }
                result.function = function
            case .marshal(let payload):
                let recovered = try decode(payload.bytes, module: lambda.module, layer: layer.name)
                result.origin = recovered.origin
                result.function = recovered.function
                freeVariables = recovered.freeVariables
            case .named(let module, let name):
                if let supplied = try options.suppliedFunction(named: name) {
                    result.origin = .functionSource(path: supplied.path)
                    result.function = supplied.function
                } else if let library = LibraryFunctions.named(
                    name, module: module, keywords: lambda.arguments.keys)
                {
                    // A public function of TensorFlow or Keras, which `rewrite` writes for Keras 3.
                    result.origin = .library(library.name)
                    result.function = library.function
                } else {
                    throw PipelineError(
                        .notConvertible,
                        "layer '\(layer.name)': the function '\(name)'"
                            + (module.map { " (module \($0))" } ?? "")
                            + " is stored by name only, with no code; pass its Python source with"
                            + " --function-source FILE.py",
                        location: .init(layer: layer.name))
                }
            }
            if case .function(.marshal(let payload)) = lambda.outputShape {
                result.outputShapeFunction = try decode(payload.bytes, module: nil, layer: layer.name + " output_shape")
                    .function
            }
            if let function = result.function {
                result.binding = try bind(function, lambda, freeVariables: freeVariables, layer: layer)
            }
        } catch {
            result.failure = error
        }
        return result
    }

    private func decode(
        _ bytes: [UInt8], module: String?, layer: String
    ) throws(PipelineError) -> (origin: RecoveredLambda.Origin, function: FunctionDefinition, freeVariables: [String]) {
        if let code = try? MarshalReader.readCode(bytes), let library = LibraryFunctions.identify(code, module: module)
        {
            return (.library(library.name), library.function, [])
        }
        let recovered: RecoveredFunction
        do {
            recovered = try recovery.recover(bytes)
        } catch {
            var offset: Int?
            if case .bytecode(let bytecodeError, _) = error.kind { offset = bytecodeError.offset }
            throw PipelineError(
                .notConvertible, "layer '\(layer)': \(error)", location: .init(layer: layer, offset: offset),
                underlying: error)
        }
        return (
            .bytecode(python: recovered.versionLabel, repairedOffsets: recovered.repairedOffsets), recovered.function,
            recovered.code.freeVariables
        )
    }

    private func bind(
        _ function: FunctionDefinition, _ lambda: LambdaFunction, freeVariables: [String], layer: Layer
    ) throws(PipelineError) -> LambdaBinding {
        var defines = options.defines
        for (_, source) in options.functionSources {
            for constant in source.constants where defines[constant.name] == nil {
                defines[constant.name] = constant.value
            }
        }
        let inputCount = max(1, layer.inboundNodes.first?.tensors.count ?? 1)
        do {
            return try LambdaBinding(
                function: function, lambda: lambda, freeVariables: freeVariables, inputCount: inputCount,
                defines: defines)
        } catch {
            throw PipelineError(
                .notConvertible, "layer '\(layer.name)': \(error)", location: .init(layer: layer.name),
                underlying: error)
        }
    }

    /// Python versions a Keras release ran on, to break ties between bytecode readings: Keras 3
    /// needs 3.9+, Keras 1.x and 2.0 predate 3.7.
    static func plausiblePythons(kerasVersion: String?) -> ClosedRange<PythonVersion>? {
        guard let kerasVersion, let major = kerasVersion.split(separator: ".").first.flatMap({ Int($0) }) else {
            return nil
        }
        if major >= 3 { return PythonVersion(3, 9)...PythonVersion(3, 13) }
        if major == 1 || kerasVersion.hasPrefix("2.0.") { return PythonVersion(2, 7)...PythonVersion(3, 6) }
        return nil
    }
}
