#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Settings that belong to the whole process, made by the executable and never by the library,
/// which may run inside a process whose settings are not its to change.
enum ProcessSettings {
    /// Large weight buffers are allocated and freed once per layer: glibc would return each to
    /// the system and fault fresh zeroed pages in for the next. Keeping freed memory for reuse
    /// halves the system time of converting a large model; the peak stays the largest live set.
    /// Darwin's allocator has no such knobs and needs none.
    static func keepFreedMemory() {
        #if canImport(Glibc)
            // glibc's <malloc.h> parameters (not exported by the Glibc module).
            let (trimThreshold, topPad, mmapThreshold): (Int32, Int32, Int32) = (-1, -2, -3)
            _ = glibcMallopt(mmapThreshold, 256 << 20)
            _ = glibcMallopt(trimThreshold, 512 << 20)
            _ = glibcMallopt(topPad, 64 << 20)
        #elseif canImport(Darwin)
            // Darwin's allocator keeps freed memory for reuse on its own.
        #endif
    }

    /// A bulk worker that dies while a request is being written to it must not take the parent
    /// with it: the write fails with EPIPE instead, and the model is reported. (Each worker gets
    /// the default action back when it is started.)
    static func ignoreBrokenPipes() {
        #if canImport(Glibc) || canImport(Darwin)
            _ = signal(SIGPIPE, SIG_IGN)
        #endif
    }
}

#if canImport(Glibc)
    @_silgen_name("mallopt")
    private func glibcMallopt(_ parameter: Int32, _ value: Int32) -> Int32
#elseif canImport(Darwin)
    // No mallopt on Darwin.
#endif
