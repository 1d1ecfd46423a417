import Foundation
import RuleFiles

/// A rule file or folder named on the command line that cannot be read.
public struct RuleLoadError: Error, Hashable, Sendable, CustomStringConvertible {
    public var path: String
    public var message: String

    public var description: String { "\(path): \(message)" }
}

/// Reads the rule files named on the command line, so that the rule library itself only ever
/// sees text: the file system stays at the pipeline's edge.
enum RuleSourceFiles {
    /// The texts of `paths`: each a file, or a folder whose `.yaml`/`.yml` files (the whole tree,
    /// in name order) are read.
    /// - Throws: ``RuleLoadError`` naming the path that does not exist, is not a regular file of at
    ///   most 1 MiB (``TextFile``), or is not UTF-8 text.
    static func read(_ paths: [String]) throws(RuleLoadError) -> [RuleSource] {
        var sources: [RuleSource] = []
        for path in paths {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
                throw RuleLoadError(path: path, message: "no such file or folder")
            }
            let files =
                isDirectory.boolValue
                ? (FileManager.default.enumerator(atPath: path)?.compactMap { $0 as? String } ?? [])
                    .filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") }.sorted()
                    .map { (path as NSString).appendingPathComponent($0) }
                : [path]
            for file in files {
                do {
                    sources.append(RuleSource(name: file, text: try TextFile.read(file), isBuiltIn: false))
                } catch {
                    throw RuleLoadError(path: file, message: "cannot read the rule file: \(error)")
                }
            }
        }
        return sources
    }

    /// The built-in library plus the rule files at `userPaths` (which win over it).
    static func library(userPaths: [String]) throws(RuleLoadError) -> RuleLibrary {
        RuleLibrary(sources: RuleLibrary.builtInSources + (try read(userPaths)))
    }
}
