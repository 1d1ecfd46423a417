import CoreOps

extension ONNXLowering {
    /// An op that is one ONNX node of its operands.
    static func direct(_ op: String) -> Lowering {
        { lowering, node, operands, name throws(ONNXConversionError) in
            lowering.builder.node(op, operands, name: name, shape: nil)
        }
    }

    /// A comparison: ONNX gives booleans, the core op 1.0 / 0.0.
    static func comparison(_ op: String, negated: Bool = false) -> Lowering {
        { lowering, node, operands, name throws(ONNXConversionError) in
            var result = lowering.builder.node(op, operands, name: name + "_bool", shape: nil)
            if negated { result = lowering.builder.node("Not", [result], name: name + "_not", shape: nil) }
            return lowering.builder.floatFromBool(result, name: name)
        }
    }

    static let elementwiseLowerings: [(String, Lowering)] = [
        ("add", direct("Add")), ("sub", direct("Sub")), ("mul", direct("Mul")), ("div", direct("Div")),
        ("pow", direct("Pow")), ("maximum", direct("Max")), ("minimum", direct("Min")),
        ("less", comparison("Less")), ("less_equal", comparison("LessOrEqual")), ("greater", comparison("Greater")),
        ("greater_equal", comparison("GreaterOrEqual")), ("equal", comparison("Equal")),
        ("not_equal", comparison("Equal", negated: true)),
        (
            "select",
            { lowering, node, operands, name throws(ONNXConversionError) in
                let condition = lowering.builder.node(
                    "Cast", [operands[0]], name: name + "_condition", shape: nil,
                    [ONNXAttribute.int("to", Int(ONNXElementType.bool))])
                return lowering.builder.node("Where", [condition, operands[1], operands[2]], name: name, shape: nil)
            }
        ),
    ]

    static let unaryLowerings: [(String, Lowering)] = [
        ("neg", direct("Neg")), ("sqrt", direct("Sqrt")), ("reciprocal", direct("Reciprocal")), ("exp", direct("Exp")),
        ("log", direct("Log")), ("abs", direct("Abs")), ("sin", direct("Sin")), ("cos", direct("Cos")),
        ("tanh", direct("Tanh")), ("sigmoid", direct("Sigmoid")), ("relu", direct("Relu")),
        ("softplus", direct("Softplus")), ("softsign", direct("Softsign")), ("erf", direct("Erf")),
        ("floor", direct("Floor")), ("ceil", direct("Ceil")), ("round", direct("Round")), ("sign", direct("Sign")),
        (
            "rsqrt",
            { lowering, node, operands, name throws(ONNXConversionError) in
                let root = lowering.builder.node("Sqrt", operands, name: name + "_sqrt", shape: nil)
                return lowering.builder.node("Reciprocal", [root], name: name, shape: nil)
            }
        ),
        (
            "square",
            { lowering, _, operands, name throws(ONNXConversionError) in
                lowering.builder.node("Mul", [operands[0], operands[0]], name: name, shape: nil)
            }
        ),
        (
            "relu6",
            { lowering, _, operands, name throws(ONNXConversionError) in
                lowering.builder.node(
                    "Clip", [operands[0], lowering.builder.scalar(0), lowering.builder.scalar(6)], name: name,
                    shape: nil)
            }
        ),
        (
            "clip",
            { lowering, node, operands, name throws(ONNXConversionError) in
                let attributes = lowering.attributes(node)
                let (low, high) = (try attributes.float("min"), try attributes.float("max"))
                return lowering.builder.node(
                    "Clip", [operands[0], lowering.builder.scalar(low), lowering.builder.scalar(high)], name: name,
                    shape: nil)
            }
        ),
        (
            "elu",
            { lowering, node, operands, name throws(ONNXConversionError) in
                let alpha = try lowering.attributes(node).float("alpha")
                return lowering.builder.node(
                    "Elu", operands, name: name, shape: nil, [ONNXAttribute.float("alpha", alpha)])
            }
        ),
        (
            "leaky_relu",
            { lowering, node, operands, name throws(ONNXConversionError) in
                let alpha = try lowering.attributes(node).float("alpha")
                return lowering.builder.node(
                    "LeakyRelu", operands, name: name, shape: nil, [ONNXAttribute.float("alpha", alpha)])
            }
        ),
        (
            "hard_sigmoid",
            { lowering, node, operands, name throws(ONNXConversionError) in
                // The node's own slope: 0.2 from Keras 2's rules, 1/6 from Keras 3's.
                let attributes = lowering.attributes(node)
                let (slope, offset) = (try attributes.float("slope"), try attributes.float("offset"))
                return lowering.builder.node(
                    "HardSigmoid", operands, name: name, shape: nil,
                    [ONNXAttribute.float("alpha", slope), ONNXAttribute.float("beta", offset)])
            }
        ),
        (
            "swish",
            { lowering, _, operands, name throws(ONNXConversionError) in
                let gate = lowering.builder.node("Sigmoid", operands, name: name + "_sigmoid", shape: nil)
                return lowering.builder.node("Mul", [operands[0], gate], name: name, shape: nil)
            }
        ),
        (
            "gelu",
            { lowering, node, operands, name throws(ONNXConversionError) in
                let approximate = try lowering.attributes(node).bool("approximate")
                return ONNXActivations.gelu(operands[0], approximate: approximate, name: name, &lowering.builder)
            }
        ),
        (
            "cast",
            { lowering, node, operands, name throws(ONNXConversionError) in
                let dtype = try lowering.attributes(node).string("dtype")
                if dtype.hasPrefix("float") {
                    return lowering.builder.node("Identity", operands, name: name, shape: nil)
                }
                // Integers truncate toward zero, bool is 1.0 for non-zero; the result stays a float tensor.
                let target = dtype == "bool" ? ONNXElementType.bool : ONNXElementType.int64
                let converted = lowering.builder.node(
                    "Cast", operands, name: name + "_" + dtype, shape: nil, [ONNXAttribute.int("to", Int(target))])
                return lowering.builder.floatFromBool(converted, name: name)
            }
        ),
    ]
}
