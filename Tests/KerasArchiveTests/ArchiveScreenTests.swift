import Testing

@testable import KerasArchive

@Suite struct ArchiveScreenTests {
    @Test(arguments: [
        ("config.json", false), ("assets/vocab.txt", false), ("../evil", true), ("assets/../../evil", true),
        ("/etc/passwd", true), ("C:/x", true), ("a\\b", true), ("a..b/c", false),
    ])
    func escapingPaths(name: String, escapes: Bool) {
        #expect(ArchiveScreen.escapes(name) == escapes)
    }
}
