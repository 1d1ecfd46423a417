/// The one table of core ops: the vocabulary rewrite rules produce, lint checks against, numeric
/// rule tests evaluate, and backends lower.
///
/// The table is split by family across `CoreOpCatalog+*.swift`; each family is a list of
/// `CoreOp` values, and this file only joins them and indexes them by name.
public enum CoreOpCatalog {
    /// Every core op, by family: elementwise, unary, reductions, layout, slicing and padding,
    /// image, linear algebra, sources, selection.
    public static let all: [CoreOp] =
        elementwiseOps + unaryOps + reductionOps + layoutOps + indexingOps + imageOps + linearOps + sourceOps
        + selectionOps

    /// The ops by name; its `duplicates` lists a name two ops share (tests require none).
    public static let byName = OpTable(indexing: all, by: \.name)

    /// The op called `name` (`"reduce_mean"`), or nil when there is none.
    public static func op(named name: String) -> CoreOp? {
        byName[name]
    }

    /// Every op's name, in catalog order.
    public static var names: [String] { all.map(\.name) }
}
