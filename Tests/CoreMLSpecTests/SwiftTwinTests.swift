import CoreMLSpec
import Foundation
import Testing

/// The Swift-built twin against coremltools' `reference_nd.mlmodel`, and the committed
/// `swift_twin.mlmodel` that the Python script loads back with coremltools.
/// `DELAMBDA_RECORD=1` rewrites `swift_twin.mlmodel`.
@Suite struct SwiftTwinTests {
    @Test func twinEqualsCoreMLToolsReference() throws {
        let reference = try CoreMLFixtures.model("reference_nd.mlmodel")
        #expect(TwinModel.make() == reference)
    }

    @Test func twinBytesEqualCoreMLToolsBytes() throws {
        let ours = try TwinModel.make().serializedData()
        let theirs = try CoreMLFixtures.bytes("reference_nd.mlmodel")
        #expect(ours == theirs)
    }

    @Test func committedTwinIsCurrent() throws {
        let ours = try TwinModel.make().serializedData()
        let url = CoreMLFixtures.url("swift_twin.mlmodel")
        if ProcessInfo.processInfo.environment["DELAMBDA_RECORD"] != nil {
            try ours.write(to: url, options: .atomic)
        }
        let committed = try Data(contentsOf: url)
        #expect(ours == committed)
    }
}
