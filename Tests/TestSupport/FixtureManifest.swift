import Foundation
import JSON

/// `Fixtures/manifest.json`: what each generated model holds, as recorded by the generator.
public struct FixtureManifest: Sendable {
    public struct Model: Sendable, CustomStringConvertible {
        public var file: String
        public var golden: String?
        public var flavour: String
        public var kerasVersion: String
        public var pythonVersion: String
        public var lambdas: [Lambda]
        public var entry: JSONValue

        public var path: String { FixturePaths.fixture(file) }
        public var description: String { file }
    }

    public struct Lambda: Sendable {
        public var layer: String
        public var className: String
        public var source: String?
        public var payload: String
        public var arguments: JSONObject?
        public var entry: JSONValue
    }

    public var models: [Model]

    /// Reads `Fixtures/manifest.json` and each op family's `Fixtures/families/<family>/manifest.json`
    /// (made by `generate/make_family_fixtures.py`, same entries); an unreadable manifest is a
    /// broken checkout, so it stops the tests.
    public static let shared: FixtureManifest = {
        let families = FixturePaths.fixtures.appendingPathComponent("families")
        // Each family is a folder; the README.md beside them is not one.
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: families.path)) ?? []).filter { name in
            var isFolder: ObjCBool = false
            let path = families.appendingPathComponent(name).path
            return FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) && isFolder.boolValue
        }
        let urls =
            [FixturePaths.fixtures.appendingPathComponent("manifest.json")]
            + names.sorted().map { families.appendingPathComponent($0).appendingPathComponent("manifest.json") }
        return FixtureManifest(models: urls.flatMap(entries).map(model))
    }()

    private static func entries(_ url: URL) -> [JSONValue] {
        guard let text = try? String(contentsOf: url, encoding: .utf8), let json = try? JSONParser.parse(text),
            let entries = json.array
        else { preconditionFailure("cannot read \(url.path)") }
        return entries
    }

    private static func model(_ entry: JSONValue) -> Model {
        Model(
            file: entry["file"]?.string ?? "", golden: entry["golden"]?.string,
            flavour: entry["flavour"]?.string ?? "", kerasVersion: entry["keras_version"]?.string ?? "",
            pythonVersion: entry["python_version"]?.string ?? "",
            lambdas: (entry["lambdas"]?.array ?? []).map { lambda in
                Lambda(
                    layer: lambda["layer"]?.string ?? "", className: lambda["class_name"]?.string ?? "",
                    source: lambda["source"]?.string, payload: lambda["payload"]?.string ?? "",
                    arguments: lambda["arguments"]?.object, entry: lambda)
            }, entry: entry)
    }
}
