/// One libyaml parse event, copied out of C memory so the tree builder never touches C types.
enum YAMLEvent {
    enum CollectionKind {
        case sequence
        case mapping
    }

    case streamStart
    case streamEnd
    case documentStart(YAMLMark)
    case documentEnd
    /// `*name`: a reference to an anchored node.
    case alias(String, YAMLMark)
    case scalar(YAMLScalar, anchor: String?)
    /// Collection tags are dropped: the rule-file schema has no use for them.
    case collectionStart(CollectionKind, anchor: String?, mark: YAMLMark)
    case collectionEnd
}
