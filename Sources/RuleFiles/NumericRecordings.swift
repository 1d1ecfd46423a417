import CoreOps
import JSON

/// Outputs recorded from TensorFlow for a rule file's numeric tests, by
/// `scripts/record_rule_outputs.py` (run by hand): `<rule file>.recorded.json` beside it.
public struct NumericRecordings: Sendable {
    public struct Case: Sendable {
        /// The test's `in`, to notice a recording older than its test.
        public var source: String
        public var inputs: [String: Tensor]
        public var output: Tensor
    }

    /// Cases by `rule-id/test-index` (zero-based).
    public var cases: [String: Case]

    /// Reads a recordings file's JSON.
    public static func parse(_ text: String) throws -> NumericRecordings {
        let json = try JSONParser.parse(text)
        var cases: [String: Case] = [:]
        for entry in json["tests"]?.object ?? JSONObject() {
            guard let source = entry.value["source"]?.string, let output = tensor(entry.value["output"]) else {
                continue
            }
            var inputs: [String: Tensor] = [:]
            for input in entry.value["inputs"]?.object ?? JSONObject() {
                if let value = tensor(input.value) { inputs[input.key] = value }
            }
            cases[entry.key] = Case(source: source, inputs: inputs, output: output)
        }
        return NumericRecordings(cases: cases)
    }

    private static func tensor(_ json: JSONValue?) -> Tensor? {
        guard let shape = json?["shape"]?.array?.compactMap(\.int), let values = json?["values"]?.array else {
            return nil
        }
        let numbers = values.compactMap(\.double)
        guard numbers.count == values.count else { return nil }
        return try? Tensor(shape: shape, values: numbers)
    }
}
