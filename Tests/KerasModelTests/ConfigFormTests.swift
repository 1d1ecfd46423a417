import JSON
import KerasModel
import Testing

/// The config shapes of each Keras generation, from hand-written snippets of what they write.
@Suite struct ConfigFormTests {
    func graph(_ text: String) throws -> ModelGraph {
        try KerasModelReader.graph(configJSON: text, file: "snippet.h5")
    }

    @Test func readsKeras1SequentialListWithRawUnicodeEscapePayload() throws {
        // Keras 1 / 2.0: the Sequential config is a bare list; code is raw_unicode_escape text.
        let text = #"""
            {"class_name": "Sequential", "config": [
              {"class_name": "Lambda", "config": {"name": "lambda_1", "function": ["\u00e3\u0001\u0000\u0000\u0000x", null, null],
               "function_type": "lambda", "arguments": {}, "output_shape": null, "output_shape_type": "raw",
               "batch_input_shape": [null, 66, 200, 3]}},
              {"class_name": "Dense", "config": {"name": "dense_1", "output_dim": 10}}]}
            """#
        let model = try graph(text)
        #expect(model.layers.map(\.name) == ["lambda_1_input", "lambda_1", "dense_1"])
        #expect(model.layers[0].isSynthesized)
        let function = try #require(model.layers[1].function)
        #expect(
            function.payload == .marshal(MarshalPayload(bytes: [0xE3, 1, 0, 0, 0, 0x78], encoding: .rawUnicodeEscape)))
        #expect(model.layers[2].inboundLayerNames == ["lambda_1"])
        #expect(ShapeInference(graph: model).outputShape(of: "lambda_1_input") == TensorShape([nil, 66, 200, 3]))
    }

    @Test func readsKeras1ModelWithThreeElementEntries() throws {
        let text = #"""
            {"class_name": "Model", "config": {"name": "m",
              "layers": [
                {"name": "a", "class_name": "InputLayer", "config": {"name": "a", "batch_input_shape": [null, 4]}, "inbound_nodes": []},
                {"name": "b", "class_name": "InputLayer", "config": {"name": "b", "batch_input_shape": [null, 4]}, "inbound_nodes": []},
                {"name": "merge", "class_name": "Merge", "config": {"name": "merge"}, "inbound_nodes": [[["a", 0, 0], ["b", 0, 0]]]}],
              "input_layers": [["a", 0, 0], ["b", 0, 0]], "output_layers": [["merge", 0, 0]]}}
            """#
        let model = try graph(text)
        #expect(
            model.layer(named: "merge")?.inboundNodes.first?.arguments == [
                .list([.tensor(TensorReference(layer: "a")), .tensor(TensorReference(layer: "b"))])
            ])
        #expect(model.inputs.map(\.layer) == ["a", "b"])
    }

    @Test func readsKeras3NodesAndSingleEndpointTriples() throws {
        let tensor =
            #"{"class_name": "__keras_tensor__", "config": {"shape": [null, 7], "dtype": "float32", "keras_history": ["in", 0, 0]}}"#
        let text = """
            {"class_name": "Functional", "config": {"name": "f",
              "layers": [
                {"name": "in", "class_name": "InputLayer", "config": {"name": "in", "batch_shape": [null, 7]}, "inbound_nodes": []},
                {"name": "lam", "class_name": "Lambda", "config": {"name": "lam",
                  "function": {"class_name": "__lambda__", "config": {"code": "4wAA", "defaults": [2], "closure": null}}},
                 "inbound_nodes": [{"args": [[\(tensor), \(tensor)]], "kwargs": {"mask": null}}]}],
              "input_layers": ["in", 0, 0], "output_layers": ["lam", 0, 0]}}
            """
        let model = try graph(text)
        #expect(model.inputs == [TensorReference(layer: "in")])
        let lambda = try #require(model.layer(named: "lam"))
        #expect(lambda.inboundNodes.first?.tensors.count == 2)
        #expect(lambda.function?.defaults == [2])
        #expect(lambda.function?.payload == .marshal(MarshalPayload(bytes: [0xE3, 0, 0], encoding: .base64)))
        #expect(lambda.inboundNodes.first?.recordedShapes[TensorReference(layer: "in")] == TensorShape([nil, 7]))
    }

    @Test func readsConstantsInTensorFlowOpCalls() throws {
        let text = #"""
            {"class_name": "Functional", "config": {"name": "f",
              "layers": [
                {"name": "x", "class_name": "InputLayer", "config": {"name": "x", "batch_input_shape": [null, 3]}, "inbound_nodes": []},
                {"name": "tf.math.maximum", "class_name": "TFOpLambda", "config": {"name": "tf.math.maximum", "function": "math.maximum"},
                 "inbound_nodes": [[["_CONSTANT_VALUE", -1, 0.5, {"y": ["x", 0, 0], "name": null}]]]}],
              "input_layers": [["x", 0, 0]], "output_layers": [["tf.math.maximum", 0, 0]]}}
            """#
        let model = try graph(text)
        let node = try #require(model.layer(named: "tf.math.maximum")?.inboundNodes.first)
        #expect(node.arguments == [.constant(0.5)])
        // A keyword argument naming a layer of the graph is a tensor, not a list of constants.
        #expect(node.keyword("y") == .tensor(TensorReference(layer: "x")))
        #expect(node.keyword("name") == .constant(.null))
        #expect(node.tensors == [TensorReference(layer: "x")])
    }

    @Test(arguments: [
        (#"{"config": {}}"#, "no class_name", nil as String?),
        (#"{"class_name": "Sequential", "config": {"name": "s"}}"#, "no layer list", nil),
        (#"{"class_name": "Sequential", "config": {"layers": []}}"#, "has no layers", nil),
        (#"{"class_name": "Functional", "config": {"layers": 3}}"#, "no 'layers' list", nil),
        (#"{"class_name": "Subclassed", "config": {}}"#, "not a Sequential or functional model", nil),
        (#"{"class_name": "Sequential", "config": {"layers": [{"config": {"name": "d"}}]}}"#, "has no class_name", nil),
        (
            #"{"class_name": "Sequential", "config": {"layers": [{"class_name": "Lambda", "config": {"name": "l"}}]}}"#,
            "Lambda has no 'function'", "l"
        ),
        (
            #"{"class_name": "Functional", "config": {"layers": [{"name": "a", "class_name": "Dense", "config": {}, "inbound_nodes": 5}], "input_layers": [], "output_layers": []}}"#,
            "inbound_nodes is not a list", "a"
        ),
        (
            #"{"class_name": "Functional", "config": {"layers": [], "input_layers": [["ghost", 0, 0]], "output_layers": []}}"#,
            "input_layers names a layer that is not in the model", nil
        ),
    ])
    func rejectsConfigsNotShapedLikeAModel(text: String, message: String, layer: String?) {
        #expect {
            try graph(text)
        } throws: { error in
            guard let error = error as? KerasModelError else { return false }
            return error.code == .unexpectedConfig && error.message.contains(message) && error.layer == layer
        }
    }

    @Test(arguments: ["!!not code!!", "", "\\u0100abc"])
    func rejectsPayloadTextThatIsNotMarshalData(code: String) {
        let text = """
            {"class_name": "Sequential", "config": {"layers": [{"class_name": "Lambda", "config": {"name": "bad",
              "function": ["\(code)", null, null], "function_type": "lambda", "batch_input_shape": [null, 2]}}]}}
            """
        #expect {
            try graph(text)
        } throws: { error in
            guard let error = error as? KerasModelError else { return false }
            return error.code == .badPayload && error.layer == "bad"
        }
    }
}
