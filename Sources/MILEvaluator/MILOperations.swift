import CoreOps
import Foundation

/// One MIL operation's evaluation: its parameters in, its (first) output out, before rounding
/// to the declared element type.
typealias MILOpEvaluation = @Sendable (MILOpContext) throws(MILEvaluationError) -> Tensor

/// The reference evaluations, by MIL operation type, joined from `MILOperations+<Family>.swift`.
enum MILOperations {
    static let table: [String: MILOpEvaluation] = Dictionary(
        elementwise + activations + tensorOps + reductions + spatial + transposedConvolutions,
        uniquingKeysWith: { first, _ in first })

    /// Broadcasting `x` and `y` (NumPy rules), combined value by value.
    static func binary(_ combine: @escaping @Sendable (Double, Double) -> Double) -> MILOpEvaluation {
        { context throws(MILEvaluationError) in
            let (x, y) = (try context.tensor("x"), try context.tensor("y"))
            do { return try Tensor.elementwise(x, y, combine) } catch { throw context.failure("\(error)") }
        }
    }

    /// A function of each value of `x`.
    static func unary(_ transform: @escaping @Sendable (Double) -> Double) -> MILOpEvaluation {
        { context throws(MILEvaluationError) in try context.tensor("x").map(transform) }
    }

    /// A function of each value of `x` with float parameters (their documented defaults given).
    static func parameterized(
        _ parameters: [(String, Double?)], _ make: @escaping @Sendable ([Double]) -> (Double) -> Double
    ) -> MILOpEvaluation {
        { context throws(MILEvaluationError) in
            var values: [Double] = []
            for (key, value) in parameters { values.append(try context.double(key, default: value)) }
            return try context.tensor("x").map(make(values))
        }
    }

    static let elementwise: [(String, MILOpEvaluation)] = [
        ("add", binary(+)), ("sub", binary(-)), ("mul", binary(*)), ("real_div", binary(/)),
        ("pow", binary { Foundation.pow($0, $1) }),
        ("maximum", binary { $0.isNaN || $1.isNaN ? .nan : Swift.max($0, $1) }),
        ("minimum", binary { $0.isNaN || $1.isNaN ? .nan : Swift.min($0, $1) }),
        ("less", binary { $0 < $1 ? 1 : 0 }), ("less_equal", binary { $0 <= $1 ? 1 : 0 }),
        ("greater", binary { $0 > $1 ? 1 : 0 }), ("greater_equal", binary { $0 >= $1 ? 1 : 0 }),
        ("equal", binary { $0 == $1 ? 1 : 0 }), ("not_equal", binary { $0 != $1 ? 1 : 0 }),
        ("sqrt", unary { $0.squareRoot() }), ("exp", unary { Foundation.exp($0) }), ("abs", unary { Swift.abs($0) }),
        ("sin", unary { Foundation.sin($0) }), ("cos", unary { Foundation.cos($0) }),
        ("tanh", unary { Foundation.tanh($0) }), ("erf", unary { Foundation.erf($0) }),
        ("floor", unary { $0.rounded(.down) }), ("ceil", unary { $0.rounded(.up) }),
        ("sign", unary { $0 > 0 ? 1 : $0 < 0 ? -1 : $0 }), ("square", unary { $0 * $0 }),
        ("identity", unary { $0 }),
        // log(x + epsilon), epsilon 1e-45 by default.
        ("log", parameterized([("epsilon", 1e-45)]) { p in { Foundation.log($0 + p[0]) } }),
        (
            "select",
            { context throws(MILEvaluationError) in
                let (condition, a, b) = (try context.tensor("cond"), try context.tensor("a"), try context.tensor("b"))
                do {
                    return try Tensor.elementwise([condition, a, b]) { $0[0] != 0 ? $0[1] : $0[2] }
                } catch { throw context.failure("\(error)") }
            }
        ),
        (
            "fill",
            { context throws(MILEvaluationError) in
                // A tensor of `shape` whose every element is `value` (0 by default).
                let shape = try context.ints("shape")
                let value = try context.double("value", default: 0)
                guard shape.allSatisfy({ $0 >= 0 }) else { throw context.failure("fill: negative size in \(shape)") }
                do {
                    return try Tensor(shape: shape, values: Array(repeating: value, count: shape.reduce(1, *)))
                } catch { throw context.failure("\(error)") }
            }
        ),
        (
            "cast",
            { context throws(MILEvaluationError) in
                // To an integer type the fraction is dropped (toward zero); to bool, non-zero is true.
                let dtype = try context.string("dtype")
                let x = try context.tensor("x")
                switch dtype {
                case "int32", "int64", "int16", "int8", "uint8": return x.map { $0.rounded(.towardZero) }
                case "bool": return x.map { $0 != 0 ? 1 : 0 }
                case "fp16", "fp32", "fp64": return x
                default: throw context.failure("cast to '\(dtype)' is not a MIL dtype")
                }
            }
        ),
    ]

    static let activations: [(String, MILOpEvaluation)] = [
        ("relu", unary { $0 > 0 ? $0 : 0 }), ("relu6", unary { Swift.min(Swift.max($0, 0), 6) }),
        ("sigmoid", unary { 1 / (1 + Foundation.exp(-$0)) }),
        ("softplus", unary { Swift.max($0, 0) + Foundation.log1p(Foundation.exp(-Swift.abs($0))) }),
        ("softsign", unary { $0 / (1 + Swift.abs($0)) }), ("silu", unary { $0 / (1 + Foundation.exp(-$0)) }),
        ("elu", parameterized([("alpha", 1)]) { p in { $0 > 0 ? $0 : p[0] * Foundation.expm1($0) } }),
        ("leaky_relu", parameterized([("alpha", 0.01)]) { p in { $0 >= 0 ? $0 : p[0] * $0 } }),
        (
            "sigmoid_hard",
            parameterized([("alpha", 0.2), ("beta", 0.5)]) { p in { Swift.min(Swift.max(p[0] * $0 + p[1], 0), 1) } }
        ),
        ("clip", parameterized([("alpha", nil), ("beta", nil)]) { p in { Swift.min(Swift.max($0, p[0]), p[1]) } }),
        (
            "gelu",
            { context throws(MILEvaluationError) in
                let mode = try context.string("mode", default: "EXACT")
                let x = try context.tensor("x")
                switch mode {
                case "EXACT": return x.map { 0.5 * $0 * (1 + Foundation.erf($0 / 2.0.squareRoot())) }
                case "TANH_APPROXIMATION":
                    let scale = (2 / Double.pi).squareRoot()
                    return x.map { 0.5 * $0 * (1 + Foundation.tanh(scale * ($0 + 0.044715 * $0 * $0 * $0))) }
                case "SIGMOID_APPROXIMATION": return x.map { $0 / (1 + Foundation.exp(-1.702 * $0)) }
                default: throw context.failure("gelu mode '\(mode)'")
                }
            }
        ),
    ]
}
