import PythonAST

/// From a Lambda's marshaled payload to its function: reads the code object, finds the Python
/// versions whose bytecode it can be, decompiles under each, and repairs Windows damage when the
/// payload reads under none.
///
/// The version is never guessed: a payload that decompiles to different functions under
/// different versions is an ``RecoveryError/Kind/ambiguous(_:)`` error unless `python` or
/// `plausibleVersions` (from the file's Keras version) settles it.
public struct FunctionRecovery: Sendable {
    /// `--python X.Y`: only this version is tried.
    public var python: PythonVersion?
    /// Versions the writing Keras ran on, used only to break ties.
    public var plausibleVersions: ClosedRange<PythonVersion>?

    public init(python: PythonVersion? = nil, plausibleVersions: ClosedRange<PythonVersion>? = nil) {
        self.python = python
        self.plausibleVersions = plausibleVersions
    }

    /// Recovers the function of one payload.
    public func recover(_ payload: [UInt8]) throws(RecoveryError) -> RecoveredFunction {
        let code: CodeObject
        var marshalRepairs: [Int] = []
        do {
            code = try MarshalReader.readCode(payload)
        } catch {
            guard let repaired = WindowsRepair.repairMarshal(payload, failure: error) else {
                throw RecoveryError(kind: .marshal(error))
            }
            (code, marshalRepairs) = repaired
        }
        let candidates = try candidateVersions(for: code)
        do {
            var recovered = try decompile(code, under: candidates)
            recovered.repairedOffsets = marshalRepairs
            return recovered
        } catch {
            guard case .bytecode = error.kind,
                let repaired = WindowsRepair.repairCode(code, attempt: { try? decompile($0, under: candidates) })
            else { throw error }
            return repaired
        }
    }

    private func candidateVersions(for code: CodeObject) throws(RecoveryError) -> [PythonVersion] {
        if let python {
            guard BytecodeDecompiler.layout(of: python) == code.layout else {
                throw RecoveryError(kind: .versionMismatch(requested: python, layout: code.layout))
            }
            return [python]
        }
        let all = OpcodeTable.all.map(\.version).filter { BytecodeDecompiler.layout(of: $0) == code.layout }
        guard code.layout == .python38 else { return all }
        // 3.10's co_linetable covers every code byte; 3.8 and 3.9's co_lnotab stops where the
        // last line starts.
        let table = code.lineTable
        let covered = stride(from: 0, to: table.count - 1, by: 2).reduce(0) { $0 + Int(table[$1]) }
        let python310 = PythonVersion(3, 10)
        return covered == code.code.count ? all.filter { $0 == python310 } : all.filter { $0 != python310 }
    }

    /// Decompiles under each candidate and groups the versions by the function they give.
    func decompile(_ code: CodeObject, under versions: [PythonVersion]) throws(RecoveryError) -> RecoveredFunction {
        var readings: [RecoveredFunction] = []
        var best: (error: BytecodeError, version: PythonVersion)?
        for version in versions {
            do {
                let (function, reachesAll) = try BytecodeDecompiler.decompileReportingReach(code, version: version)
                if let index = readings.firstIndex(where: { $0.function == function }) {
                    readings[index].versions.append(version)
                    readings[index].reachesAll = readings[index].reachesAll && reachesAll
                } else {
                    var reading = RecoveredFunction(
                        function: function, code: code, versions: [version], repairedOffsets: [])
                    reading.reachesAll = reachesAll
                    readings.append(reading)
                }
            } catch {
                if let current = best, !Self.isFurther(error, than: current.error) { continue }
                best = (error, version)
            }
        }
        if let chosen = try choose(among: readings) { return chosen }
        guard let best else {
            throw RecoveryError(kind: .bytecode(.invalid("no Python version to try", at: 0), PythonVersion(3, 0)))
        }
        throw RecoveryError(kind: .bytecode(best.error, best.version))
    }

    /// The one reading to keep: readings that leave code unreached lose to those that do not,
    /// then readings outside `plausibleVersions` lose; two or more left are an ambiguity.
    /// - Returns: nil when there is no reading at all.
    func choose(among readings: [RecoveredFunction]) throws(RecoveryError) -> RecoveredFunction? {
        var readings = readings
        if readings.count > 1, readings.contains(where: \.reachesAll) {
            readings = readings.filter(\.reachesAll)
        }
        if readings.count > 1, let plausibleVersions {
            let narrowed = readings.filter { $0.versions.contains(where: plausibleVersions.contains) }
            if !narrowed.isEmpty { readings = narrowed }
        }
        if readings.count > 1 { throw RecoveryError(kind: .ambiguous(readings)) }
        return readings.first
    }

    /// An unsupported construct means the bytecode was valid for that version: it wins over
    /// invalid bytecode; among invalid ones, the version that read further wins.
    private static func isFurther(_ error: BytecodeError, than other: BytecodeError) -> Bool {
        switch (error.kind, other.kind) {
        case (.unsupported, .invalid): return true
        case (.invalid, .unsupported): return false
        default: return error.offset > other.offset
        }
    }
}
