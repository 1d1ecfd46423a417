/// A node of a YAML document: a scalar, a sequence or a mapping, each with the mark where it starts.
///
/// Aliases are already resolved: an alias becomes a copy of the node its anchor names, marks included,
/// so a diagnostic about it points at the text that defines it.
public indirect enum YAMLNode: Hashable, Sendable {
    case scalar(YAMLScalar)
    case sequence([YAMLNode], YAMLMark)
    /// Entries in source order; duplicate keys are kept.
    case mapping([YAMLPair], YAMLMark)

    /// Where the node starts: a scalar's first character (or opening quote), a flow collection's
    /// bracket, a block sequence's first `-`, a block mapping's first key; or, before any of these,
    /// the node's anchor or tag.
    public var mark: YAMLMark {
        switch self {
        case .scalar(let scalar): scalar.mark
        case .sequence(_, let mark), .mapping(_, let mark): mark
        }
    }

    /// The scalar, when this node is one.
    public var scalar: YAMLScalar? {
        guard case .scalar(let scalar) = self else { return nil }
        return scalar
    }

    /// The scalar's text whatever its style, when this node is a scalar.
    public var scalarText: String? { scalar?.text }

    /// The items, when this node is a sequence.
    public var sequence: [YAMLNode]? {
        guard case .sequence(let items, _) = self else { return nil }
        return items
    }

    /// The entries in source order, when this node is a mapping.
    public var mapping: [YAMLPair]? {
        guard case .mapping(let pairs, _) = self else { return nil }
        return pairs
    }

    /// The value of the first entry whose key is a scalar with text `key`; nil when there is none or
    /// this node is not a mapping.
    public subscript(key: String) -> YAMLNode? {
        mapping?.first { $0.key.scalarText == key }?.value
    }
}

// MARK: - Core schema

extension YAMLNode {
    /// Whether the node is null under the YAML 1.2 core schema: a plain `null`, `Null`, `NULL`, `~` or
    /// empty scalar (as in `key:` with nothing after it), or one tagged `!!null`.
    public var isNull: Bool {
        coreSchemaText(tag: "null").map(YAMLCoreSchema.isNull) ?? false
    }

    /// The boolean a plain `true`/`True`/`TRUE`/`false`/`False`/`FALSE` (or a `!!bool` scalar) denotes.
    public var bool: Bool? {
        coreSchemaText(tag: "bool").flatMap(YAMLCoreSchema.bool)
    }

    /// The integer a plain decimal, `0x` hexadecimal or `0o` octal scalar (optionally signed), or a
    /// `!!int` scalar, denotes; nil when it does not fit in `Int`.
    public var int: Int? {
        coreSchemaText(tag: "int").flatMap(YAMLCoreSchema.int)
    }

    /// The number a plain float (`1.5`, `1e-7`, `.inf`, `-.inf`, `.nan`) or integer scalar, or a
    /// `!!float`/`!!int` scalar, denotes.
    public var double: Double? {
        (coreSchemaText(tag: "float") ?? coreSchemaText(tag: "int")).flatMap(YAMLCoreSchema.double)
    }

    /// Any scalar's text: under the core schema every scalar can be read as a string.
    public var string: String? { scalarText }

    /// The text to type, when the scalar is open to core-schema resolution as `tag`.
    ///
    /// An untagged plain scalar is resolved from its text; a quoted or block one is always a string;
    /// an explicit core tag (`!!int "3"`) decides on its own, whatever the style.
    private func coreSchemaText(tag: String) -> String? {
        guard let scalar else { return nil }
        switch scalar.tag {
        case nil: return scalar.style == .plain ? scalar.text : nil
        case YAMLCoreSchema.tagPrefix + tag: return scalar.text
        default: return nil
        }
    }
}
