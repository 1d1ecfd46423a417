import Foundation
import FuzzSupport
import JSON

/// Fuzzes the JSON reader (model_config, training_config, bulk reports).
enum FuzzJSON {
    /// One input; any thrown error is fine, only a crash, a sanitizer report or a hang is not.
    static func test(_ bytes: [UInt8]) {
        _ = try? JSONParser.parse(FuzzHarness.text(bytes))
    }
}

#if FUZZING
    @_cdecl("LLVMFuzzerTestOneInput")
    func fuzzOne(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
        FuzzJSON.test(FuzzHarness.bytes(data, size))
        return 0
    }

    @_cdecl("FuzzJSON_main")
    func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
        FuzzHarness.runLibFuzzer(argc, argv, fuzzOne)
    }
#else
    /// Without `-DFUZZING`: replays the files (or folders) given on the command line.
    @main
    struct FuzzJSONReplay {
        static func main() {
            exit(FuzzHarness.replay(CommandLine.arguments.dropFirst(), FuzzJSON.test))
        }
    }
#endif
