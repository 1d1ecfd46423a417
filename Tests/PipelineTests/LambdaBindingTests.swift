import JSON
import KerasModel
import PythonAST
import Testing

@testable import Pipeline

/// How a function's parameters, closure cells and globals meet a layer.
@Suite struct LambdaBindingTests {
    static func function(_ source: String) throws -> FunctionDefinition {
        guard case .lambda(let parameters, let body) = try ExpressionParser.parse(source) else {
            throw InliningError(function: source, message: "not a lambda")
        }
        return .lambda(parameters: parameters, result: body)
    }

    @Test func closureCellsAndDefaults() throws {
        var lambda = LambdaFunction(payload: .tfOp("unused"))
        lambda.closure = [0.5]
        lambda.defaults = [2.0]
        let binding = try LambdaBinding(
            function: try Self.function("lambda x, axis, scale: K.mean(x * factor, axis=axis) * scale + bias"),
            lambda: lambda, freeVariables: ["factor"], inputCount: 1, defines: [:])
        #expect(
            binding.parameters.map(\.source) == [.inputs(count: 1), .missing, .defaultValue(.constant(.float(2.0)))])
        #expect(binding.closure.map(\.name) == ["factor"])
        #expect(binding.globals.map(\.name) == ["K", "bias"])
        #expect(binding.missingGlobals == ["bias"])
        #expect(binding.missingParameters == ["axis"])
        #expect(binding.expression == (try ExpressionParser.parse("K.mean(x * 0.5, axis=axis) * 2.0 + bias")))
    }

    /// A library function stored with its module (`Lambda(tf_keras.applications.x.preprocess_input)`)
    /// reads the module's root name: a module, not a global the user must `--define`.
    @Test(arguments: [
        "tf_keras.src.applications.convnext.preprocess_input", "keras_applications.vgg16.preprocess_input",
    ])
    func libraryModulesAreNotMissingGlobals(callee: String) throws {
        let binding = try LambdaBinding(
            function: try Self.function("lambda x: \(callee)(x)"), lambda: LambdaFunction(payload: .tfOp("unused")),
            freeVariables: [], inputCount: 1, defines: [:])
        #expect(binding.missingGlobals == [])
    }

    @Test func argumentsWinOverDefaultsAndTrainingIsFalseAtInference() throws {
        var lambda = LambdaFunction(payload: .tfOp("unused"))
        lambda.arguments = JSONObject(["axis": 2] as KeyValuePairs<String, JSONValue>)
        let binding = try LambdaBinding(
            function: try Self.function(
                "lambda t, axis=1, training=None: K.sum(t[0] * t[1], axis=axis) if training else t[0]"),
            lambda: lambda, freeVariables: [], inputCount: 2, defines: ["unused": .constant(.int(3))])
        #expect(
            binding.parameters.map(\.source) == [
                .inputs(count: 2), .argument(.constant(.int(2))), .inference(.constant(.bool(false))),
            ])
        #expect(binding.expression == (try ExpressionParser.parse("K.sum(t[0] * t[1], axis=2) if False else t[0]")))
    }
}
