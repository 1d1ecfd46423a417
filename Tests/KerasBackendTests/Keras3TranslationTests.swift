import CoreOps
import Foundation
import HDF5
import JSON
import KerasBackend
import KerasModel
import Pipeline
import TestSupport
import Testing

/// Keras 2 (tf.keras) configs written for Keras 3 (`rewrite --flavour keras3`): each change
/// Keras 3 needs, and a per-layer reason where there is none.
@Suite struct Keras3TranslationTests {
    /// A Functional config with `layers` (entries as tf.keras writes them) wired in a chain.
    static func functional(_ layers: [(String, JSONObject)], input: [JSONValue] = [JSONValue.null, 4]) -> JSONValue {
        var entries: [JSONValue] = [
            [
                "class_name": "InputLayer", "config": ["batch_input_shape": .array(input), "name": "x"],
                "name": "x", "inbound_nodes": [],
            ]
        ]
        var previous = "x"
        for (index, (className, config)) in layers.enumerated() {
            let name = "l\(index)"
            var config = config
            config["name"] = .string(name)
            entries.append([
                "class_name": .string(className), "config": .object(config), "name": .string(name),
                "inbound_nodes": [[[.string(previous), 0, 0, [:]]]],
            ])
            previous = name
        }
        return [
            "class_name": "Model",
            "config": [
                "name": "m", "layers": .array(entries), "input_layers": [["x", 0, 0]],
                "output_layers": [[.string(previous), 0, 0]],
            ],
        ]
    }

    static func translate(_ config: JSONValue) -> KerasRewrite {
        KerasRewriter.rewrite(config: config, dialect: .keras2, target: .keras3, lambdas: [:])
    }

    static func layer(_ rewrite: KerasRewrite, _ name: String) -> JSONValue? {
        rewrite.config["config"]?["layers"]?.array?.first { $0["name"]?.string == name }
    }

    @Test func membersKeras3DroppedGoWhenHarmlessAndRenamedOnesAreRenamed() throws {
        let rewrite = Self.translate(
            Self.functional([
                ("LSTM", ["units": 3, "time_major": false, "recurrent_activation": "sigmoid"]),
                ("DepthwiseConv1D", ["kernel_size": [3], "groups": 1, "padding": "same"]),
                ("SeparableConv1D", ["filters": 2, "kernel_size": [3], "groups": 1, "kernel_initializer": "x"]),
                ("LeakyReLU", ["alpha": 0.3]),
                ("BatchNormalization", ["axis": [2], "fused": .null, "virtual_batch_size": .null]),
                ("Embedding", ["input_dim": 3, "output_dim": 2, "input_length": 4, "batch_input_shape": [.null, 4]]),
            ]))
        #expect(rewrite.failures.isEmpty, "\(rewrite.failures)")
        #expect(rewrite.kerasVersion == "3.0.0")
        #expect(rewrite.config["class_name"]?.string == "Functional")
        #expect(Self.layer(rewrite, "l0")?["config"]?["time_major"] == nil)
        #expect(Self.layer(rewrite, "l1")?["config"]?["groups"] == nil)
        #expect(Self.layer(rewrite, "l2")?["config"]?["filters"]?.int == 2)
        #expect(Self.layer(rewrite, "l2")?["config"]?["kernel_initializer"] == nil)
        #expect(Self.layer(rewrite, "l3")?["config"]?["negative_slope"]?.double == 0.3)
        #expect(Self.layer(rewrite, "l3")?["config"]?["alpha"] == nil)
        #expect(Self.layer(rewrite, "l4")?["config"]?["axis"]?.int == 2)
        #expect(Self.layer(rewrite, "l4")?["config"]?["fused"] == nil)
        #expect(Self.layer(rewrite, "l5")?["config"]?["input_length"] == nil)
        #expect(Self.layer(rewrite, "l5")?["config"]?["batch_input_shape"] == nil)
        #expect(Self.layer(rewrite, "l5")?["config"]?["input_dim"]?.int == 3)
        let input = try #require(Self.layer(rewrite, "x"))
        #expect(input["config"]?["batch_shape"] == [.null, 4] && input["config"]?["batch_input_shape"] == nil)
        // Every layer names its module, so Keras 3 reads it as its own.
        for entry in rewrite.config["config"]?["layers"]?.array ?? [] {
            #expect(entry["module"]?.string == "keras.layers", "\(entry)")
        }
    }

    @Test func membersWithAnEffectAreReportedPerLayer() {
        let rewrite = Self.translate(
            Self.functional([
                ("GRU", ["units": 3, "time_major": true]),
                ("BatchNormalization", ["axis": [1, 2]]),
                ("TFOpLambda", ["function": "math.sin"]),
                ("LSTM", ["units": 2, "activation": "hard_sigmoid"]),
                ("LocallyConnected1D", ["filters": 2]),
            ]))
        let reasons = Dictionary(grouping: rewrite.failures, by: \.layer).mapValues { $0.map(\.failure.description) }
        #expect(reasons["l0"]?.first?.contains("time_major") == true)
        #expect(reasons["l1"]?.first?.contains("one axis") == true)
        #expect(reasons["l2"]?.first?.contains("TFOpLambda") == true)
        #expect(reasons["l3"]?.first?.contains("hard_sigmoid") == true)
        #expect(reasons["l4"]?.first?.contains("LocallyConnected1D") == true)
        #expect(reasons.count == 5)
    }

    /// A Keras 1 layer whose weights Keras 1 stored unlike Keras 2 (a `dim_ordering='th'`
    /// convolution here, its kernel stored (out, in, rows, columns) as Keras 1 stored it) is named
    /// and refused for both flavours: `rewrite` would copy the kernel as stored.
    @Test func keras1LayersWithOtherWeightsAreRefusedForKeras3() throws {
        let folder = try RewriteFixtures.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let corpus = FixturePaths.corpus.appendingPathComponent("01_naokishibuya__car-behavioral-cloning__model.h5")
        let model = folder.appendingPathComponent("theano.h5").path
        try FileManager.default.copyItem(atPath: corpus.path, toPath: model)
        let file = try HDF5File.openForUpdate(model)
        let root = try file.root
        let original = try #require(try root.attributes.read("model_config"))
        let text = try #require(original.string)
        var changed = original
        changed.value = .strings([
            text.replacingOccurrences(
                of:
                    "\"dim_ordering\": \"tf\", \"W_regularizer\": null, \"activity_regularizer\": null, \"activation\": \"elu\", \"init\": \"glorot_uniform\", \"name\": \"convolution2d_1\"",
                with:
                    "\"dim_ordering\": \"th\", \"W_regularizer\": null, \"activity_regularizer\": null, \"activation\": \"elu\", \"init\": \"glorot_uniform\", \"name\": \"convolution2d_1\""
            )
        ])
        #expect(changed.value != original.value, "the corpus config is not written as expected")
        try root.attributes.write(changed)
        let group = try root.group("model_weights").group("convolution2d_1")
        let name = "convolution2d_1_W:0"
        let kernel = try group.dataset(name)
        let (rows, columns, inputs, outputs) = (kernel.shape[0], kernel.shape[1], kernel.shape[2], kernel.shape[3])
        let values = try kernel.readFloats()
        var stored = [Float](repeating: 0, count: values.count)
        for row in 0..<rows {
            for column in 0..<columns {
                for input in 0..<inputs {
                    for output in 0..<outputs {
                        stored[((output * inputs + input) * rows + row) * columns + column] =
                            values[((row * columns + column) * inputs + input) * outputs + output]
                    }
                }
            }
        }
        try group.removeLink(name)
        _ = try group.createDataset(name, shape: [outputs, inputs, rows, columns], values: stored)
        try file.flush()
        let output = folder.appendingPathComponent("rewritten.h5").path
        let error = try #require(throws: PipelineError.self) {
            try Pipeline.rewrite(model, output: output, flavour: .keras3)
        }
        #expect(
            error.exitCode == 1 && error.message.contains("layer 'convolution2d_1'") && error.message.contains("'th'"))
        #expect(!FileManager.default.fileExists(atPath: output))
        let own = try #require(throws: PipelineError.self) { try Pipeline.rewrite(model, output: output) }
        #expect(own.exitCode == 1 && own.message.contains("layer 'convolution2d_1'"))
        #expect(!FileManager.default.fileExists(atPath: output))
    }

    /// The inner layers replacing a Lambda never take a name the model already uses.
    @Test func newLayerNamesAvoidTheModelsOwn() throws {
        var model = try #require(
            Self.functional([("Lambda", ["function": ["code"], "function_type": "lambda"])]).object)
        // A layer named as the Lambda's inner layer would be, reading the Lambda.
        var inner = try #require(model["config"]?.object)
        var layers = inner["layers"]?.array ?? []
        layers.append([
            "class_name": "Activation", "name": "l0__sin", "config": ["name": "l0__sin", "activation": "relu"],
            "inbound_nodes": [[["l0", 0, 0, [:]]]],
        ])
        inner["layers"] = .array(layers)
        inner["output_layers"] = [["l0__sin", 0, 0]]
        model["config"] = .object(inner)
        let config = JSONValue.object(model)
        // l0(x) = sin(x) + 1: a sin layer, then the Rescaling that keeps the Lambda's name.
        let graph = CoreOpGraph(
            inputCount: 1,
            nodes: [
                CoreOpGraph.Node(op: "sin", operands: [.input(0)], attributes: [:], rule: nil),
                CoreOpGraph.Node(op: "add", operands: [.node(0), .scalar(1)], attributes: [:], rule: nil),
            ], output: .node(1))
        let rewrite = KerasRewriter.rewrite(
            config: config, dialect: .keras2,
            lambdas: ["l0": LambdaReplacementInput(graph: graph, inputShapes: [[nil, 4]])])
        #expect(rewrite.failures.isEmpty, "\(rewrite.failures)")
        let names = rewrite.topLevelLayers
        #expect(Set(names).count == names.count, "\(names)")
        #expect(names.contains("l0__sin_2") && names.contains("l0") && names.contains("l0__sin"))
    }

    @Test func dilatedTransposedConvolutionsGetTheirKernelSpreadOut() throws {
        let rewrite = Self.translate(
            Self.functional(
                [
                    ("Conv2DTranspose", ["filters": 2, "kernel_size": [3, 2], "dilation_rate": [2, 3], "groups": 1]),
                    ("Conv2DTranspose", ["filters": 2, "kernel_size": [3, 3], "dilation_rate": [1, 1]]),
                    ("Conv1DTranspose", ["filters": 2, "kernel_size": [2], "dilation_rate": [4]]),
                ], input: [.null, 5, 5, 1]))
        #expect(rewrite.failures.isEmpty, "\(rewrite.failures)")
        #expect(
            rewrite.weightChanges == [
                WeightChange(group: "l0", scope: "l0", weight: "kernel", transform: .dilated(rates: [2, 3])),
                WeightChange(group: "l2", scope: "l2", weight: "kernel", transform: .dilated(rates: [4])),
            ])
        let spread = try #require(Self.layer(rewrite, "l0")?["config"])
        #expect(spread["kernel_size"] == [5, 4] && spread["dilation_rate"] == [1, 1])
        #expect(Self.layer(rewrite, "l2")?["config"]?["kernel_size"] == [5])
        #expect(Self.layer(rewrite, "l1")?["config"]?["kernel_size"] == [3, 3])
        #expect(rewrite.notes.map(\.layer) == ["l0", "l2"])
        #expect(rewrite.notes.first?.note.contains("3×2 with dilation 2×3 stored spread out to 5×4") == true)
    }

    /// A kernel of shape (2, 2, 1, 1) spread by (2, 1): rows 0 and 2 hold the taps, row 1 zeros.
    @Test func aSpreadKernelHoldsItsTapsAtTheRatesWithZerosBetween() throws {
        let change = WeightChange(group: "l", scope: "l", weight: "kernel", transform: .dilated(rates: [2, 1]))
        let spread = try #require(change.apply(to: [1, 2, 3, 4], shape: [2, 2, 1, 1]))
        #expect(spread.shape == [3, 2, 1, 1])
        #expect(spread.values == [1, 2, 0, 0, 3, 4])
        // Two channels per tap travel together; a rate of 3 leaves two zero taps between.
        let wide = WeightChange(group: "l", scope: "l", weight: "kernel", transform: .dilated(rates: [3]))
        #expect(try #require(wide.apply(to: [1, 2, 3, 4], shape: [2, 1, 2])).values == [1, 2, 0, 0, 0, 0, 3, 4])
        // Values that do not fill the shape, or a shape of lower rank than the rates, are refused.
        #expect(change.apply(to: [1, 2, 3], shape: [2, 2, 1, 1]) == nil)
        #expect(change.apply(to: [1], shape: [1]) == nil)
    }

    /// l0(x) = x - reduce_mean(x, axes): a Lambda written for Keras 3.
    static func centred(axes: [Int]?) throws -> KerasRewrite {
        var attributes: [String: AttributeValue] = [:]
        if let axes { attributes["axes"] = .ints(axes) }
        let graph = CoreOpGraph(
            inputCount: 1,
            nodes: [
                try CoreOpGraph.Node(
                    resolving: "reduce_mean", operands: [.input(0)], attributes: attributes, rule: nil),
                CoreOpGraph.Node(op: "sub", operands: [.input(0), .node(0)], attributes: [:], rule: nil),
            ], output: .node(1))
        return KerasRewriter.rewrite(
            config: functional([("Lambda", ["function": ["code"], "function_type": "lambda"])]), dialect: .keras2,
            target: .keras3, lambdas: ["l0": LambdaReplacementInput(graph: graph, inputShapes: [[nil, 4]])])
    }

    /// A statistic of the whole batch (shape ()) is reshaped to (1, 1), which broadcasts the same,
    /// so that Subtract takes it; one with the batch in its shape cannot be and is refused.
    @Test func wholeBatchStatisticsBroadcastThroughAReshape() throws {
        let rewrite = try Self.centred(axes: nil)
        #expect(rewrite.failures.isEmpty, "\(rewrite.failures)")
        let layers = try #require(rewrite.replacements.first?.layers)
        #expect(layers.map(\.className) == ["Lambda", "Lambda", "Subtract"])
        #expect(layers.compactMap(\.moduleFunction) == ["keras.ops.mean", "keras.ops.reshape"])
        let reshape = try #require(Self.layer(rewrite, layers[1].name))
        #expect(reshape["config"]?["arguments"]?["newshape"] == [1, 1])
        let subtract = try #require(Self.layer(rewrite, "l0"))
        #expect(subtract["class_name"] == "Subtract")

        let perSample = try Self.centred(axes: [1])
        #expect(perSample.failures.map(\.layer) == ["l0"])
        #expect(perSample.failures.first?.failure.message.contains("(None, 4), (None)") == true)
    }

    @Test func thresholdedReLUBecomesReLUWithItsThreshold() throws {
        let rewrite = Self.translate(Self.functional([("ThresholdedReLU", ["theta": 0.7])]))
        let relu = try #require(Self.layer(rewrite, "l0"))
        #expect(relu["class_name"]?.string == "ReLU")
        #expect(relu["config"]?["threshold"]?.double == 0.7 && relu["config"]?["theta"] == nil)
        #expect(relu["config"]?["negative_slope"]?.double == 0 && relu["config"]?["max_value"] == .null)
    }

    /// A layer Keras 3 has no config for becomes a weightless layer then itself: the second keeps
    /// the name (so its weights and readers stay), the first takes its calls.
    @Test func hardSigmoidAndCausalSeparableConvolutionsBecomeTwoLayers() throws {
        let rewrite = Self.translate(
            Self.functional(
                [
                    ("Activation", ["activation": "hard_sigmoid"]),
                    ("SeparableConv1D", ["filters": 2, "kernel_size": [3], "dilation_rate": [2], "padding": "causal"]),
                ], input: [.null, 5, 1]))
        #expect(rewrite.failures.isEmpty, "\(rewrite.failures)")
        let names = rewrite.config["config"]?["layers"]?.array?.compactMap { $0["name"]?.string }
        #expect(names == ["x", "l0__scale", "l0", "l1__causal_pad", "l1"])
        #expect(rewrite.topLevelLayers == names)
        let scale = try #require(Self.layer(rewrite, "l0__scale"))
        #expect(scale["class_name"]?.string == "Rescaling")
        #expect(scale["config"]?["scale"]?.double == 0.2 && scale["config"]?["offset"]?.double == 0.5)
        #expect(scale["inbound_nodes"]?[0]?[0]?[0]?.string == "x")
        let clip = try #require(Self.layer(rewrite, "l0"))
        #expect(clip["class_name"]?.string == "ReLU" && clip["config"]?["max_value"]?.double == 1)
        #expect(clip["inbound_nodes"]?[0]?[0]?[0]?.string == "l0__scale")
        let pad = try #require(Self.layer(rewrite, "l1__causal_pad"))
        #expect(pad["class_name"]?.string == "ZeroPadding1D" && pad["config"]?["padding"] == [4, 0])
        #expect(pad["inbound_nodes"]?[0]?[0]?[0]?.string == "l0")
        let convolution = try #require(Self.layer(rewrite, "l1"))
        #expect(convolution["config"]?["padding"]?.string == "valid")
        #expect(convolution["inbound_nodes"]?[0]?[0]?[0]?.string == "l1__causal_pad")
    }

    /// tf.keras numbers a nested model's first call 1 (its own graph is call 0); Keras 3 numbers
    /// it 0 in calls, and subtracts one itself in `output_layers` for a Functional only.
    @Test func callsOfNestedModelsAreRenumbered() throws {
        let inner: JSONValue = [
            "class_name": "Sequential", "name": "inner",
            "config": [
                "name": "inner",
                "layers": [
                    ["class_name": "Dense", "config": ["name": "d", "units": 2, "batch_input_shape": [.null, 4]]]
                ],
            ],
            "inbound_nodes": [[["x", 0, 0, [:]]], [["x", 0, 0, [:]]]],
        ]
        let reader: JSONValue = [
            "class_name": "Add", "name": "add", "config": ["name": "add"],
            "inbound_nodes": [[["inner", 1, 0, [:]], ["inner", 2, 0, [:]]]],
        ]
        let config: JSONValue = [
            "class_name": "Functional",
            "config": [
                "name": "m",
                "layers": [
                    [
                        "class_name": "InputLayer", "name": "x", "inbound_nodes": [],
                        "config": ["batch_input_shape": [.null, 4], "name": "x"],
                    ], inner, reader,
                ],
                "input_layers": [["x", 0, 0]], "output_layers": [["add", 0, 0], ["inner", 2, 0]],
            ],
        ]
        let rewrite = Self.translate(config)
        #expect(rewrite.failures.isEmpty, "\(rewrite.failures)")
        let add = try #require(Self.layer(rewrite, "add"))
        #expect(add["inbound_nodes"] == [[["inner", 0, 0, [:]], ["inner", 1, 0, [:]]]])
        #expect(rewrite.config["config"]?["output_layers"] == [["add", 0, 0], ["inner", 1, 0]])
        // The nested Sequential's declared input shape became its InputLayer.
        let nested = try #require(Self.layer(rewrite, "inner"))
        let nestedLayers = nested["config"]?["layers"]?.array ?? []
        #expect(nestedLayers.first?["class_name"]?.string == "InputLayer")
        #expect(nestedLayers.first?["config"]?["batch_shape"] == [.null, 4])
        #expect(nestedLayers.last?["config"]?["batch_input_shape"] == nil)
    }

    /// A copy of `file` (a fixture, or a path) whose model_config has `original` replaced by
    /// `replacement` (every time).
    static func patchedCopy(of file: String, in folder: URL, _ original: String, _ replacement: String) throws -> String
    {
        let path = FixtureManifest.shared.models.first { $0.file == file }?.path ?? file
        let copy = folder.appendingPathComponent("patched.h5").path
        try FileManager.default.copyItem(atPath: path, toPath: copy)
        let root = try HDF5File.openForUpdate(copy).root
        var attribute = try #require(try root.attributes.read("model_config"))
        let text = try #require(attribute.string)
        #expect(text.contains(original))
        attribute.value = .strings([text.replacingOccurrences(of: original, with: replacement)])
        try root.attributes.write(attribute)
        return copy
    }

    /// An LSTM's cell activation reads its cell state, not its weights: a hard_sigmoid there has
    /// no form in the other flavour, and `rewrite` refuses the model naming the layer, exit 1, no file.
    @Test(arguments: [
        ("models/recurrent_lstm.h5", KerasDialect.keras3, "lstm_last", "no Keras 3 form"),
        ("models/keras3_recurrent.h5", KerasDialect.keras2, "forward_lstm", "no Keras 2 (tf.keras) form"),
    ])
    func anLSTMCellActivationOfHardSigmoidIsRefusedForTheOtherFlavour(
        file: String, flavour: KerasDialect, layer: String, reason: String
    ) throws {
        let folder = try RewriteFixtures.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let input = try Self.patchedCopy(
            of: file, in: folder, #""activation": "tanh", "recurrent_activation": "hard_sigmoid""#,
            #""activation": "hard_sigmoid", "recurrent_activation": "hard_sigmoid""#)
        let output = folder.appendingPathComponent("rewritten.h5").path
        let error = try #require(throws: PipelineError.self) {
            try Pipeline.rewrite(input, output: output, flavour: flavour)
        }
        #expect(error.exitCode == 1)
        #expect(error.message.contains("layer '\(layer)'") && error.message.contains(reason), "\(error.message)")
        #expect(error.message.contains("activation 'hard_sigmoid'"), "\(error.message)")
        #expect(!FileManager.default.fileExists(atPath: output))
    }

    /// A Keras 1 file names its weights `dense_4_W:0`: a Dense of it with a hard_sigmoid, written
    /// for Keras 3, gets its `W` and `b` scaled all the same.
    @Test func keras1WeightsFeedingAHardSigmoidAreScaledForKeras3() throws {
        let corpus = try #require(FixturePaths.corpusFiles.first { $0.contains("car-behavioral-cloning") })
        let folder = try RewriteFixtures.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let input = try Self.patchedCopy(
            of: corpus, in: folder,
            #""name": "dense_4", "init": "glorot_uniform", "activity_regularizer": null, "activation": "linear""#,
            #""name": "dense_4", "init": "glorot_uniform", "activity_regularizer": null, "activation": "hard_sigmoid""#)
        let output = folder.appendingPathComponent("rewritten.h5").path
        let report = try Pipeline.rewrite(input, output: output, flavour: .keras3)
        #expect(report.notes.contains { $0.hasPrefix("layer 'dense_4': activation 'hard_sigmoid'") }, "\(report.notes)")
        let before = try HDF5File.open(input).root.group("model_weights")
        let after = try HDF5File.open(output).root.group("model_weights")
        for name in ["dense_4/dense_4_W:0", "dense_4/dense_4_b:0"] {
            let old = try before.dataset(name).readFloats()
            let new = try after.dataset(name).readFloats()
            #expect(!old.isEmpty && new == old.map { Float(Double($0) * 1.2) }, "\(name)")
        }
        // Another layer's weights are as they were.
        let other = "dense_3/dense_3_W:0"
        #expect(try after.dataset(other).readFloats() == before.dataset(other).readFloats())
    }

    /// A layer's own hard_sigmoid keeps its name; the weights feeding it are scaled, by gate.
    @Test func hardSigmoidOfALayersOwnIsKeptWithItsWeightsScaled() throws {
        let rewrite = Self.translate(
            Self.functional(
                [
                    ("Dense", ["units": 2, "activation": "hard_sigmoid", "use_bias": false]),
                    ("LSTM", ["units": 2, "activation": "tanh", "recurrent_activation": "hard_sigmoid"]),
                    (
                        "Bidirectional",
                        [
                            "layer": [
                                "class_name": "GRU",
                                "config": ["name": "gru", "units": 2, "recurrent_activation": "hard_sigmoid"],
                            ]
                        ]
                    ),
                    // A TimeDistributed layer's weights carry the wrapper's name (l3/kernel:0).
                    (
                        "TimeDistributed",
                        [
                            "layer": [
                                "class_name": "Dense",
                                "config": ["name": "inner", "units": 2, "activation": "hard_sigmoid"],
                            ]
                        ]
                    ),
                ], input: [.null, 3, 2]))
        #expect(rewrite.failures.isEmpty, "\(rewrite.failures)")
        let gates = WeightChange.Transform.scaled(factor: 1.2, blocks: [0, 1, 3], parts: 4)
        let gru = WeightChange.Transform.scaled(factor: 1.2, blocks: [0, 1], parts: 3)
        let whole = WeightChange.Transform.scaled(factor: 1.2, blocks: [0], parts: 1)
        #expect(
            rewrite.weightChanges == [
                WeightChange(group: "l0", scope: "l0", weight: "kernel", transform: whole),
                WeightChange(group: "l1", scope: "l1", weight: "kernel", transform: gates),
                WeightChange(group: "l1", scope: "l1", weight: "recurrent_kernel", transform: gates),
                WeightChange(group: "l1", scope: "l1", weight: "bias", transform: gates),
            ]
                + ["kernel", "recurrent_kernel", "bias"].flatMap { weight in
                    ["forward_gru", "backward_gru"].map {
                        WeightChange(group: "l2", scope: $0, weight: weight, transform: gru)
                    }
                }
                + ["kernel", "bias"].map { WeightChange(group: "l3", scope: "l3", weight: $0, transform: whole) })
        #expect(Self.layer(rewrite, "l0")?["config"]?["activation"] == "hard_sigmoid")
        #expect(rewrite.notes.map(\.layer) == ["l0", "l1", "gru", "inner"])
    }

    /// Scaled gate blocks: an LSTM-like last axis of 4 blocks of 1, blocks 0, 1 and 3 times 1.2.
    @Test func scaledBlocksAreTheListedColumnsOfEveryRow() throws {
        let change = WeightChange(
            group: "l", scope: "l", weight: "kernel", transform: .scaled(factor: 2, blocks: [0, 1, 3], parts: 4))
        let scaled = try #require(change.apply(to: [1, 2, 3, 4, 5, 6, 7, 8], shape: [2, 4]))
        #expect(scaled.shape == [2, 4] && scaled.values == [2, 4, 3, 8, 10, 12, 7, 16])
        // A last axis the blocks do not divide is refused.
        #expect(change.apply(to: [1, 2, 3], shape: [3]) == nil)
        #expect(change.isFor(weightNamed: "x/l/lstm_cell/kernel:0") && change.isFor(weightNamed: "l/kernel"))
        #expect(!change.isFor(weightNamed: "l/recurrent_kernel:0") && !change.isFor(weightNamed: "m/kernel:0"))
    }

    /// The corpus models are written for Keras 3: the Keras 2.0 files (bytecode from Python 2.7
    /// and 3.5) and the Keras 1.2.1 one, whose layer configs are read in Keras 2's names first.
    @Test(arguments: FixturePaths.corpusFiles)
    func corpusModelsForKeras3(path: String) throws {
        let folder = try RewriteFixtures.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let output = folder.appendingPathComponent("rewritten.h5").path
        _ = try Pipeline.rewrite(path, output: output, flavour: .keras3)
        let rewritten = try KerasModelReader.read(output)
        #expect(rewritten.flavour == .keras3)
        for layer in rewritten.graph.allLayers {
            #expect(!["TFOpLambda", "SlicingOpLambda"].contains(layer.className), "\(path): \(layer.name)")
            if case .marshal? = layer.function?.payload { Issue.record("\(path): \(layer.name) holds bytecode") }
            for keras1Name in ["nb_filter", "border_mode", "output_dim", "init", "subsample"] {
                #expect(layer.config[keras1Name] == nil || layer.className == "Embedding", "\(path): \(layer.name)")
            }
        }
    }
}
