/// Undoes what tf.keras and Keras 3 on Windows did to marshaled code before base64: every 0x5C
/// byte (`\`) became 0x2F (`/`). Which `/` were `\` is found from the structure: a marshal
/// stream that stops parsing, or bytecode that is invalid, is retried with `/` bytes restored,
/// fewest first, near the failure first.
enum WindowsRepair {
    static let damaged: UInt8 = 0x2F
    static let original: UInt8 = 0x5C
    /// Repairs tried per payload: the search stays bounded on hostile input.
    static let maximumAttempts = 2_000

    /// Reads a payload whose marshal structure is damaged. Returns the code object and the
    /// payload offsets restored, or nil when no repair reads.
    static func repairMarshal(_ payload: [UInt8], failure: MarshalError) -> (CodeObject, [Int])? {
        let suspects = payload.indices.filter { payload[$0] == damaged && $0 <= failure.offset }.reversed()
        for combination in combinations(of: Array(suspects)) {
            var bytes = payload
            for offset in combination { bytes[offset] = original }
            if let code = try? MarshalReader.readCode(bytes) { return (code, combination.sorted()) }
        }
        return nil
    }

    /// Decompiles a code object whose bytecode is damaged, by restoring `/` bytes of `co_code`.
    static func repairCode(_ code: CodeObject, attempt: (CodeObject) -> RecoveredFunction?) -> RecoveredFunction? {
        let suspects = code.code.indices.filter { code.code[$0] == damaged }
        for combination in combinations(of: suspects) {
            var repaired = code
            for offset in combination { repaired.code[offset] = original }
            if var recovered = attempt(repaired) {
                recovered.repairedOffsets = combination.sorted()
                return recovered
            }
        }
        return nil
    }

    /// Subsets of `suspects` (which are ordered most likely first): each one alone, then pairs,
    /// then triples, up to ``maximumAttempts`` in all.
    static func combinations(of suspects: [Int]) -> [[Int]] {
        var result: [[Int]] = suspects.map { [$0] }
        var size = 1
        var frontier: [[Int]] = suspects.indices.map { [$0] }
        while result.count < maximumAttempts, size < suspects.count {
            size += 1
            var next: [[Int]] = []
            for indices in frontier {
                for index in ((indices.last ?? -1) + 1)..<suspects.count {
                    next.append(indices + [index])
                    result.append((indices + [index]).map { suspects[$0] })
                    if result.count >= maximumAttempts { return result }
                }
            }
            frontier = next
        }
        return result
    }
}
