/// A lexical token of Python expression source.
struct Token: Equatable {
    enum Kind: Equatable {
        case name(String)
        case number(Constant)
        case string(Constant)
        case metavariable(String)
        case op(String)
        case end
    }

    var kind: Kind
    /// Index of the token's first character in the source's character array.
    var offset: Int
}
