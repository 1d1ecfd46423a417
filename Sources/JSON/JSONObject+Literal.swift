extension JSONObject: ExpressibleByDictionaryLiteral {
    /// `["axis": -1, "keepdims": true]`, members in written order.
    public init(dictionaryLiteral elements: (String, JSONValue)...) {
        self.init(elements.map { Member(key: $0.0, value: $0.1) })
    }
}
