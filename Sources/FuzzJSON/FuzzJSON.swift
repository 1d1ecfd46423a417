import Foundation
import FuzzSupport
import JSON

/// Fuzzes the JSON reader (model_config, training_config, bulk reports).
enum FuzzJSON: FuzzTarget {
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
    @main extension FuzzJSON {}
#endif
