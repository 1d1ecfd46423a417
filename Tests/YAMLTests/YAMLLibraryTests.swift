import Testing
import YAML

@Suite struct YAMLLibraryTests {
    @Test func linksAgainstLibyaml() {
        #expect(YAMLLibrary.version.split(separator: ".").count == 3)
    }
}
