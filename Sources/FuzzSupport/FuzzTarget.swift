import Foundation

/// A fuzzed reader: `test` takes one input; any thrown error is fine, only a crash, a sanitizer
/// report or a hang is not.
///
/// In a normal build a target is a replayer (`@main extension Target: FuzzTarget {}` picks up
/// ``main()`` below); under `-DFUZZING` it defines libFuzzer's symbols instead, which must be
/// named per target and so stay in the target's own file.
public protocol FuzzTarget {
    static func test(_ bytes: [UInt8])
}

extension FuzzTarget {
    /// Replays the files (or folders) given on the command line.
    public static func main() {
        exit(FuzzHarness.replay(CommandLine.arguments.dropFirst(), test))
    }
}
