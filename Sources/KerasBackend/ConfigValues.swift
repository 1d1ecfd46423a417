import JSON

/// Values of layer configs that both flavour translations read alike.
enum ConfigValues {
    /// A dtype policy object, tf.keras's mixed-precision `Policy` or Keras 3's `DTypePolicy`, as
    /// the policy name both flavours read; any other value as it is.
    static func policyName(_ value: JSONValue) -> JSONValue {
        guard let className = value["class_name"]?.string, className == "Policy" || className.hasSuffix("DTypePolicy"),
            let name = value["config"]?["name"]
        else { return value }
        return name
    }

    /// Whether a config member holds `expected`, an int written as a float (`1.0` for `1`) too.
    static func holds(_ value: JSONValue, _ expected: JSONValue) -> Bool {
        switch (value, expected) {
        case (.int(let number), .int(let other)): return number == other
        case (.double(let number), .int(let other)): return number == Double(other)
        default: return value == expected
        }
    }
}
