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
        do {
            return try JSONParser.parse(text)
        } catch {
            throw KerasModelError(
                .malformedConfig, file: path, position: "model_config line \(error.line), column \(error.column)",
                message: "model_config is not valid JSON: \(error.message)")
        }
    }
}
