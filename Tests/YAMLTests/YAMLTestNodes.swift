import YAML

/// Short constructors for expected trees, so a table row reads like the YAML it stands for.
enum YAMLTestNodes {
    static func mark(_ line: Int, _ column: Int) -> YAMLMark {
        YAMLMark(line: line, column: column)
    }

    static func scalar(
        _ text: String, _ line: Int, _ column: Int, _ style: YAMLScalar.Style = .plain, tag: String? = nil
    ) -> YAMLNode {
        .scalar(YAMLScalar(text, style: style, mark: mark(line, column), tag: tag))
    }

    static func sequence(_ line: Int, _ column: Int, _ items: [YAMLNode]) -> YAMLNode {
        .sequence(items, mark(line, column))
    }

    static func mapping(_ line: Int, _ column: Int, _ pairs: [(YAMLNode, YAMLNode)]) -> YAMLNode {
        .mapping(pairs.map { YAMLPair(key: $0.0, value: $0.1) }, mark(line, column))
    }
}
