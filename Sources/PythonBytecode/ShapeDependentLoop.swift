import PythonAST

/// A `for` loop (or comprehension) whose length the bytecode leaves open but the model decides:
/// `range(K.int_shape(x)[-1])`, `range(1, len(inputs))`, `for t in inputs[1:]`. The decompiler
/// unrolls it once for each length up to ``maximumLength``; the paths meet in a conditional on
/// the length (`K.int_shape(x)[-1] == 3`), which the rewrite decides from the static shapes and
/// the number of a layer's inputs, as it decides an `if`.
struct ShapeDependentLoop: Hashable {
    /// Lengths unrolled, each a path: a longer loop ends in a refusal naming it.
    static let maximumLength = 16

    /// What the loop runs over, as written.
    let iterable: Expression
    /// The loop's length as an expression: the range's stop, or `len(sequence)`.
    let length: Expression
    /// The first item's offset in the range (`range(1, n)` starts at 1); 0 for a sequence.
    let start: Int
    /// What the loop hands out.
    let kind: Kind

    enum Kind: Hashable {
        /// The range's ints.
        case range
        /// The sequence's items, `iterable[i]`.
        case items
        /// `(i, sequence[i])`, for `enumerate(sequence)`.
        case enumerated(Expression)
    }
    /// `for loop` or `list comprehension`, for the refusal.
    let construct: String

    /// Nil for what no length decides: a range whose start or step is not a constant, a step
    /// other than 1, or a display with a starred item.
    init?(_ iterable: Expression, construct: String) {
        self.iterable = iterable
        self.construct = construct
        switch iterable {
        case .call(.name(let name), let arguments) where name == "range" || name == "xrange":
            let bounds = arguments.compactMap { argument -> Expression? in
                if case .positional(let value) = argument { value } else { nil }
            }
            guard bounds.count == arguments.count else { return nil }
            switch bounds.count {
            case 1:
                (start, length) = (0, bounds[0])
            case 2:
                guard case .constant(.int(let first)) = bounds[0], abs(first) < 1 << 20 else { return nil }
                (start, length) = (first, bounds[1])
            default:
                return nil
            }
            kind = .range
        case .call(.name("enumerate"), let arguments):
            // `for i, t in enumerate(inputs)`: pairs of an index and an item.
            guard arguments.count == 1, case .positional(let sequence) = arguments[0], Self.isSequence(sequence)
            else { return nil }
            (start, length) = (0, .call(.name("len"), [.positional(sequence)]))
            kind = .enumerated(sequence)
        default:
            guard Self.isSequence(iterable) else { return nil }
            (start, length) = (0, .call(.name("len"), [.positional(iterable)]))
            kind = .items
        }
    }

    /// A sequence the model may fix the length of: a name (a multi-input layer's list, an
    /// argument), an attribute, or a subscript of one (`inputs[1:]`); not a call, whose result
    /// the loop cannot index.
    private static func isSequence(_ expression: Expression) -> Bool {
        switch expression {
        case .name, .attribute: return true
        case .subscription(let base, _): return isSequence(base)
        default: return false
        }
    }

    /// The test that selects the path of `count` items: `stop == start + count`, or
    /// `len(sequence) == count`.
    func test(count: Int) -> Expression {
        .compare(length, [Comparison(.equal, .constant(.int(start + count)))])
    }

    /// The items of the path of `count` items: the range's ints, or `sequence[i]`.
    func items(count: Int) -> [Expression] {
        (0..<count).map { index in
            switch kind {
            case .range: .constant(.int(start + index))
            case .items: .subscription(iterable, .constant(.int(index)))
            case .enumerated(let sequence):
                .tuple([.constant(.int(index)), .subscription(sequence, .constant(.int(index)))])
            }
        }
    }

    /// What a longer loop gives: a refusal that names it, should the model's shapes choose it.
    var tooLong: Expression {
        let message =
            "\(construct) over \(iterable.source) of more than \(Self.maximumLength) iterations (Delambda unrolls"
            + " at most \(Self.maximumLength) when the length depends on the model)"
        return .call(
            .name(BytecodeDecompiler.raiseMarker),
            [.positional(.call(.name("NotImplementedError"), [.positional(.constant(.string(message)))]))])
    }
}
