import Foundation

// Writes a Swift file holding each rule file's name and text: EmbedRulesTool OUTPUT INPUT...
let arguments = CommandLine.arguments.dropFirst()
guard let output = arguments.first else {
    FileHandle.standardError.write(Data("usage: EmbedRulesTool OUTPUT INPUT...\n".utf8))
    exit(2)
}
var swift = "// Generated from Rules/*.yaml by the EmbedRules build plugin. Do not edit.\n\n"
swift += "enum BuiltInRuleFiles {\n    static let files: [(name: String, text: String)] = [\n"
for path in arguments.dropFirst() {
    let url = URL(fileURLWithPath: path)
    let text = try String(contentsOf: url, encoding: .utf8)
    // A raw string whose delimiter cannot occur in the text.
    var hashes = "#"
    while text.contains("\"" + hashes) { hashes += "#" }
    swift += "        (\"\(url.lastPathComponent)\", \(hashes)\"\"\"\n\(text)\n\"\"\"\(hashes)),\n"
}
swift += "    ]\n}\n"
try swift.write(toFile: String(output), atomically: true, encoding: .utf8)
