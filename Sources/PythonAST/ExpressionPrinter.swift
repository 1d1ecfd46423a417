extension Expression {
    /// Valid Python source for the expression, with only the parentheses it needs.
    ///
    /// `parse(expression.source) == expression` for every tree the parser can produce.
    public var source: String {
        var printer = ExpressionPrinter()
        printer.write(self, at: .lambda)
        return printer.text
    }

    /// The source as a message quotes it: a constant longer than `maximumValueLength` characters
    /// is cut (`'aaaa...'`), and a display of more than `maximumItems` items shows its first ones
    /// then `...`, so that a Lambda holding a 1 MB string or a million-element tuple cannot flood
    /// an error message or a report. Meant for people, not for parsing back.
    public func abbreviatedSource(maximumValueLength: Int = 200, maximumItems: Int = 16) -> String {
        var printer = ExpressionPrinter()
        printer.limits = ExpressionPrinter.Limits(valueLength: maximumValueLength, items: maximumItems)
        printer.write(self, at: .lambda)
        return printer.text
    }

    /// The precedence level this expression binds at when printed.
    var precedence: Precedence {
        switch self {
        case .lambda: return .lambda
        case .conditional: return .conditional
        case .boolean(let op, _): return op == .or ? .or : .and
        case .unary(.not, _): return .not
        case .compare: return .comparison
        case .binary(let op, _, _): return Precedence(op)
        case .unary: return .unary
        case .constant(let constant): return constant.isNegativeNumber ? .unary : .atom
        case .call, .attribute, .subscription: return .primary
        case .starred: return .bitOr
        case .name, .tuple, .list, .set, .dict, .slice, .metavariable: return .atom
        }
    }
}

struct ExpressionPrinter {
    /// How much of long constants and displays an abbreviated printing keeps.
    struct Limits {
        var valueLength: Int
        var items: Int
    }

    var text = ""
    /// Nil prints everything (valid Python source); set, long values are cut.
    var limits: Limits?

    mutating func write(_ expression: Expression, at required: Precedence) {
        let parenthesize = expression.precedence < required
        if parenthesize { text += "(" }
        writeBare(expression)
        if parenthesize { text += ")" }
    }

    private mutating func writeBare(_ expression: Expression) {
        switch expression {
        case .name(let name): text += name
        case .metavariable(let name): text += "$" + name
        case .constant(let constant): text += abbreviated(constant.source)
        case .attribute(let base, let name):
            if case .constant(.int) = base { text += "(" + base.source + ")" } else { write(base, at: .primary) }
            text += "." + name
        case .call(let function, let arguments):
            write(function, at: .primary)
            text += "("
            writeList(arguments) { printer, argument in printer.writeArgument(argument) }
            text += ")"
        case .binary(let op, let left, let right):
            let level = Precedence(op)
            write(left, at: op == .power ? .primary : level)
            text += " \(op.rawValue) "
            write(right, at: op == .power ? .unary : Precedence(rawValue: level.rawValue + 1)!)
        case .unary(let op, let operand):
            text += op == .not ? "not " : op.rawValue
            write(operand, at: op == .not ? .not : .unary)
        case .compare(let first, let comparisons):
            write(first, at: .bitOr)
            for comparison in comparisons {
                text += " \(comparison.op.rawValue) "
                write(comparison.right, at: .bitOr)
            }
        case .boolean(let op, let operands):
            for (index, operand) in operands.enumerated() {
                if index > 0 { text += " \(op.rawValue) " }
                write(operand, at: op == .or ? .and : .not)
            }
        case .conditional(let test, let body, let orElse):
            write(body, at: .or)
            text += " if "
            write(test, at: .or)
            text += " else "
            write(orElse, at: .conditional)
        case .tuple(let items):
            text += "("
            writeTupleItems(items)
            text += ")"
        case .list(let items):
            text += "["
            writeList(items) { printer, item in printer.write(item, at: .conditional) }
            text += "]"
        case .set(let items):
            if items.isEmpty {
                text += "set()"
            } else {
                text += "{"
                writeList(items) { printer, item in printer.write(item, at: .conditional) }
                text += "}"
            }
        case .dict(let entries):
            text += "{"
            writeList(entries) { printer, entry in
                if let key = entry.key {
                    printer.write(key, at: .conditional)
                    printer.text += ": "
                    printer.write(entry.value, at: .conditional)
                } else {
                    printer.text += "**"
                    printer.write(entry.value, at: .bitOr)
                }
            }
            text += "}"
        case .subscription(let base, let index):
            write(base, at: .primary)
            text += "["
            if case .tuple(let items) = index, !items.isEmpty { writeTupleItems(items) } else { writeIndex(index) }
            text += "]"
        case .slice(let lower, let upper, let step):
            if let lower { write(lower, at: .conditional) }
            text += ":"
            if let upper { write(upper, at: .conditional) }
            if let step {
                text += ":"
                write(step, at: .conditional)
            }
        case .starred(let value):
            text += "*"
            write(value, at: .bitOr)
        case .lambda(let parameters, let body):
            text += parameters.isEmpty ? "lambda" : "lambda "
            writeParameters(parameters)
            text += ": "
            write(body, at: .lambda)
        }
    }

    private mutating func writeIndex(_ index: Expression) {
        if case .slice = index { writeBare(index) } else { write(index, at: .conditional) }
    }

    private mutating func writeTupleItems(_ items: [Expression]) {
        writeList(items) { printer, item in printer.writeIndex(item) }
        if items.count == 1 { text += "," }
    }

    mutating func writeArgument(_ argument: Argument) {
        switch argument {
        case .positional(let value): write(value, at: .lambda)
        case .keyword(let name, let value):
            text += name + "="
            write(value, at: .lambda)
        case .starred(let value):
            text += "*"
            write(value, at: .conditional)
        case .doubleStarred(let value):
            text += "**"
            write(value, at: .conditional)
        }
    }

    mutating func writeParameters(_ parameters: [Parameter]) {
        var wroteStar = false
        writeList(parameters) { printer, parameter in
            switch parameter.kind {
            case .positional: break
            case .varArgs:
                printer.text += "*"
                wroteStar = true
            case .keywordOnly:
                if !wroteStar {
                    printer.text += "*, "
                    wroteStar = true
                }
            case .varKeywords: printer.text += "**"
            }
            printer.text += parameter.name
            if let value = parameter.defaultValue {
                printer.text += "="
                printer.write(value, at: .conditional)
            }
        }
    }

    private mutating func writeList<T>(_ items: [T], _ writeItem: (inout ExpressionPrinter, T) -> Void) {
        let shown = limits.map { min(items.count, $0.items) } ?? items.count
        for (index, item) in items.prefix(shown).enumerated() {
            if index > 0 { text += ", " }
            writeItem(&self, item)
        }
        if shown < items.count { text += ", ... (\(items.count) items)" }
    }

    /// A constant's source, cut to the limit with `...` before its closing quote.
    private func abbreviated(_ source: String) -> String {
        guard let limits, source.count > limits.valueLength else { return source }
        let quote = source.last.flatMap { $0 == "'" || $0 == "\"" ? String($0) : nil } ?? ""
        return source.prefix(max(limits.valueLength - 3 - quote.count, 1)) + "..." + quote
    }
}
