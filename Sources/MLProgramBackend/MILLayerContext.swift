import KerasModel

/// What an ML Program layer converter works with (``LayerContext``).
typealias MILLayerContext = LayerContext<MLProgramConversionError>
