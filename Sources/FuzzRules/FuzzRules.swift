import Foundation
import FuzzSupport
import RuleFiles

/// Fuzzes the YAML rule reader and compiler with one user rule file.
enum FuzzRules {
    /// One input; any thrown error is fine, only a crash, a sanitizer report or a hang is not.
    static func test(_ bytes: [UInt8]) {
        _ = RuleLibrary(sources: [RuleSource(name: "fuzz.yaml", text: FuzzHarness.text(bytes), isBuiltIn: false)])
    }
}

#if FUZZING
    @_cdecl("LLVMFuzzerTestOneInput")
    func fuzzOne(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
        FuzzRules.test(FuzzHarness.bytes(data, size))
        return 0
    }

    @_cdecl("FuzzRules_main")
    func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
        FuzzHarness.runLibFuzzer(argc, argv, fuzzOne)
    }
#else
    /// Without `-DFUZZING`: replays the files (or folders) given on the command line.
    @main
    struct FuzzRulesReplay {
        static func main() {
            exit(FuzzHarness.replay(CommandLine.arguments.dropFirst(), FuzzRules.test))
        }
    }
#endif
