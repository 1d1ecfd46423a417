internal import CYAML

/// Runs libyaml's event parser over a text and hands each event, as a Swift value, to a consumer.
///
/// This is the module's only contact with libyaml's parser: the parser and every event are freed
/// here on every path, including when the consumer throws.
enum YAMLEventReader {
    /// Parses `text` and passes its events, in order, to `consume`.
    /// - Throws: libyaml's syntax error (with its one-based mark), or whatever `consume` throws.
    static func read(
        _ text: String, _ consume: (YAMLEvent) throws(YAMLError) -> Void
    ) throws(YAMLError) {
        // libyaml's string reader keeps a pointer to the parser itself, so it must not move.
        let parser = UnsafeMutablePointer<yaml_parser_t>.allocate(capacity: 1)
        defer { parser.deallocate() }
        guard yaml_parser_initialize(parser) == 1 else {
            throw YAMLError("libyaml could not allocate a parser", mark: YAMLMark(line: 1, column: 1))
        }
        defer { yaml_parser_delete(parser) }

        // The terminator keeps the buffer non-empty: libyaml rejects a null input pointer.
        let bytes = Array(text.utf8) + [0]
        try bytes.withUnsafeBufferPointer { (buffer) throws(YAMLError) in
            guard let base = buffer.baseAddress else { return }
            yaml_parser_set_input_string(parser, base, buffer.count - 1)
            var finished = false
            while !finished {
                var event = yaml_event_t()
                guard yaml_parser_parse(parser, &event) == 1 else {
                    throw error(of: parser.pointee, in: text)
                }
                defer { yaml_event_delete(&event) }
                finished = event.type == YAML_STREAM_END_EVENT
                if let converted = convert(event) { try consume(converted) }
            }
        }
    }

    /// The Swift form of `event`; nil for the empty event, which libyaml never returns on success.
    private static func convert(_ event: yaml_event_t) -> YAMLEvent? {
        let mark = mark(event.start_mark)
        switch event.type {
        case YAML_STREAM_START_EVENT: return .streamStart
        case YAML_STREAM_END_EVENT: return .streamEnd
        case YAML_DOCUMENT_START_EVENT: return .documentStart(mark)
        case YAML_DOCUMENT_END_EVENT: return .documentEnd
        case YAML_ALIAS_EVENT: return .alias(string(event.data.alias.anchor) ?? "", mark)
        case YAML_SCALAR_EVENT:
            let data = event.data.scalar
            let text = data.value.map {
                String(decoding: UnsafeBufferPointer(start: $0, count: data.length), as: UTF8.self)
            }
            let scalar = YAMLScalar(text ?? "", style: style(data.style), mark: mark, tag: string(data.tag))
            return .scalar(scalar, anchor: string(data.anchor))
        case YAML_SEQUENCE_START_EVENT:
            return .collectionStart(.sequence, anchor: string(event.data.sequence_start.anchor), mark: mark)
        case YAML_MAPPING_START_EVENT:
            return .collectionStart(.mapping, anchor: string(event.data.mapping_start.anchor), mark: mark)
        case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT: return .collectionEnd
        default: return nil
        }
    }

    private static func style(_ style: yaml_scalar_style_t) -> YAMLScalar.Style {
        switch style {
        case YAML_SINGLE_QUOTED_SCALAR_STYLE: .singleQuoted
        case YAML_DOUBLE_QUOTED_SCALAR_STYLE: .doubleQuoted
        case YAML_LITERAL_SCALAR_STYLE: .literal
        case YAML_FOLDED_SCALAR_STYLE: .folded
        default: .plain
        }
    }

    /// libyaml's marks are zero-based.
    private static func mark(_ mark: yaml_mark_t) -> YAMLMark {
        YAMLMark(line: Int(mark.line) + 1, column: Int(mark.column) + 1)
    }

    private static func string(_ pointer: UnsafeMutablePointer<yaml_char_t>?) -> String? {
        pointer.map { String(cString: $0) }
    }

    /// The parser's failure as a ``YAMLError``: the problem, where it is, and what libyaml was doing.
    private static func error(of parser: yaml_parser_t, in text: String) -> YAMLError {
        let problem = parser.problem.map { String(cString: $0) } ?? "libyaml failed without saying why"
        switch parser.error {
        case YAML_MEMORY_ERROR:
            return YAMLError("libyaml ran out of memory", mark: mark(parser.mark))
        case YAML_READER_ERROR:
            // Reader errors carry a byte offset and the offending value instead of a mark.
            let position = YAMLSourceText(text: text).mark(atByteOffset: Int(parser.problem_offset))
            let value = parser.problem_value == -1 ? "" : " (#x\(String(parser.problem_value, radix: 16)))"
            return YAMLError(problem + value, mark: position)
        default:
            var message = problem
            if let context = parser.context.map({ String(cString: $0) }) {
                message += " (\(context) at line \(parser.context_mark.line + 1), "
                message += "column \(parser.context_mark.column + 1))"
            }
            return YAMLError(message, mark: mark(parser.problem_mark))
        }
    }
}
