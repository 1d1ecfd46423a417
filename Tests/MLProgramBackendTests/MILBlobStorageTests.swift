import CoreMLSpec
import Foundation
import Testing

@testable import MILEvaluator
@testable import MLProgramBackend

/// The weight file our writer makes is read back by the evaluator's own reader: header count and
/// version, 64-byte aligned records with the sentinel, fp16 and fp32 data.
@Suite struct MILBlobStorageTests {
    @Test func blobsRoundTripThroughTheReader() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("delambda-\(UUID()).bin")
        defer { try? FileManager.default.removeItem(at: url) }
        let writer = try MILBlobWriter(url: url)
        let single: [Float] = [1.5, -2.25, 3, 0.1, 1e-3]
        let half: [Float] = [0.5, -1, 65504, 0.333]
        let first = try writer.append(single, as: .float32)
        let second = try writer.append(half, as: .float16)
        try writer.finish()
        #expect(first == 64)
        // 64 of metadata, 20 bytes of data padded to 64.
        #expect(second == 192)
        let data = try Data(contentsOf: url)
        #expect(data.count % 64 == 0)
        let file = try MILBlobFile(data: data)
        #expect(file.count == 2)
        let (singleType, singleValues) = try file.blob(at: first)
        #expect(singleType == .float32 && singleValues == single)
        let (halfType, halfValues) = try file.blob(at: second)
        #expect(halfType == .float16)
        // 0.333 is not a half: the nearest is 0x3554, 1364 / 4096.
        #expect(halfValues == [0.5, -1, 65504, 1364.0 / 4096.0])
        // The sentinel 0xDEADBEEF opens each record, little-endian.
        #expect(Array(data[64..<68]) == [0xEF, 0xBE, 0xAD, 0xDE])
    }

    @Test func aBadRecordIsRefused() throws {
        var data = MILBlobWriter.header(count: 1)
        data.append(Data(count: 128))
        let file = try MILBlobFile(data: data)
        #expect(throws: MILEvaluationError.self) { try file.blob(at: 64) }
        #expect(throws: MILEvaluationError.self) { try file.blob(at: 70) }
        var wrongVersion = Data(count: 64)
        wrongVersion[4] = 1
        #expect(throws: MILEvaluationError.self) { try MILBlobFile(data: wrongVersion) }
    }
}

/// The hand-made binary16 encoder (writer) and decoder and rounding (evaluator) agree on known
/// values: ties to even, subnormals, overflow.
@Suite struct HalfPrecisionTests {
    static let cases: [(Float, UInt16)] = [
        (1, 0x3C00), (-2, 0xC000), (65504, 0x7BFF), (65520, 0x7C00), (0x1p-24, 0x0001), (0x1p-25, 0x0000),
        (0x1.8p-25, 0x0001), (1 + 0x1p-11, 0x3C00), (1 + 0x1.8p-10, 0x3C02), (0, 0),
        (0x1.ffep0, 0x4000), (-0x1.ffep15, 0xFC00),
    ]

    @Test(arguments: cases)
    func encodesAndDecodes(value: Float, bits: UInt16) {
        #expect(HalfPrecision.bits(value) == bits, "\(value)")
        #expect(Double(HalfFloat.value(bits)) == HalfFloat.rounded(Double(value)), "\(value)")
        #expect(HalfPrecision.hardwareBits(value) == bits, "\(value)")
    }

    /// The processor's conversion (used for weights where Swift has `Float16`) and the hand-made
    /// one give the same bits over a sweep of every binade, subnormals, ties and overflow.
    @Test func hardwareAndHandMadeConversionsAgree() {
        var value: Float = 0x1p-26
        var checked = 0
        while value < 0x1p17 {
            for candidate in [value, -value, value.nextUp, value.nextDown, value * 1.000_488_3] {
                #expect(HalfPrecision.hardwareBits(candidate) == HalfPrecision.bits(candidate), "\(candidate)")
                checked += 1
            }
            value *= 1.0137
        }
        #expect(checked > 5000)
        #expect(HalfPrecision.hardwareBits(.infinity) == HalfPrecision.bits(.infinity))
    }
}
