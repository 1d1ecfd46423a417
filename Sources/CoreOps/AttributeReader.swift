/// Typed access to an op's resolved attributes, for the shape rules and evaluations.
///
/// Attributes are resolved against the op's specs before a rule sees them, so a failed read here
/// means the catalog's own rule asks for an attribute its spec does not declare; it is still an
/// error rather than a crash.
struct AttributeReader: Sendable {
    let values: [String: AttributeValue]

    func int(_ name: String) throws(CoreOpError) -> Int {
        try read(name, "an int", \.intValue)
    }

    func float(_ name: String) throws(CoreOpError) -> Double {
        try read(name, "a float", \.floatValue)
    }

    func bool(_ name: String) throws(CoreOpError) -> Bool {
        try read(name, "a bool", \.boolValue)
    }

    func string(_ name: String) throws(CoreOpError) -> String {
        try read(name, "a string", \.stringValue)
    }

    /// A list of ints; one int reads as a one-item list.
    func ints(_ name: String) throws(CoreOpError) -> [Int] {
        try read(name, "a list of ints", \.intsValue)
    }

    /// A list of ints, or nil for `None`.
    func intsOrNone(_ name: String) throws(CoreOpError) -> [Int]? {
        if values[name]?.isNone == true { return nil }
        return try ints(name)
    }

    /// A list of floats; one number reads as a one-item list.
    func floats(_ name: String) throws(CoreOpError) -> [Double] {
        try read(name, "a list of floats", \.floatsValue)
    }

    /// The raw value.
    func value(_ name: String) throws(CoreOpError) -> AttributeValue {
        try read(name, "a value") { $0 }
    }

    private func read<T>(_ name: String, _ kind: String, _ extract: (AttributeValue) -> T?) throws(CoreOpError) -> T {
        guard let value = values[name] else { throw CoreOpError("attribute '\(name)' is missing") }
        guard let typed = extract(value) else { throw CoreOpError("attribute '\(name)' is not \(kind), got \(value)") }
        return typed
    }
}
