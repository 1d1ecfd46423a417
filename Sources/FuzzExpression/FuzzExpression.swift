import Foundation
import FuzzSupport
import PythonAST

/// Fuzzes the Python expression parser (rule patterns, --function-source, recovered sources).
enum FuzzExpression: FuzzTarget {
    static func test(_ bytes: [UInt8]) {
        _ = try? ExpressionParser.parse(FuzzHarness.text(bytes))
    }
}

#if FUZZING
    @_cdecl("LLVMFuzzerTestOneInput")
    func fuzzOne(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
        FuzzExpression.test(FuzzHarness.bytes(data, size))
        return 0
    }

    @_cdecl("FuzzExpression_main")
    func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
        FuzzHarness.runLibFuzzer(argc, argv, fuzzOne)
    }
#else
    @main extension FuzzExpression {}
#endif
