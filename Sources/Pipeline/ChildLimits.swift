import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Bounds a child process puts on itself before it reads an untrusted file, so that a file
/// which sends libhdf5 into an endless loop costs a bounded amount of processor time even when
/// the parent that should kill it is gone.
enum ChildLimits {
    /// Lets this process use `seconds` more processor time, after which the kernel ends it with
    /// SIGXCPU. Processor time, not wall time: a busy machine slows a read but does not make it
    /// look endless.
    static func allowProcessorTime(_ seconds: Int) {
        var usage = rusage()
        #if canImport(Glibc)
            let who = __rusage_who_t(RUSAGE_SELF.rawValue)
        #elseif canImport(Darwin)
            let who = RUSAGE_SELF
        #endif
        guard getrusage(who, &usage) == 0 else { return }
        let used = Int(usage.ru_utime.tv_sec) + Int(usage.ru_stime.tv_sec) + 1
        var limit = rlimit()
        guard getrlimit(resource(cpu: true), &limit) == 0 else { return }
        var wanted = rlim_t(used + seconds)
        wanted = min(wanted, limit.rlim_max)  // RLIM_INFINITY is the largest value on both systems
        limit.rlim_cur = wanted
        _ = setrlimit(resource(cpu: true), &limit)
    }

    /// No core file: a child ended by a signal must not leave one in the user's folder.
    static func forbidCoreFiles() {
        var limit = rlimit(rlim_cur: 0, rlim_max: 0)
        _ = setrlimit(resource(cpu: false), &limit)
    }

    /// Ends this process when `parent` is no longer its parent (killed by a time limit of its
    /// own): a thread watches, since the child may be stuck inside libhdf5. The parent names
    /// itself, for it may be gone before this process asks who its parent is.
    static func endWithParent(_ parent: Int32) {
        let watcher = Thread {
            while getppid() == parent { Thread.sleep(forTimeInterval: 0.25) }
            _exit(3)
        }
        watcher.start()
    }

    /// Lets SIGXCPU end this process whatever signal mask or disposition it inherited.
    static func restoreProcessorTimeSignal() {
        var signals = sigset_t()
        sigemptyset(&signals)
        sigaddset(&signals, SIGXCPU)
        _ = pthread_sigmask(SIG_UNBLOCK, &signals, nil)
        _ = signal(SIGXCPU, SIG_DFL)
    }

    /// The resource number of RLIMIT_CPU or RLIMIT_CORE, in each C library's own type.
    #if canImport(Glibc)
        private static func resource(cpu: Bool) -> __rlimit_resource_t {
            __rlimit_resource_t(cpu ? RLIMIT_CPU.rawValue : RLIMIT_CORE.rawValue)
        }
    #elseif canImport(Darwin)
        private static func resource(cpu: Bool) -> Int32 {
            cpu ? RLIMIT_CPU : RLIMIT_CORE
        }
    #endif
}
