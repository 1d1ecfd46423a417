import CoreMLSpec
import Foundation

/// An `.mlpackage` read back: its manifest's root model (the `Model` message) and its weight
/// file, as Core ML finds them.
public struct MLPackage: Sendable {
    public let model: CoreML_Specification_Model
    public let weights: MILBlobFile?
    /// The manifest's item entries by path (`com.apple.CoreML/model.mlmodel`).
    public let items: [String]

    /// - Throws: ``MILEvaluationError`` when the manifest, the model or the weights cannot be read.
    public init(url: URL) throws(MILEvaluationError) {
        let data = url.appendingPathComponent("Data")
        do {
            let manifest = try JSONSerialization.jsonObject(
                with: try Data(contentsOf: url.appendingPathComponent("Manifest.json")))
            guard let object = manifest as? [String: Any], let entries = object["itemInfoEntries"] as? [String: Any],
                let root = object["rootModelIdentifier"] as? String,
                let rootEntry = entries[root] as? [String: Any], let path = rootEntry["path"] as? String
            else { throw MILEvaluationError("Manifest.json names no root model") }
            items = entries.values.compactMap { ($0 as? [String: Any])?["path"] as? String }.sorted()
            model = try CoreML_Specification_Model(
                serializedBytes: try Data(contentsOf: data.appendingPathComponent(path)))
            let weightFile = data.appendingPathComponent("com.apple.CoreML/weights/weight.bin")
            weights =
                FileManager.default.fileExists(atPath: weightFile.path)
                ? try MILBlobFile(data: try Data(contentsOf: weightFile)) : nil
        } catch let error as MILEvaluationError {
            throw error
        } catch {
            throw MILEvaluationError("cannot read \(url.path): \(error)")
        }
    }
}
