import Foundation
import JSON
import KerasModel
import PythonBytecode
import TestSupport
import Testing

/// Marshal payloads of real files: the fixtures (every CPython 2.7–3.13) and the corpus.
enum RealPayloads {
    struct Payload: Sendable, CustomStringConvertible {
        var file: String
        var layer: String
        var bytes: [UInt8]
        var pythonVersion: String?
        var description: String { "\(URL(fileURLWithPath: file).lastPathComponent):\(layer)" }
    }

    static let fixtures: [Payload] = FixtureManifest.shared.models.flatMap { fixture in
        payloads(in: fixture.path, pythonVersion: fixture.pythonVersion)
    }

    static let corpus: [Payload] = FixturePaths.corpusFiles.flatMap { payloads(in: $0, pythonVersion: nil) }

    private static func payloads(in path: String, pythonVersion: String?) -> [Payload] {
        guard let model = try? KerasModelReader.read(path) else { return [] }
        return model.graph.allLayers.compactMap { layer in
            guard case .marshal(let payload)? = layer.function?.payload else { return nil }
            return Payload(file: path, layer: layer.name, bytes: payload.bytes, pythonVersion: pythonVersion)
        }
    }
}

@Suite struct MarshalReaderTests {
    static let expectedLayout: [String: CodeObject.Layout] = [
        "2.7": .python2, "3.6": .python30, "3.7": .python30, "3.8": .python38, "3.9": .python38,
        "3.10": .python38, "3.11": .python311, "3.12": .python311, "3.13": .python311,
    ]

    @Test func thereArePayloadsOfEveryVersion() {
        let versions = Set(RealPayloads.fixtures.compactMap(\.pythonVersion))
        #expect(versions == Set(Self.expectedLayout.keys))
        #expect(RealPayloads.fixtures.count > 150)
        #expect(RealPayloads.corpus.count == 6)
    }

    @Test func readsEveryFixturePayloadWithItsVersionsLayout() throws {
        for payload in RealPayloads.fixtures where !payload.file.contains("windows") {
            let code = try MarshalReader.readCode(payload.bytes)
            #expect(code.layout == Self.expectedLayout[payload.pythonVersion ?? ""], "\(payload)")
            #expect(!code.code.isEmpty, "\(payload)")
            #expect(code.name == "<lambda>" || !code.name.hasPrefix("<"), "\(payload)")
        }
    }

    /// The corpus manifest records, read by hand, each Lambda's argcount, varnames, names and consts.
    @Test func readsTheCorpusAsItsManifestRecords() throws {
        let url = FixturePaths.corpus.deletingLastPathComponent().appendingPathComponent("manifest.json")
        let manifest = try JSONParser.parse(String(contentsOf: url, encoding: .utf8))
        for entry in manifest.array ?? [] {
            for facts in entry["lambda_layers"]?.array ?? [] {
                let name = facts["name"]?.string ?? ""
                let local = entry["local_file"]?.string ?? ""
                let payload = try #require(RealPayloads.corpus.first { $0.file.hasSuffix(local) && $0.layer == name })
                let code = try MarshalReader.readCode(payload.bytes)
                #expect(code.argCount == facts["argcount"]?.int, "\(payload)")
                #expect(code.variableNames == (facts["varnames"]?.array ?? []).compactMap(\.string), "\(payload)")
                #expect(code.names == (facts["co_names"]?.array ?? []).compactMap(\.string), "\(payload)")
                let consts = code.constants.map(\.repr)
                let recorded = (facts["co_consts"]?.array ?? []).compactMap(\.string)
                #expect(consts.prefix(recorded.count).elementsEqual(recorded), "\(payload): \(consts) vs \(recorded)")
            }
        }
    }

    @Test(
        arguments: [
            ([0x4E], PythonObject.none),
            ([0x54], .bool(true)),
            ([0x2E], .ellipsis),
            ([0x69, 0xFE, 0xFF, 0xFF, 0xFF], .int(-2)),
            ([0x49, 0, 0, 0, 0, 0, 0, 0, 0x80], .int(Int.min)),
            ([0x6C, 0x02, 0, 0, 0, 0x00, 0x00, 0x01, 0x00], .int(32768)),
            // marshal.dumps(-2**70) and marshal.dumps(2**62), as CPython writes them.
            ([0x6C, 0xFB, 0xFF, 0xFF, 0xFF, 0, 0, 0, 0, 0, 0, 0, 0, 0, 4], .bigInt("-1180591620717411303424")),
            ([0xEC, 5, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 4, 0], .int(4_611_686_018_427_387_904)),
            ([0x67, 0, 0, 0, 0, 0, 0, 0xF8, 0x3F], .float(1.5)),
            ([0x66, 0x04, 0x31, 0x65, 0x2D, 0x37], .float(1e-7)),
            ([0x79, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xF0, 0x3F], .complex(real: 0, imaginary: 1)),
            ([0x73, 0x02, 0, 0, 0, 0x5C, 0x00], .bytes([0x5C, 0x00])),
            ([0x75, 0x02, 0, 0, 0, 0xC3, 0xA9], .string("é")),
            ([0x7A, 0x03, 0x61, 0x62, 0x63], .string("abc")),
            ([0x29, 0x02, 0x4E, 0x46], .tuple([.none, .bool(false)])),
            ([0x28, 0x01, 0, 0, 0, 0x5B, 0, 0, 0, 0], .tuple([.list([])])),
            ([0x7B, 0x7A, 0x01, 0x61, 0x69, 0x01, 0, 0, 0, 0x30], .dict([.init(key: .string("a"), value: .int(1))])),
            ([0x3E, 0x01, 0, 0, 0, 0x4E], .frozenset([.none])),
            // FLAG_REF on the first string, then `r 0` refers back to it.
            ([0x29, 0x02, 0xFA, 0x01, 0x78, 0x72, 0, 0, 0, 0], .tuple([.string("x"), .string("x")])),
        ] as [([UInt8], PythonObject)])
    func readsEveryTypeCode(bytes: [UInt8], expected: PythonObject) throws {
        #expect(try MarshalReader.read(bytes, dialect: .python3, layout: .python38) == expected)
    }

    @Test func readsPython2InternedStringReferences() throws {
        // t "ab" interned, then R 0 refers to it.
        let bytes: [UInt8] = [0x28, 0x02, 0, 0, 0, 0x74, 0x02, 0, 0, 0, 0x61, 0x62, 0x52, 0, 0, 0, 0]
        #expect(
            try MarshalReader.read(bytes, dialect: .python2, layout: .python2)
                == .tuple([.bytes([0x61, 0x62]), .bytes([0x61, 0x62])]))
    }

    @Test(
        arguments: [
            ([0x3F], 0, "unknown type code '?'"),
            ([0x29, 0x03, 0x4E], 2, "3 items cannot fit"),
            ([0x73, 0xFF, 0xFF, 0xFF, 0x7F], 5, "runs past the end"),
            ([0x28, 0xFF, 0xFF, 0xFF, 0xFF], 1, "negative length"),
            ([0x72, 0x05, 0, 0, 0], 0, "reference 5 out of range"),
            // A FLAG_REF tuple whose item refers to the tuple itself.
            ([0xA9, 0x01, 0x72, 0, 0, 0, 0], 2, "still being read (a cycle)"),
            ([0x4E, 0x4E], 1, "1 bytes left"),
            ([0x7B, 0x4E, 0x4E], 3, "dict not terminated"),
            ([0x30], 0, "NULL where an object was expected"),
            ([0x6C, 0x01, 0, 0, 0, 0xFF, 0xFF], 5, "long digit out of range"),
        ] as [([UInt8], Int, String)])
    func rejectsBadDataWithItsOffset(bytes: [UInt8], offset: Int, message: String) {
        #expect {
            try MarshalReader.read(bytes, dialect: .python3, layout: .python38)
        } throws: { error in
            guard let error = error as? MarshalError else { return false }
            return error.offset == offset && error.message.contains(message)
        }
    }

    @Test func refusesCodeWithMoreArgumentsThanLocals() {
        // A 3.8-layout code object claiming 2 arguments with an empty co_varnames.
        let header: [UInt8] = [0x63] + [2, 0, 0, 0, 0, 0].flatMap { [UInt8($0), 0, 0, 0] }
        let fields: [UInt8] =
            [0x73, 0, 0, 0, 0] + [UInt8](repeating: 0, count: 5).flatMap { _ in [0x29, 0] }
            + [0x7A, 0, 0x7A, 0, 1, 0, 0, 0, 0x73, 0, 0, 0, 0]
        #expect {
            try MarshalReader.read(header + fields, dialect: .python3, layout: .python38)
        } throws: { error in
            (error as? MarshalError)?.message.contains("more arguments than local variable names") == true
        }
    }

    @Test func refusesDeepNesting() {
        let level: [UInt8] = [0x5B, 1, 0, 0, 0]
        let deep: [UInt8] = (0..<10_000).flatMap { _ in level } + [0x4E]
        #expect(throws: MarshalError.self) { try MarshalReader.read(deep, dialect: .python3, layout: .python38) }
    }

    @Test func refusesWhatIsNotACodeObject() {
        #expect(throws: MarshalError.self) { try MarshalReader.readCode([]) }
        #expect(throws: MarshalError.self) { try MarshalReader.readCode(Array("hello".utf8)) }
    }

    @Test func everyTruncationOfARealPayloadIsAnError() throws {
        for payload in RealPayloads.corpus + RealPayloads.fixtures.prefix(20) {
            for length in 0..<payload.bytes.count {
                #expect(throws: MarshalError.self, "\(payload) cut at \(length)") {
                    try MarshalReader.readCode(Array(payload.bytes.prefix(length)))
                }
            }
        }
    }

    /// Seeded mutations of real payloads: every outcome is a clean error or a code object.
    @Test func mutatedPayloadsNeverCrash() {
        var generator = SeededGenerator(seed: 0x5EED)
        let payloads = RealPayloads.corpus + RealPayloads.fixtures
        var errors = 0
        var decoded = 0
        for round in 0..<5_000 {
            var bytes = payloads[round % payloads.count].bytes
            for _ in 0..<Int.random(in: 1...4, using: &generator) {
                let index = Int.random(in: 0..<bytes.count, using: &generator)
                switch Int.random(in: 0..<3, using: &generator) {
                case 0: bytes[index] ^= UInt8(1 << Int.random(in: 0..<8, using: &generator))
                case 1: bytes[index] = UInt8.random(in: 0...255, using: &generator)
                default: bytes.insert(UInt8.random(in: 0...255, using: &generator), at: index)
                }
            }
            do {
                _ = try MarshalReader.readCode(bytes)
                decoded += 1
            } catch {
                errors += 1
                #expect(error.offset >= 0 && error.offset <= bytes.count)
            }
        }
        #expect(errors + decoded == 5_000)
        #expect(errors > 0)
    }
}

/// A small deterministic generator (SplitMix64) so mutation tests are reproducible.
struct SeededGenerator: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) {
        state = seed
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var value = state
        value = (value ^ (value >> 30)) &* 0xBF58_476D_1CE4_E5B9
        value = (value ^ (value >> 27)) &* 0x94D0_49BB_1331_11EB
        return value ^ (value >> 31)
    }
}
