import CoreMLSpec
import CoreOps
import Foundation
import KerasModel
import SwiftProtobuf

/// What writing a package produced.
public struct MLPackageSummary: Sendable {
    /// The operations of the program (constants included).
    public var operations: Int
    public var specificationVersion: Int
    /// The blobs in `weights/weight.bin`.
    public var blobs: Int
}

/// Writes `X.mlpackage`: `Manifest.json`, `Data/com.apple.CoreML/model.mlmodel` (the `Model`
/// message holding the ML Program) and `Data/com.apple.CoreML/weights/weight.bin`.
///
/// The package is built in a temporary folder beside the target, its weights streamed into the
/// weight file as the layers are converted, and renamed into place only when complete; an
/// existing package is replaced only then.
public enum MLPackageWriter {
    /// Converts `model` and writes the package at `target`.
    /// - Throws: ``MLProgramConversionError`` naming the layers or ops that cannot be expressed,
    ///   or the file that cannot be written; nothing is left at `target` but what was there.
    public static func write(
        _ model: KerasModel, lambdas: [String: CoreOpGraph], options: MLProgramOptions, to target: URL
    ) throws(MLProgramConversionError) -> MLPackageSummary {
        let folder = target.deletingLastPathComponent()
        let scratch = folder.appendingPathComponent(".\(target.lastPathComponent).tmp-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: scratch) }
        let data = scratch.appendingPathComponent("Data/com.apple.CoreML")
        let summary: MLPackageSummary
        do {
            try FileManager.default.createDirectory(
                at: data.appendingPathComponent("weights"), withIntermediateDirectories: true)
            let weights = try MILBlobWriter(url: data.appendingPathComponent("weights/weight.bin"))
            let spec = try MLProgramConverter.convert(model, lambdas: lambdas, options: options, weights: weights)
            try weights.finish()
            try spec.serializedData().write(to: data.appendingPathComponent("model.mlmodel"))
            try manifest().write(to: scratch.appendingPathComponent("Manifest.json"))
            let block = spec.mlProgram.functions["main"]?.blockSpecializations.values.first
            summary = MLPackageSummary(
                operations: block?.operations.count ?? 0, specificationVersion: Int(spec.specificationVersion),
                blobs: Int(weights.count))
        } catch let error as MLProgramConversionError {
            throw error
        } catch {
            throw MLProgramConversionError(layer: "", className: "", message: "cannot write \(target.path): \(error)")
        }
        try replace(target, with: scratch)
        return summary
    }

    /// Moves `scratch` to `target`; an existing `target` is set aside first and removed once the
    /// new package is in place (put back if the move fails).
    static func replace(_ target: URL, with scratch: URL) throws(MLProgramConversionError) {
        let manager = FileManager.default
        let aside = target.deletingLastPathComponent().appendingPathComponent(
            ".\(target.lastPathComponent).old-\(UUID().uuidString)")
        let existed = manager.fileExists(atPath: target.path)
        do {
            if existed { try manager.moveItem(at: target, to: aside) }
            do {
                try manager.moveItem(at: scratch, to: target)
            } catch {
                if existed { try? manager.moveItem(at: aside, to: target) }
                throw error
            }
            if existed { try? manager.removeItem(at: aside) }
        } catch {
            throw MLProgramConversionError(layer: "", className: "", message: "cannot write \(target.path): \(error)")
        }
    }

    /// The package manifest: the model and the weights folder as items authored by Core ML, the
    /// model the root.
    static func manifest() throws -> Data {
        let (model, weights) = (UUID().uuidString, UUID().uuidString)
        let object: [String: Any] = [
            "fileFormatVersion": "1.0.0",
            "itemInfoEntries": [
                model: [
                    "author": "com.apple.CoreML", "description": "CoreML Model Specification",
                    "name": "model.mlmodel", "path": "com.apple.CoreML/model.mlmodel",
                ],
                weights: [
                    "author": "com.apple.CoreML", "description": "CoreML Model Weights", "name": "weights",
                    "path": "com.apple.CoreML/weights",
                ],
            ],
            "rootModelIdentifier": model,
        ]
        return try JSONSerialization.data(
            withJSONObject: object, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
    }
}
