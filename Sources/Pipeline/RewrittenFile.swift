import Foundation
import JSON
import KerasBackend
import KerasModel

/// Writes a rewritten model in the output's format, whatever the input's: the `.h5` writer works
/// on an `.h5`, so a `.keras` input is first written as one, and a `.keras` output is packed from
/// the rewritten `.h5`. The intermediate files sit beside the output and are removed.
enum RewrittenFile {
    /// Writes `rewrite` of `model` (whose config, as read, is `config`) to `destination`: a
    /// `.keras` archive when `archive`, else an `.h5`.
    static func write(
        _ rewrite: KerasRewrite, model: KerasModel, config: JSONValue, to destination: String, archive: Bool
    ) throws {
        // Files a layer saved beside its variables go to the new archive (`rewrite` refuses an
        // `.h5` output of a model that has any).
        let assets = archive ? try model.layerAssets() : []
        var intermediates: [String] = []
        defer { for file in intermediates { try? FileManager.default.removeItem(atPath: file) } }
        var source = model.file
        if model.isArchive {
            source = destination + ".source.h5"
            intermediates.append(source)
            try LegacyFileBuilder.write(model, config: config, to: source)
        }
        guard archive else {
            try KerasFileWriter.write(rewrite, from: source, to: destination)
            return
        }
        let rewritten = destination + ".rewritten.h5"
        intermediates.append(rewritten)
        try KerasFileWriter.write(rewrite, from: source, to: rewritten)
        let written = try KerasModelReader.read(rewritten)
        try KerasArchiveWriter.write(written, config: rewrite.config, assets: assets, to: destination)
    }
}
