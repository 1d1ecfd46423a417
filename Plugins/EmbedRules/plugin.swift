import Foundation
import PackagePlugin

/// Builds the rule library in `Rules/` into the binary: every `.yaml` file becomes a string in
/// generated Swift, so an installed `delambda` needs no checkout beside it.
@main
struct EmbedRules: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        let rules = context.package.directoryURL.appending(path: "Rules")
        let names = try FileManager.default.contentsOfDirectory(atPath: rules.path())
            .filter { $0.hasSuffix(".yaml") }.sorted()
        let inputs = names.map { rules.appending(path: $0) }
        let output = context.pluginWorkDirectoryURL.appending(path: "BuiltInRuleFiles.swift")
        return [
            .buildCommand(
                displayName: "Embedding \(names.count) rule files",
                executable: try context.tool(named: "EmbedRulesTool").url,
                arguments: [output.path()] + inputs.map { $0.path() },
                inputFiles: inputs,
                outputFiles: [output])
        ]
    }
}
