import Testing

@testable import Pipeline

/// Messages quoting hostile values (a megabyte layer name, thousands of lines) are cut.
@Suite struct MessageCapTests {
    @Test func aShortMessageIsUnchanged() {
        let text = "delambda: error: m.h5: layer 'x': no converter\n"
        #expect(MessageCap.capped(text) == text)
    }

    @Test func aLongLineIsCutAndSaysHowLongItWas() {
        let text = "delambda: error: layer '" + String(repeating: "é", count: 1_000_000) + "'\n"
        let capped = MessageCap.capped(text)
        #expect(capped.count < MessageCap.lineWidth + 1)
        #expect(capped.hasSuffix("... (1000025 characters)\n"))
    }

    @Test func manyLinesAreCutToTheLimitWithACount() {
        let text = (0..<1_000).map { "line \($0)" }.joined(separator: "\n") + "\n"
        let lines = MessageCap.capped(text).split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.count == MessageCap.lineCount + 1)
        #expect(lines[MessageCap.lineCount - 1] == "... (961 more lines)")
        #expect(lines.last == "")
    }
}
