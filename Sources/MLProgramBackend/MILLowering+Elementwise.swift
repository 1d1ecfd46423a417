import CoreOps

extension MILLowering {
    /// An op that is one MIL operation of its operands bound to `x` (and `y`).
    static func direct(_ type: String) -> Lowering {
        { lowering, _, operands, shape, name throws(MLProgramConversionError) in
            var inputs = ["x": operands[0]]
            if operands.count > 1 { inputs["y"] = operands[1] }
            return lowering.builder.op(type, inputs, name: name, shape: shape)
        }
    }

    /// A unary MIL operation with float parameters read from the node's attributes.
    static func withFloats(_ type: String, _ parameters: [(String, String)]) -> Lowering {
        { lowering, node, operands, shape, name throws(MLProgramConversionError) in
            var inputs = ["x": operands[0]]
            for (parameter, attribute) in parameters {
                inputs[parameter] = lowering.builder.scalar(try lowering.attributes(node).float(attribute))
            }
            return lowering.builder.op(type, inputs, name: name, shape: shape)
        }
    }

    /// A comparison: MIL gives booleans, the core op 1.0 / 0.0.
    static func comparison(_ type: String) -> Lowering {
        { lowering, _, operands, shape, name throws(MLProgramConversionError) in
            let result = lowering.builder.op(
                type, ["x": operands[0], "y": operands[1]], name: name + "_bool", shape: shape, dataType: .bool)
            return lowering.floatFromBool(result, shape: shape, name: name)
        }
    }

    /// A bool value as 1.0 / 0.0 in the compute type.
    mutating func floatFromBool(_ value: String, shape: [Int], name: String) -> String {
        builder.op(
            "cast", ["x": value, "dtype": builder.string(builder.precision.dtypeName)], name: name, shape: shape)
    }

    static let elementwiseLowerings: [(String, Lowering)] = [
        ("add", direct("add")), ("sub", direct("sub")), ("mul", direct("mul")), ("div", direct("real_div")),
        ("pow", direct("pow")), ("maximum", direct("maximum")), ("minimum", direct("minimum")),
        ("less", comparison("less")), ("less_equal", comparison("less_equal")), ("greater", comparison("greater")),
        ("greater_equal", comparison("greater_equal")), ("equal", comparison("equal")),
        ("not_equal", comparison("not_equal")),
        (
            "select",
            { lowering, _, operands, shape, name throws(MLProgramConversionError) in
                let condition = lowering.builder.op(
                    "not_equal", ["x": operands[0], "y": lowering.builder.scalar(0)], name: name + "_condition",
                    shape: try lowering.shape(operands[0]), dataType: .bool)
                return lowering.builder.select(condition, operands[1], operands[2], name: name, shape: shape)
            }
        ),
    ]

    static let unaryLowerings: [(String, Lowering)] = [
        ("sqrt", direct("sqrt")), ("exp", direct("exp")), ("abs", direct("abs")), ("sin", direct("sin")),
        ("cos", direct("cos")), ("tanh", direct("tanh")), ("sigmoid", direct("sigmoid")), ("relu", direct("relu")),
        ("relu6", direct("relu6")), ("softplus", direct("softplus")), ("softsign", direct("softsign")),
        ("erf", direct("erf")), ("floor", direct("floor")), ("ceil", direct("ceil")), ("sign", direct("sign")),
        ("swish", direct("silu")), ("square", direct("square")),
        ("elu", withFloats("elu", [("alpha", "alpha")])),
        ("leaky_relu", withFloats("leaky_relu", [("alpha", "alpha")])),
        ("hard_sigmoid", withFloats("sigmoid_hard", [("alpha", "slope"), ("beta", "offset")])),
        ("clip", withFloats("clip", [("alpha", "min"), ("beta", "max")])),
        (
            "neg",
            { lowering, _, operands, shape, name throws(MLProgramConversionError) in
                lowering.builder.op(
                    "mul", ["x": operands[0], "y": lowering.builder.scalar(-1)], name: name, shape: shape)
            }
        ),
        (
            "reciprocal",
            { lowering, _, operands, shape, name throws(MLProgramConversionError) in
                // `inverse` adds an epsilon; a division is exact.
                lowering.builder.op(
                    "real_div", ["x": lowering.builder.scalar(1), "y": operands[0]], name: name, shape: shape)
            }
        ),
        (
            "rsqrt",
            { lowering, _, operands, shape, name throws(MLProgramConversionError) in
                let root = lowering.builder.op("sqrt", ["x": operands[0]], name: name + "_sqrt", shape: shape)
                return lowering.builder.op(
                    "real_div", ["x": lowering.builder.scalar(1), "y": root], name: name, shape: shape)
            }
        ),
        (
            "log",
            { lowering, _, operands, shape, name throws(MLProgramConversionError) in
                // `log` adds its epsilon to x: zero keeps TensorFlow's -inf at zero.
                lowering.builder.op(
                    "log", ["x": operands[0], "epsilon": lowering.builder.scalar(0)], name: name, shape: shape)
            }
        ),
        (
            "gelu",
            { lowering, node, operands, shape, name throws(MLProgramConversionError) in
                let mode = try lowering.attributes(node).bool("approximate") ? "TANH_APPROXIMATION" : "EXACT"
                return lowering.builder.op(
                    "gelu", ["x": operands[0], "mode": lowering.builder.string(mode)], name: name, shape: shape)
            }
        ),
        ("cast", cast),
    ]

    /// `cast` to a float type changes nothing (values stay in the compute type); to an integer it
    /// truncates toward zero (sign(x) * floor(|x|)); to bool it gives 1.0 for non-zero.
    static let cast: Lowering = { lowering, node, operands, shape, name throws(MLProgramConversionError) in
        let dtype = try lowering.attributes(node).string("dtype")
        let x = operands[0]
        if dtype.hasPrefix("float") { return lowering.builder.op("identity", ["x": x], name: name, shape: shape) }
        if dtype == "bool" {
            let truth = lowering.builder.op(
                "not_equal", ["x": x, "y": lowering.builder.scalar(0)], name: name + "_bool", shape: shape,
                dataType: .bool)
            return lowering.floatFromBool(truth, shape: shape, name: name)
        }
        let magnitude = lowering.builder.op("abs", ["x": x], name: name + "_abs", shape: shape)
        let whole = lowering.builder.op("floor", ["x": magnitude], name: name + "_floor", shape: shape)
        let sign = lowering.builder.op("sign", ["x": x], name: name + "_sign", shape: shape)
        return lowering.builder.op("mul", ["x": sign, "y": whole], name: name, shape: shape)
    }
}
