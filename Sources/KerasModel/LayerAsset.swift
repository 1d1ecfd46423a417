import Foundation
import KerasArchive

/// A file a layer saved in a `.keras` archive's `assets/` (a lookup layer's vocabulary), tied to
/// its layer: Keras finds it under the layer's group path, which a rewritten archive may change.
public struct LayerAsset: Sendable, Equatable {
    /// The layer, as ``KerasModel/archiveGroups`` keys it (`model/layer` inside a nested model).
    public var layer: String
    /// The file's path below the layer's folder (`vocabulary.txt`).
    public var file: String
    public var data: Data
}

extension KerasModel {
    /// The assets of the archive this model was read from (none for an `.h5`), each tied to the
    /// layer whose group path its folder is, the deepest such layer when nested.
    ///
    /// - Throws: ``KerasModelError`` `.unreadableFile` when the archive cannot be read again or an
    ///   asset lies outside every layer's folder.
    public func layerAssets() throws(KerasModelError) -> [LayerAsset] {
        guard isArchive else { return [] }
        let files: [(name: String, data: Data)]
        do {
            files = try KerasArchive.assets(of: file)
        } catch {
            let member = error.member.map { "member '\($0)' " } ?? ""
            throw KerasModelError(.unreadableFile, file: file, message: member + error.message)
        }
        // Deepest group first, so that a nested model's layer wins over the model holding it.
        let owners = archiveGroups.sorted { ($0.value.count, $0.key) > ($1.value.count, $1.key) }
        return try files.map { asset throws(KerasModelError) in
            guard let (layer, group) = owners.first(where: { asset.name.hasPrefix($0.value + "/") }) else {
                throw KerasModelError(
                    .unreadableFile, file: file,
                    message: "member '\(KerasArchive.assetsPrefix)\(asset.name)' lies in no layer's folder: "
                        + "no layer of the model saved it")
            }
            return LayerAsset(layer: layer, file: String(asset.name.dropFirst(group.count + 1)), data: asset.data)
        }
    }
}
