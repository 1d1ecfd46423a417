/// Mutations of a whole file's bytes, each a small function in one table.
struct ByteMutation: Sendable {
    var name: String
    var apply: @Sendable (inout [UInt8], inout SplitMix64) -> Void

    /// Applies one mutation picked by `random` and says which.
    static func mutate(_ bytes: inout [UInt8], _ random: inout SplitMix64) -> String {
        let mutation = random.pick(table)
        mutation.apply(&bytes, &random)
        return mutation.name
    }

    static let table: [ByteMutation] = [
        ByteMutation(name: "flip-bits") { bytes, random in
            guard !bytes.isEmpty else { return }
            for _ in 0..<random.inRange(1...16) {
                bytes[random.below(bytes.count)] ^= UInt8(1) << UInt8(random.below(8))
            }
        },
        ByteMutation(name: "random-bytes") { bytes, random in
            guard !bytes.isEmpty else { return }
            let start = random.below(bytes.count)
            for index in start..<min(bytes.count, start + random.inRange(1...64)) {
                bytes[index] = UInt8(truncatingIfNeeded: random.next())
            }
        },
        ByteMutation(name: "interesting-bytes") { bytes, random in
            guard bytes.count >= 8 else { return }
            let start = random.below(bytes.count - 7)
            let value: UInt64 = random.pick([0, .max, 0x7FFF_FFFF, 0x8000_0000, 0xFFFF_FFFF, 1 << 40])
            for offset in 0..<8 { bytes[start + offset] = UInt8(truncatingIfNeeded: value >> (8 * UInt64(offset))) }
        },
        ByteMutation(name: "insert") { bytes, random in
            let at = random.below(bytes.count + 1)
            let inserted = (0..<random.inRange(1...256)).map { _ in UInt8(truncatingIfNeeded: random.next()) }
            bytes.insert(contentsOf: inserted, at: at)
        },
        ByteMutation(name: "delete") { bytes, random in
            guard !bytes.isEmpty else { return }
            let start = random.below(bytes.count)
            bytes.removeSubrange(start..<min(bytes.count, start + random.inRange(1...512)))
        },
        ByteMutation(name: "duplicate-chunk") { bytes, random in
            guard !bytes.isEmpty else { return }
            let start = random.below(bytes.count)
            let chunk = bytes[start..<min(bytes.count, start + random.inRange(1...1024))]
            bytes.insert(contentsOf: chunk, at: random.below(bytes.count + 1))
        },
        ByteMutation(name: "truncate") { bytes, random in
            bytes.removeSubrange(random.below(bytes.count + 1)..<bytes.count)
        },
    ]
}
