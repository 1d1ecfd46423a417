import CoreOps
import Testing

@Suite struct CoreOpCatalogTests {
    /// The ops DESIGN.md promises rules may produce.
    static let required = """
        add sub mul div pow maximum minimum less less_equal greater greater_equal equal not_equal select
        neg sqrt rsqrt reciprocal exp log abs sin cos tanh sigmoid relu relu6 elu softplus softsign leaky_relu
        hard_sigmoid swish gelu erf floor ceil round sign square clip cast
        reduce_sum reduce_mean reduce_max reduce_min reduce_prod reduce_variance softmax l2_normalize
        concat slice reverse reshape transpose expand_dims squeeze tile pad space_to_depth depth_to_space resize
        matmul random_normal shape const
        """.split(whereSeparator: \.isWhitespace).map(String.init)

    @Test(arguments: required)
    func catalogHas(_ name: String) {
        #expect(CoreOpCatalog.op(named: name)?.name == name)
    }

    @Test func namesAreUnique() {
        let names = CoreOpCatalog.names
        #expect(Set(names).count == names.count)
    }

    @Test func unknownNamesAreNotOps() {
        #expect(CoreOpCatalog.op(named: "tensorflow.square") == nil)
        #expect(CoreOpCatalog.op(named: "") == nil)
    }

    @Test(arguments: CoreOpCatalog.names)
    func opIsWellFormed(_ name: String) throws {
        let op = try #require(CoreOpCatalog.op(named: name))
        #expect(!op.summary.isEmpty && !op.summary.contains("\n"))
        #expect(Set(op.attributes.map(\.name)).count == op.attributes.count, "attribute names are unique")
        for attribute in op.attributes {
            if let value = attribute.defaultValue {
                #expect(attribute.canonical(value) == value, "\(attribute.name)'s default is canonical for its kind")
            }
        }
    }

    @Test func ruleTestsRelyOnTheseDefaults() throws {
        // Rule tests print a call without the attributes that equal their default, so these
        // defaults are part of the rule files' contract.
        let defaults: [(String, String, AttributeValue?)] = [
            ("softmax", "axis", .int(-1)), ("l2_normalize", "epsilon", .float(1e-12)), ("l2_normalize", "axis", nil),
            ("reduce_mean", "keepdims", .bool(false)), ("resize", "method", .string("bilinear")),
            ("pad", "mode", .string("constant")), ("cast", "dtype", nil), ("concat", "axis", nil),
            ("hard_sigmoid", "offset", .float(0.5)), ("random_normal", "stddev", .float(1)),
        ]
        for (name, attribute, value) in defaults {
            let op = try #require(CoreOpCatalog.op(named: name))
            let spec = try #require(op.attributes.first { $0.name == attribute })
            #expect(spec.defaultValue == value, "\(name).\(attribute)")
        }
    }
}
