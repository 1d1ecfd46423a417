/// One entry of a mapping, in source order.
///
/// Mappings are kept as lists of pairs rather than dictionaries so that order survives and duplicate
/// keys stay visible to the schema layer, which reports them with both locations.
public struct YAMLPair: Hashable, Sendable {
    public var key: YAMLNode
    public var value: YAMLNode

    public init(key: YAMLNode, value: YAMLNode) {
        self.key = key
        self.value = value
    }
}
