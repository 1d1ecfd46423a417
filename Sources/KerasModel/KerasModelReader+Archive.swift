import Foundation
import HDF5
import JSON
import KerasArchive

extension KerasModelReader {
    /// Whether `path` is a zip archive (a `.keras` model, or a zip that is not one), by its
    /// first bytes: a `.keras` renamed `.h5` is still read as an archive.
    public static func isArchive(_ path: String) -> Bool { KerasArchive.isArchive(path) }

    /// Reads a Keras 3 `.keras` archive: `config.json` as the model config, `metadata.json` for
    /// the Keras version, `model.weights.h5` opened from memory (``ArchiveWeightIndex``).
    ///
    /// - Throws: ``KerasModelError`` `.unreadableFile` for an archive ``KerasArchive`` refuses,
    ///   naming the member; otherwise as ``read(_:)``.
    static func readArchive(_ path: String) throws(KerasModelError) -> KerasModel {
        let archive = try openArchive(path)
        let version = kerasVersion(archive)
        let config = try parse(archive.config, file: path, source: KerasArchive.configMember)
        let graph = try self.graph(config: config, file: path, kerasVersion: version)
        do {
            let file = try HDF5File.open(image: archive.weights, name: weightsName(path))
            let (weights, groups) = try ArchiveWeightIndex.read(try file.root, graph: graph)
            if let problem = WeightCheck.firstProblem(in: graph, weights: weights, file: path) { throw problem }
            var model = KerasModel(
                file: path, kerasVersion: version, backend: nil, graph: graph, weights: weights,
                hasTrainingConfig: hasCompileConfig(archive.config),
                warnings: LayerCatalog.unknownClassWarnings(in: graph), config: config)
            model.archiveWeights = archive.weights
            model.archiveGroups = groups
            model.archiveAssets = archive.memberNames.filter {
                $0.hasPrefix(KerasArchive.assetsPrefix) && !$0.hasSuffix("/")
            }
            return model
        } catch let error as KerasModelError {
            throw error
        } catch let error as HDF5Error {
            throw KerasModelError(
                .unreadableFile, file: path, position: error.object.isEmpty ? nil : error.object,
                message: "member '\(KerasArchive.weightsMember)': \(error.message)")
        } catch {
            throw KerasModelError(.unreadableFile, file: path, message: "\(error)")
        }
    }

    /// The config of the archive at `path`, parsed.
    static func archiveConfig(_ path: String) throws(KerasModelError) -> JSONValue {
        try parse(try openArchive(path).config, file: path, source: KerasArchive.configMember)
    }

    /// How errors name the weights member of the archive at `path`.
    static func weightsName(_ path: String) -> String { "\(path) (\(KerasArchive.weightsMember))" }

    private static func openArchive(_ path: String) throws(KerasModelError) -> KerasArchive {
        do {
            return try KerasArchive.read(path)
        } catch {
            let member = error.member.map { "member '\($0)' " } ?? ""
            throw KerasModelError(.unreadableFile, file: path, message: member + error.message)
        }
    }

    /// `keras_version` of `metadata.json`; "3" when it is missing or says nothing.
    private static func kerasVersion(_ archive: KerasArchive) -> String {
        guard let text = archive.metadata, let version = (try? JSONParser.parse(text))?["keras_version"]?.string
        else { return "3" }
        return version
    }

    private static func hasCompileConfig(_ config: String) -> Bool {
        guard let compile = (try? JSONParser.parse(config))?["compile_config"] else { return false }
        return compile != .null && compile != .object(JSONObject())
    }
}
