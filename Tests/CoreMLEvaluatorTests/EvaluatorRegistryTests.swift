import Testing

@testable import CoreMLEvaluator

/// The evaluator's table of layer kinds is joined from per-family groups; a kind two groups
/// evaluate would be a silent choice, so none may.
@Suite struct EvaluatorRegistryTests {
    @Test func eachLayerKindIsEvaluatedByOneGroup() {
        #expect(LayerEvaluatorRegistry.standard.duplicates == [])
        #expect(!LayerEvaluatorRegistry.standard.entries.isEmpty)
    }
}
