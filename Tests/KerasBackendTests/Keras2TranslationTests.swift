import JSON
import KerasBackend
import Testing

/// Keras 3 configs written for tf.keras (`rewrite --flavour keras2`): calls, members and
/// activations tf.keras reads, and a per-layer reason where there is none.
@Suite struct Keras2TranslationTests {
    static let policy: JSONValue = [
        "module": "keras", "class_name": "DTypePolicy", "config": ["name": "float32"], "registered_name": .null,
    ]

    static func tensor(_ layer: String, _ node: Int = 0) -> JSONValue {
        [
            "class_name": "__keras_tensor__",
            "config": ["shape": [.null, 4], "dtype": "float32", "keras_history": [.string(layer), .int(node), 0]],
        ]
    }

    /// A Keras 3 Functional config with `layers` wired in a chain after an input `x`.
    static func functional(_ layers: [(String, JSONObject)]) -> JSONValue {
        var entries: [JSONValue] = [
            [
                "class_name": "InputLayer", "name": "x", "inbound_nodes": [],
                "config": ["batch_shape": [.null, 4], "dtype": "float32", "name": "x", "optional": false],
            ]
        ]
        var previous = "x"
        for (index, (className, config)) in layers.enumerated() {
            let name = "l\(index)"
            var config = config
            config["name"] = .string(name)
            config["dtype"] = policy
            entries.append([
                "module": "keras.layers", "class_name": .string(className), "config": .object(config),
                "registered_name": .null, "build_config": ["input_shape": [.null, 4]], "name": .string(name),
                "inbound_nodes": [["args": [tensor(previous)], "kwargs": [:]]],
            ])
            previous = name
        }
        return [
            "module": "keras.src.models.functional", "class_name": "Functional",
            "config": [
                "name": "m", "trainable": true, "layers": .array(entries), "input_layers": ["x", 0, 0],
                "output_layers": [.string(previous), 0, 0],
            ],
            "registered_name": "Functional",
        ]
    }

    static func translate(_ config: JSONValue) -> KerasRewrite {
        KerasRewriter.rewrite(config: config, dialect: .keras3, target: .keras2, lambdas: [:])
    }

    static func layer(_ rewrite: KerasRewrite, _ name: String) -> JSONValue? {
        rewrite.config["config"]?["layers"]?.array?.first { $0["name"]?.string == name }
    }

    @Test func callsMembersAndPoliciesBecomeTfKerasOnes() throws {
        let rewrite = Self.translate(
            Self.functional([
                (
                    "Dense",
                    [
                        "units": 3, "quantization_config": .null, "activation": "silu",
                        "kernel_initializer": [
                            "module": "keras.initializers", "class_name": "GlorotUniform",
                            "config": ["seed": .null, "input_axes": .null, "output_axes": .null],
                            "registered_name": .null,
                        ],
                    ]
                ),
                ("LeakyReLU", ["negative_slope": 0.3]),
                ("LayerNormalization", ["axis": [-1], "rms_scaling": false]),
            ]))
        #expect(rewrite.failures.isEmpty, "\(rewrite.failures)")
        #expect(rewrite.kerasVersion == "2.13.1")
        #expect(rewrite.config["module"] == nil && rewrite.config["class_name"]?.string == "Functional")
        #expect(rewrite.config["config"]?["input_layers"] == [["x", 0, 0]])
        let input = try #require(Self.layer(rewrite, "x"))
        #expect(input["config"]?["batch_input_shape"] == [.null, 4] && input["config"]?["batch_shape"] == nil)
        #expect(input["config"]?["optional"] == nil)
        let dense = try #require(Self.layer(rewrite, "l0"))
        #expect(dense["module"] == nil && dense["registered_name"] == nil && dense["build_config"] == nil)
        #expect(dense["config"]?["dtype"]?.string == "float32")
        #expect(dense["config"]?["quantization_config"] == nil)
        #expect(dense["config"]?["kernel_initializer"] == ["class_name": "GlorotUniform", "config": ["seed": .null]])
        #expect(dense["inbound_nodes"] == [[["x", 0, 0, [:]]]])
        #expect(Self.layer(rewrite, "l1")?["config"]?["alpha"]?.double == 0.3)
        #expect(Self.layer(rewrite, "l2")?["config"]?["rms_scaling"] == nil)
    }

    /// Keras 3's hard_sigmoid is clip(x/6 + 0.5, 0, 1); tf.keras's is clip(0.2·x + 0.5, 0, 1).
    @Test func hardSigmoidAndHardSiluBecomeLayersWithKeras3sSlope() throws {
        let rewrite = Self.translate(
            Self.functional([
                ("Activation", ["activation": "hard_sigmoid"]), ("Activation", ["activation": "hard_silu"]),
            ]))
        #expect(rewrite.failures.isEmpty, "\(rewrite.failures)")
        let names = rewrite.config["config"]?["layers"]?.array?.compactMap { $0["name"]?.string }
        #expect(names == ["x", "l0__scale", "l0", "l1__scale", "l1__clip", "l1"])
        let scale = try #require(Self.layer(rewrite, "l0__scale"))
        #expect(scale["config"]?["scale"]?.double == 1.0 / 6.0 && scale["config"]?["offset"]?.double == 0.5)
        #expect(Self.layer(rewrite, "l0")?["class_name"]?.string == "ReLU")
        let product = try #require(Self.layer(rewrite, "l1"))
        #expect(product["class_name"]?.string == "Multiply")
        #expect(product["inbound_nodes"] == [[["l0", 0, 0, [:]], ["l1__clip", 0, 0, [:]]]])
    }

    @Test func whatTfKerasCannotComputeIsReportedPerLayer() {
        let rewrite = Self.translate(
            Self.functional([
                ("LSTM", ["units": 3, "activation": "hard_sigmoid"]),
                ("Activation", ["activation": "sparse_plus"]),
                ("LayerNormalization", ["rms_scaling": true]),
                ("Lambda", ["function": ["module": "keras.ops", "class_name": "function", "config": "sin"]]),
            ]))
        let reasons = Dictionary(grouping: rewrite.failures, by: \.layer).mapValues { $0.map(\.failure.description) }
        #expect(reasons["l0"]?.first?.contains("slope 1/6") == true)
        #expect(reasons["l1"]?.first?.contains("no 'sparse_plus'") == true)
        #expect(reasons["l2"]?.first?.contains("rms_scaling") == true)
        #expect(reasons["l3"]?.first?.contains("Lambda") == true)
        #expect(reasons.count == 4)
    }

    /// Keras 3 numbers a nested model's first call 0, tf.keras 1; in `output_layers` tf.keras
    /// and Keras 3 agree for a Functional, not for a Sequential.
    @Test func callsOfNestedModelsAreRenumberedFromOne() throws {
        let inner: JSONValue = [
            "class_name": "Sequential", "name": "inner",
            "config": [
                "name": "inner", "dtype": Self.policy,
                "layers": [
                    ["class_name": "InputLayer", "config": ["batch_shape": [.null, 4], "name": "inner_in"]],
                    ["class_name": "Dense", "config": ["name": "d", "units": 4, "dtype": Self.policy]],
                ],
            ],
            "inbound_nodes": [
                ["args": [Self.tensor("x")], "kwargs": ["mask": .null]],
                ["args": [Self.tensor("x")], "kwargs": ["mask": .null]],
            ],
        ]
        let add: JSONValue = [
            "class_name": "Add", "name": "add", "config": ["name": "add"],
            "inbound_nodes": [["args": [[Self.tensor("inner", 0), Self.tensor("inner", 1)]], "kwargs": [:]]],
        ]
        let config: JSONValue = [
            "class_name": "Functional",
            "config": [
                "name": "m",
                "layers": [
                    [
                        "class_name": "InputLayer", "name": "x", "inbound_nodes": [],
                        "config": ["batch_shape": [.null, 4], "name": "x"],
                    ], inner, add,
                ],
                "input_layers": [["x", 0, 0]], "output_layers": [["add", 0, 0], ["inner", 1, 0]],
            ],
        ]
        let rewrite = Self.translate(config)
        #expect(rewrite.failures.isEmpty, "\(rewrite.failures)")
        #expect(Self.layer(rewrite, "add")?["inbound_nodes"] == [[["inner", 1, 0, [:]], ["inner", 2, 0, [:]]]])
        #expect(Self.layer(rewrite, "inner")?["inbound_nodes"]?[0] == [["x", 0, 0, ["mask": .null]]])
        #expect(rewrite.config["config"]?["output_layers"] == [["add", 0, 0], ["inner", 2, 0]])
        let nested = try #require(Self.layer(rewrite, "inner"))
        #expect(nested["config"]?["dtype"]?.string == "float32")
        #expect(nested["config"]?["layers"]?[0]?["config"]?["batch_input_shape"] == [.null, 4])
    }
}
