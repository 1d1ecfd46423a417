import Foundation

/// Where test inputs live: the project's `Fixtures/` and the shared corpus beside the checkout.
public enum FixturePaths {
    /// The package root, found from this file's location.
    public static let packageRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    public static var fixtures: URL { packageRoot.appendingPathComponent("Fixtures") }

    /// `../shared/corpus/files`, real models from public repositories (read in place, never copied).
    public static var corpus: URL {
        packageRoot.deletingLastPathComponent().appendingPathComponent("shared/corpus/files")
    }

    /// The path of `Fixtures/<relative>`.
    public static func fixture(_ relative: String) -> String {
        fixtures.appendingPathComponent(relative).path
    }

    /// The `.h5` files of the shared corpus, sorted by name.
    public static var corpusFiles: [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: corpus.path)) ?? []
        return names.filter { $0.hasSuffix(".h5") }.sorted().map { corpus.appendingPathComponent($0).path }
    }

    /// The built `delambda` executable, next to the test bundle in the build folder.
    public static var delambdaBinary: URL {
        var directory = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for _ in 0..<4 {
            let candidate = directory.appendingPathComponent("delambda")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            directory = directory.deletingLastPathComponent()
        }
        return packageRoot.appendingPathComponent(".build/debug/delambda")
    }
}
