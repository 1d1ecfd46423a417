import CoreOps
import Foundation
import KerasModel
import MLProgramBackend

/// `convert -o OUT.mlpackage`: the layer classes the ML Program backend lacks (named before it
/// runs, beside the Lambdas), and the package written atomically.
enum MLProgramOutput {
    /// One failure per layer of a class the ML Program backend has no converter for, in the
    /// model's order.
    static func classFailures(in model: KerasModel) -> [LayerFailure] {
        var failures: [LayerFailure] = []
        LayerClassSupport.walk(model.graph, owner: nil) { layer, _ in
            guard layer.className != "InputLayer", layer.model == nil, layer.function == nil,
                !MLProgramSupport.converts(layerClass: layer.className)
            else { return }
            failures.append(
                LayerFailure(
                    layer: layer.name, className: layer.className,
                    message:
                        "layer '\(layer.name)' (\(layer.className)): layer class '\(layer.className)' is not supported "
                        + "yet (no ML Program converter)"))
        }
        return failures
    }

    /// Converts and writes the package at `target`; returns its operation count and
    /// specification version.
    static func write(
        _ model: KerasModel, lambdas: [String: CoreOpGraph], options: MLProgramOptions, to target: URL,
        input path: String
    ) throws(PipelineError) -> MLPackageSummary {
        do {
            return try MLPackageWriter.write(model, lambdas: lambdas, options: options, to: target)
        } catch {
            throw PipelineError(.notConvertible, "\(path): \(error)", location: .init(file: path), underlying: error)
        }
    }
}

extension BackendCheck {
    /// The ML Program backend of `convert -o x.mlpackage`, with the reasons of its `refusals` table.
    static let mlProgram = BackendCheck(name: "ML Program") { graph in
        MLProgramSupport.refusals(in: graph).map { refusal in
            let prefix = refusal.op + ": "
            return (
                refusal.op,
                refusal.reason.hasPrefix(prefix) ? String(refusal.reason.dropFirst(prefix.count)) : refusal.reason
            )
        }
    }
}

/// The precision of an `.mlpackage` output (see ``MLProgramBackend/MILPrecision``).
public typealias MILPrecision = MLProgramBackend.MILPrecision
/// The oldest OS an `.mlpackage` output runs on (see ``MLProgramBackend/MILDeploymentTarget``).
public typealias MILDeploymentTarget = MLProgramBackend.MILDeploymentTarget

/// How Core ML outputs are written: the precision (both formats) and the deployment target
/// (`.mlpackage`).
public struct MLProgramSettings: Sendable, Equatable {
    /// `nil` is each format's default: float16 for packages (weights and compute, as coremltools),
    /// float32 for `.mlmodel` (whose `float16` stores the weights only).
    public var precision: MILPrecision?
    public var deploymentTarget: MILDeploymentTarget?

    public init(precision: MILPrecision? = nil, deploymentTarget: MILDeploymentTarget? = nil) {
        self.precision = precision
        self.deploymentTarget = deploymentTarget
    }

    /// The precision of a package.
    var packagePrecision: MILPrecision { precision ?? .float16 }
    /// Whether a `.mlmodel` stores its weights in half precision.
    var halfPrecisionWeights: Bool { precision == .float16 }
}
