import Foundation
import FuzzSupport
import PythonAST

/// Fuzzes the Python expression parser (rule patterns, --function-source, recovered sources).
enum FuzzExpression {
    /// One input; any thrown error is fine, only a crash, a sanitizer report or a hang is not.
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
    /// Without `-DFUZZING`: replays the files (or folders) given on the command line.
    @main
    struct FuzzExpressionReplay {
        static func main() {
            exit(FuzzHarness.replay(CommandLine.arguments.dropFirst(), FuzzExpression.test))
        }
    }
#endif
