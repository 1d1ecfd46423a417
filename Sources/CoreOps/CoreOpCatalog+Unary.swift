import Foundation

/// Elementwise functions of one tensor: arithmetic, activations, rounding, `clip` and `cast`.
extension CoreOpCatalog {
    static let unaryOps: [CoreOp] = [
        simple("neg", "-x.") { -$0 },
        simple("sqrt", "Square root; nan below zero.") { $0.squareRoot() },
        simple("rsqrt", "1 / sqrt(x).") { 1 / $0.squareRoot() },
        simple("reciprocal", "1 / x.") { 1 / $0 },
        simple("exp", "e ** x.") { Foundation.exp($0) },
        simple("log", "Natural logarithm; -inf at zero, nan below.") { Foundation.log($0) },
        simple("abs", "|x|.") { Swift.abs($0) },
        simple("sin", "Sine.") { Foundation.sin($0) },
        simple("cos", "Cosine.") { Foundation.cos($0) },
        simple("tanh", "Hyperbolic tangent.") { Foundation.tanh($0) },
        simple("sigmoid", "1 / (1 + exp(-x)).", sigmoid),
        simple("relu", "max(x, 0).") { $0 > 0 ? $0 : 0 },
        simple("relu6", "min(max(x, 0), 6).") { Swift.min(Swift.max($0, 0), 6) },
        unary("elu", "x if x > 0, else alpha * (exp(x) - 1).", [.float("alpha", 1.0)]) {
            attributes throws(CoreOpError) in
            let alpha = try attributes.float("alpha")
            return { $0 > 0 ? $0 : alpha * Foundation.expm1($0) }
        },
        simple("softplus", "log(1 + exp(x)), computed without overflow.") {
            Swift.max($0, 0) + Foundation.log1p(Foundation.exp(-Swift.abs($0)))
        },
        simple("softsign", "x / (1 + |x|).") { $0 / (1 + Swift.abs($0)) },
        unary("leaky_relu", "x if x > 0, else alpha * x.", [.float("alpha", 0.2)]) { attributes throws(CoreOpError) in
            let alpha = try attributes.float("alpha")
            return { $0 > 0 ? $0 : alpha * $0 }
        },
        unary(
            "hard_sigmoid",
            "max(0, min(1, slope * x + offset)); Keras 2 uses slope 0.2, Keras 3 slope 1/6.",
            [.float("slope", 0.2), .float("offset", 0.5)]
        ) { attributes throws(CoreOpError) in
            let slope = try attributes.float("slope")
            let offset = try attributes.float("offset")
            return { Swift.max(0, Swift.min(1, slope * $0 + offset)) }
        },
        simple("swish", "x * sigmoid(x) (also called silu).") { $0 * sigmoid($0) },
        unary(
            "gelu", "x * Phi(x) with the normal CDF Phi; with approximate, TensorFlow's tanh form.",
            [.bool("approximate", false)]
        ) { attributes throws(CoreOpError) in
            try attributes.bool("approximate") ? approximateGELU : exactGELU
        },
        simple("erf", "The error function.") { Foundation.erf($0) },
        simple("floor", "Round toward -inf.") { $0.rounded(.down) },
        simple("ceil", "Round toward +inf.") { $0.rounded(.up) },
        simple("round", "Round half to even, as tf.round (2.5 -> 2, 3.5 -> 4).") { $0.rounded(.toNearestOrEven) },
        simple("sign", "-1, 0 or 1 by the sign of x; nan stays nan.") { $0 > 0 ? 1 : $0 < 0 ? -1 : $0 },
        simple("square", "x * x.") { $0 * $0 },
        unary(
            "clip", "min(max(x, min), max), as tf.clip_by_value.",
            [.required("min", .float), .required("max", .float)]
        ) { attributes throws(CoreOpError) in
            let low = try attributes.float("min")
            let high = try attributes.float("max")
            return { Swift.min(Swift.max($0, low), high) }
        },
        unary(
            "cast",
            "Converts to dtype: float types keep the value (the reference runs in double precision), "
                + "integer types truncate toward zero, bool gives 1.0 for non-zero and 0.0 for zero.",
            [.required("dtype", .enumeration(castTypes))]
        ) { attributes throws(CoreOpError) in
            let dtype = try attributes.string("dtype")
            if dtype == "bool" { return { $0 != 0 ? 1 : 0 } }
            if dtype.hasPrefix("float") { return { $0 } }
            return { $0.rounded(.towardZero) }
        },
    ]

    /// The dtypes `cast` accepts.
    static let castTypes = ["float16", "float32", "float64", "int8", "int16", "int32", "int64", "uint8", "bool"]

    /// An op applying the function `make` builds to each element; `make` reads the attributes
    /// once, not per element.
    private static func unary(
        _ name: String, _ summary: String, _ attributes: [AttributeSpec] = [],
        _ make: @escaping @Sendable (AttributeReader) throws(CoreOpError) -> @Sendable (Double) -> Double
    ) -> CoreOp {
        CoreOp(
            name: name, summary: summary, operands: .fixed(1), attributes: attributes,
            shape: { shapes, _ throws(CoreOpError) in shapes[0] },
            evaluate: { operands, attributes throws(CoreOpError) in operands[0].map(try make(attributes)) }
        )
    }

    /// An op applying `function` to each element, with no attributes.
    private static func simple(
        _ name: String, _ summary: String, _ function: @escaping @Sendable (Double) -> Double
    ) -> CoreOp {
        unary(name, summary) { _ throws(CoreOpError) in function }
    }

    /// The logistic function, without overflow for large |x|.
    @Sendable static func sigmoid(_ x: Double) -> Double {
        if x >= 0 { return 1 / (1 + Foundation.exp(-x)) }
        let e = Foundation.exp(x)
        return e / (1 + e)
    }

    @Sendable private static func exactGELU(_ x: Double) -> Double {
        0.5 * x * (1 + Foundation.erf(x / 2.0.squareRoot()))
    }

    @Sendable private static func approximateGELU(_ x: Double) -> Double {
        let inner = (2 / Double.pi).squareRoot() * (x + 0.044715 * x * x * x)
        return 0.5 * x * (1 + Foundation.tanh(inner))
    }
}
