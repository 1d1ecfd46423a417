import HDF5
import JSON
import KerasArchive

extension KerasModelReader {
    /// The `model_config` of the file at `path` as parsed JSON, for tools that rewrite it.
    ///
    /// - Throws: ``KerasModelError`` as ``read(_:)`` does.
    public static func modelConfig(_ path: String) throws(KerasModelError) -> JSONValue {
        if KerasArchive.isArchive(path) { return try archiveConfig(path) }
        let text: String
        do {
            guard let config = try HDF5File.open(path).root.attributes.read("model_config")?.string else {
                throw KerasModelError(.notAModel, file: path, message: "no model_config attribute")
            }
            text = config
        } catch let error as KerasModelError {
            throw error
        } catch {
            throw KerasModelError(.unreadableFile, file: path, message: "\(error)")
        }
        return try parse(text, file: path)
    }
}
