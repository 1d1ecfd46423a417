import Foundation
import FuzzSupport
import PythonBytecode

/// Fuzzes the marshal reader and the decompiler: a Lambda payload's bytes.
enum FuzzMarshal: FuzzTarget {
    static func test(_ bytes: [UInt8]) {
        _ = try? MarshalReader.readCode(bytes)
        _ = try? FunctionRecovery().recover(bytes)
    }
}

#if FUZZING
    @_cdecl("LLVMFuzzerTestOneInput")
    func fuzzOne(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
        FuzzMarshal.test(FuzzHarness.bytes(data, size))
        return 0
    }

    @_cdecl("FuzzMarshal_main")
    func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
        FuzzHarness.runLibFuzzer(argc, argv, fuzzOne)
    }
#else
    @main extension FuzzMarshal {}
#endif
