import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// One model of a bulk run and where its output goes.
struct BulkJob: Sendable {
    /// Its place in the sorted list of all models (before sharding), from 0.
    var position: Int
    /// The model's path, as found in the folder or written in the list (made absolute).
    var input: String
    /// Its path under the list's root: what the output tree mirrors.
    var relative: String
    var output: String
}

/// The models of a bulk run: the `.h5` / `.hdf5` / `.keras` files of a folder tree, or the paths
/// of a list file, sorted by their path under the root and given mirrored output paths.
struct ModelList {
    var jobs: [BulkJob]
    /// The folder the outputs mirror: the searched folder, or the deepest folder holding every
    /// listed model.
    var root: String
    /// What did not stop the search, such as a subfolder that cannot be listed.
    var warnings: [String]

    static let modelExtensions: Set<String> = ["h5", "hdf5", "keras"]

    /// - Throws: ``PipelineError`` (usage) when `source` is neither a folder nor a readable list,
    ///   or when two models would write the same output or a model would be overwritten.
    init(source: String, outputFolder: String, target: BulkOptions.Target) throws(PipelineError) {
        let sourcePath = BulkOptions.absolute(source)
        let outputPath = BulkOptions.absolute(outputFolder)
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: sourcePath, isDirectory: &isFolder) else {
            throw PipelineError(.unusableInput, "\(source): no such folder or list file")
        }
        var found: [(input: String, relative: String)]
        if isFolder.boolValue {
            root = sourcePath
            warnings = []
            found = []
            Self.search(sourcePath, relative: "", excluding: outputPath, into: &found, warnings: &warnings)
        } else {
            let inputs = try Self.readList(source, path: sourcePath)
            let common = Self.commonFolder(of: inputs)
            root = common
            warnings = []
            found = inputs.map { ($0, String($0.dropFirst(common == "/" ? 1 : common.count + 1))) }
        }
        found.sort { $0.relative.utf8.lexicographicallyPrecedes($1.relative.utf8) }
        let stems = Dictionary(grouping: found.map { ($0.relative as NSString).deletingPathExtension }, by: { $0 })
        jobs = found.enumerated().map { position, model in
            var stem = (model.relative as NSString).deletingPathExtension
            // `m.h5` and `m.keras` side by side: the archive's output keeps its extension.
            if (stems[stem]?.count ?? 0) > 1, (model.relative as NSString).pathExtension.lowercased() == "keras" {
                stem = model.relative
            }
            return BulkJob(
                position: position, input: model.input, relative: model.relative,
                output: outputPath + "/" + stem + "." + target.fileExtension)
        }
        try checkOutputs()
    }

    /// Walks `folder` depth first; hidden entries and the output folder are left out, symbolic
    /// links are taken as models when their name says so (a dangling one is reported, not lost)
    /// and never followed into folders.
    private static func search(
        _ folder: String, relative: String, excluding excluded: String,
        into found: inout [(input: String, relative: String)], warnings: inout [String]
    ) {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: folder)
        } catch {
            warnings.append("\(folder): cannot list the folder: \(error.localizedDescription)")
            return
        }
        for name in names.sorted() where !name.hasPrefix(".") {
            let path = folder + "/" + name
            let relativePath = relative.isEmpty ? name : relative + "/" + name
            var info = stat()
            guard lstat(path, &info) == 0, path != excluded else { continue }
            if info.st_mode & S_IFMT == S_IFDIR {
                search(path, relative: relativePath, excluding: excluded, into: &found, warnings: &warnings)
            } else if modelExtensions.contains((name as NSString).pathExtension.lowercased()) {
                found.append((path, relativePath))
            }
        }
    }

    /// One path a line; blank lines and lines starting with `#` are skipped; relative paths are
    /// relative to the list file's folder; a path listed twice counts once.
    private static func readList(_ source: String, path: String) throws(PipelineError) -> [String] {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw PipelineError(.unusableInput, "\(source): cannot read the list: \(error.localizedDescription)")
        }
        if data.starts(with: [0x89, 0x48, 0x44, 0x46]) {
            throw PipelineError(
                .unusableInput, "\(source): this is an HDF5 file, not a folder or a list (use delambda convert)")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw PipelineError(.unusableInput, "\(source): the list is not UTF-8 text")
        }
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent()
        var inputs: [String] = []
        var seen: Set<String> = []
        for line in text.split(whereSeparator: \.isNewline) {
            let entry = line.trimmingCharacters(in: .whitespaces)
            guard !entry.isEmpty, !entry.hasPrefix("#") else { continue }
            let url = entry.hasPrefix("/") ? URL(fileURLWithPath: entry) : folder.appendingPathComponent(entry)
            let input = url.standardizedFileURL.path
            if seen.insert(input).inserted { inputs.append(input) }
        }
        return inputs
    }

    /// The deepest folder that holds every one of `paths`.
    static func commonFolder(of paths: [String]) -> String {
        var common: [Substring]? = nil
        for path in paths {
            let folder = path.split(separator: "/").dropLast()
            common = common.map { Array(zip($0, folder).prefix { $0 == $1 }.map(\.0)) } ?? Array(folder)
        }
        return "/" + (common ?? []).joined(separator: "/")
    }

    private func checkOutputs() throws(PipelineError) {
        var owners: [String: String] = [:]
        for job in jobs {
            if job.output == job.input {
                throw PipelineError(.unusableInput, "\(job.input): its output would overwrite it; choose another -o")
            }
            if let other = owners[job.output] {
                throw PipelineError(.unusableInput, "\(other) and \(job.input) would both be written to \(job.output)")
            }
            owners[job.output] = job.input
        }
    }
}
