import Foundation
import FuzzSupport
import RuleFiles

/// Fuzzes the YAML rule reader and compiler with one user rule file.
enum FuzzRules: FuzzTarget {
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
    @main extension FuzzRules {}
#endif
