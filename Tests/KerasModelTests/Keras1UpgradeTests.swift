import JSON
import KerasModel
import Testing

/// Keras 1 layer configs read in Keras 2's names; layers whose Keras 1 weights differ are left
/// as they were and named.
@Suite struct Keras1UpgradeTests {
    static func sequential(_ layers: [JSONValue]) -> JSONValue {
        ["class_name": "Sequential", "config": .array(layers)]
    }

    @Test func keras1NamesBecomeKeras2Ones() throws {
        let upgraded = Keras1Upgrade.model(
            Self.sequential([
                [
                    "class_name": "Convolution2D",
                    "config": [
                        "name": "c", "nb_filter": 8, "nb_row": 3, "nb_col": 5, "border_mode": "same",
                        "subsample": [2, 1], "dim_ordering": "tf", "init": "glorot_uniform", "bias": true,
                        "W_regularizer": .null,
                    ],
                ],
                ["class_name": "Dropout", "config": ["name": "d", "p": 0.25]],
                ["class_name": "Dense", "config": ["name": "f", "output_dim": 4, "init": "he_normal", "bias": false]],
                [
                    "class_name": "Embedding",
                    "config": ["name": "e", "output_dim": 4, "input_dim": 9, "init": "uniform"],
                ],
                [
                    "class_name": "Convolution1D",
                    "config": ["name": "t", "nb_filter": 2, "filter_length": 3, "subsample_length": 2],
                ],
            ]))
        let layers = try #require(upgraded["config"]?.array)
        #expect(layers[0]["class_name"] == "Conv2D")
        #expect(
            layers[0]["config"]
                == [
                    "name": "c", "filters": 8, "padding": "same", "strides": [2, 1],
                    "kernel_initializer": "glorot_uniform",
                    "use_bias": true, "kernel_regularizer": .null, "data_format": "channels_last",
                    "kernel_size": [3, 5],
                ])
        #expect(layers[1]["config"] == ["name": "d", "rate": 0.25])
        #expect(layers[2]["config"] == ["name": "f", "kernel_initializer": "he_normal", "use_bias": false, "units": 4])
        #expect(
            layers[3]["config"] == ["name": "e", "output_dim": 4, "input_dim": 9, "embeddings_initializer": "uniform"])
        #expect(layers[4]["class_name"] == "Conv1D")
        #expect(layers[4]["config"] == ["name": "t", "filters": 2, "strides": [2], "kernel_size": [3]])
        #expect(Keras1Upgrade.problems(in: upgraded).isEmpty)
    }

    @Test func layersWithKeras1WeightsStayAndAreNamed() {
        let lstm: JSONValue = [
            "class_name": "LSTM", "config": ["name": "l", "output_dim": 4, "inner_init": "orthogonal"],
        ]
        let theano: JSONValue = [
            "class_name": "SeparableConvolution2D", "config": ["name": "th", "nb_filter": 2, "dim_ordering": "th"],
        ]
        let config = Self.sequential([lstm, theano])
        #expect(Keras1Upgrade.model(config) == config)
        let problems = Keras1Upgrade.problems(in: config)
        #expect(problems.map(\.layer) == ["l", "th"])
        #expect(problems[0].reason.contains("LSTM") && problems[1].reason.contains("'th'"))
    }

    /// A `th` Convolution2D is read as a channels_first Conv2D (its kernel is rearranged when
    /// read), but still named for `rewrite`, which keeps such layers in Keras 1 form.
    @Test func channelsFirstConvolutionsAreUpgradedAndStillNamed() {
        let theano: JSONValue = [
            "class_name": "Convolution2D",
            "config": ["name": "th", "nb_filter": 2, "nb_row": 3, "nb_col": 3, "dim_ordering": "th"],
        ]
        let upgraded = Keras1Upgrade.model(Self.sequential([theano]))
        let layer = upgraded["config"]?.array?.first
        #expect(layer?["class_name"]?.string == "Conv2D")
        #expect(layer?["config"]?["data_format"]?.string == "channels_first")
        #expect(layer?["config"]?["kernel_size"] == [3, 3])
        #expect(Keras1Upgrade.problems(in: Self.sequential([theano])).map(\.layer) == ["th"])
    }
}
