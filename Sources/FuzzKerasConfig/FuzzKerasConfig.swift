import Foundation
import FuzzSupport
import KerasModel

/// Fuzzes the Keras config reader: a model_config text to a layer graph.
enum FuzzKerasConfig: FuzzTarget {
    static func test(_ bytes: [UInt8]) {
        _ = try? KerasModelReader.graph(configJSON: FuzzHarness.text(bytes), file: "fuzz.h5")
    }
}

#if FUZZING
    @_cdecl("LLVMFuzzerTestOneInput")
    func fuzzOne(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
        FuzzKerasConfig.test(FuzzHarness.bytes(data, size))
        return 0
    }

    @_cdecl("FuzzKerasConfig_main")
    func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
        FuzzHarness.runLibFuzzer(argc, argv, fuzzOne)
    }
#else
    @main extension FuzzKerasConfig {}
#endif
