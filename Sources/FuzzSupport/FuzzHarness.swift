import Foundation

/// What every fuzz target shares: replaying saved inputs in a normal build, and handing control
/// to libFuzzer in a `-DFUZZING` build (`scripts/fuzz`).
public enum FuzzHarness {
    /// Runs `test` on every file named in `paths` (a folder: every file under it); returns the
    /// exit status. A normal build of a fuzz target is this replayer, so that a crash input
    /// found by libFuzzer can be rerun under the debugger or in a test.
    public static func replay(_ paths: some Sequence<String>, _ test: ([UInt8]) -> Void) -> Int32 {
        var count = 0
        for path in paths {
            for file in files(at: path) {
                guard let data = FileManager.default.contents(atPath: file) else {
                    FileHandle.standardError.write(Data("cannot read \(file)\n".utf8))
                    return 2
                }
                test([UInt8](data))
                count += 1
            }
        }
        FileHandle.standardError.write(Data("replayed \(count) inputs\n".utf8))
        return 0
    }

    /// The bytes libFuzzer hands over, copied.
    public static func bytes(_ data: UnsafePointer<UInt8>?, _ size: Int) -> [UInt8] {
        guard let data, size > 0 else { return [] }
        return Array(UnsafeBufferPointer(start: data, count: size))
    }

    /// Text as the readers take it: invalid UTF-8 repaired, as reading a file would.
    public static func text(_ bytes: [UInt8]) -> String {
        String(decoding: bytes, as: UTF8.self)
    }

    private static func files(at path: String) -> [String] {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), isFolder.boolValue else {
            return [path]
        }
        let names = (FileManager.default.enumerator(atPath: path)?.allObjects as? [String]) ?? []
        return names.sorted().map { path + "/" + $0 }.filter { file in
            var isInner: ObjCBool = false
            return FileManager.default.fileExists(atPath: file, isDirectory: &isInner) && !isInner.boolValue
        }
    }

    #if FUZZING
        /// The callback libFuzzer calls with each input.
        public typealias Callback = @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt

        /// Starts libFuzzer's loop. SwiftPM links an executable's entry point as `main`, which
        /// would hide libFuzzer's own `main`; each target's entry point calls this instead.
        public static func runLibFuzzer(
            _ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?, _ callback: Callback
        ) -> CInt {
            var count = argc
            var arguments = argv
            return llvmFuzzerRunDriver(&count, &arguments, callback)
        }
    #endif
}

#if FUZZING
    @_silgen_name("LLVMFuzzerRunDriver")
    func llvmFuzzerRunDriver(
        _ argc: UnsafeMutablePointer<CInt>,
        _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
        _ callback: FuzzHarness.Callback
    ) -> CInt
#endif
