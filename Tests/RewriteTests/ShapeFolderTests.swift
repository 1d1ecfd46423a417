import PythonAST
import Rewrite
import Testing

/// The engine folds the Python Lambdas compute on shapes and on build-time constants, where the
/// inputs' static shapes decide it (here x is (None, 4, 3)); the batch size stays symbolic, and a
/// condition on tensor values stays a conditional no rule rewrites.
@Suite struct ShapeFolderTests {
    static let batch = "slice(shape(x), begin=(0,), end=(1,), strides=(1,), shrink_axis_mask=1)"

    static var vocabulary: Vocabulary {
        var vocabulary = FixpointEngineTests.vocabulary
        for name in ["shape", "slice", "reduce_sum", "greater", "floor", "ceil"] {
            vocabulary.coreOps[name] = Signature(
                parameters: [.init(name: "a", defaultValue: nil, isVariadic: true)], positionalCount: 0)
        }
        return vocabulary
    }

    static func run(_ lambda: String) throws -> RewriteResult {
        guard case .lambda(let parameters, let body) = try ExpressionParser.parse(lambda) else {
            throw PythonSyntaxError("not a lambda", line: 1, column: 1)
        }
        // Built as a rule's rewrite would be, so that `shape(x)` and `slice(...)` are the core ops.
        let builder = PatternBuilder(vocabulary: vocabulary, mode: .rewrite, variables: Set(parameters.map(\.name)))
        let graph = TermGraph()
        let root = try #require(builder.build(body).instantiate(in: graph))
        return FixpointEngine(
            rules: RuleSet([]), vocabulary: vocabulary, graph: graph, variableShapes: ["x": [nil, 4, 3]]
        ).run(root)
    }

    @Test(arguments: [
        ("lambda x: slice(shape(x), begin=(1,), end=(3,), strides=(1,))", "(4, 3)"),
        ("lambda x: slice(shape(x), begin=(-1,), end=(0,), strides=(1,), shrink_axis_mask=1)", "3"),
        ("lambda x: slice(shape(x), begin=(1,), end=(2,), strides=(1,), shrink_axis_mask=1) // 2 * 3", "6"),
        ("lambda x: \(batch)", batch),
        ("lambda x: (None, 2, 3, 4).as_list()[1:]", "(2, 3, 4)"),
        ("lambda x: (1, 2, 3, 4)[::-2]", "(4, 2)"),
        ("lambda x: [1, 2, 3][-2:]", "[2, 3]"),
        ("lambda x: x * 2.0 if 0 < 2 <= 3 else x", "mul(x, 2.0)"),
        ("lambda x: x if 'max' in ('sum', 'mean') else x * 2.0", "mul(x, 2.0)"),
        ("lambda x: x if None is None else x * 2.0", "x"),
        ("lambda x: x if 1 is not None and 0 else x * 2.0", "mul(x, 2.0)"),
        // floor and ceil of a number are whole numbers that can index (tf.image.central_crop's rule).
        ("lambda x: floor((4 - 4 * 0.3) / 2)", "1"),
        ("lambda x: ceil(2.5)", "3"),
        ("lambda x: floor(-0.5)", "-1"),
    ])
    func foldsWhatShapesAndConstantsDecide(start: String, goal: String) throws {
        let result = try Self.run(start)
        #expect(result.text(result.root) == goal)
    }

    /// A range that reads the batch size stays a slice (a reshape to `[tf.shape(x)[0], -1, 2]` is
    /// checked end to end by the static_python fixtures).
    @Test(arguments: [
        "lambda x: slice(shape(x), begin=(0,), end=(2,), strides=(1,))",
        // An unknown size (the batch here) is never folded to a number, even scaled.
        "lambda x: slice(shape(x), begin=(0,), end=(2,), strides=(1,)) * 2",
    ])
    func leavesWhatShapesDoNotDecide(start: String) throws {
        let result = try Self.run(start)
        #expect(result.text(result.root).contains("shape(x)"))
    }

    @Test func aConditionOnTensorValuesStays() throws {
        let result = try Self.run("lambda x: x * 2.0 if greater(reduce_sum(x), 0) else x")
        #expect(result.text(result.root) == "py.if(greater(reduce_sum(x), 0), mul(x, 2.0), x)")
    }
}
