import KerasModel

/// What an ONNX layer converter works with (``LayerContext``).
typealias ONNXLayerContext = LayerContext<ONNXConversionError>
