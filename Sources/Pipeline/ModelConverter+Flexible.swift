import CoreMLBackend
import CoreMLSpec
import CoreOps
import KerasModel

/// Inputs of flexible size (`None` dimensions, `--input-shape`, `--batch`) for Core ML and ONNX outputs.
///
/// The model is converted at each input's default shape; then again with one flexible dimension
/// at a time moved to two other sizes (each enumerated shape, for enumerated inputs), Lambdas
/// rewritten at those sizes. The Core ML layers must come out byte for byte the same: a network
/// that does not change with the size computes every size the same way, so its inputs can take
/// the declared ranges. A layer whose Core ML parameters depend on the size (a reshape to a fixed
/// step count, a slice end computed from the size) is refused by name with the dimension.
extension ModelConverter {
    /// The resolved shapes of the inputs that are flexible or were given (empty when none is).
    func flexibleShapes(
        _ model: KerasModel, toONNX: Bool, toPackage: Bool = false, record: inout ModelRecord
    ) throws(ConversionFailure) -> [String: FlexibleInputShape] {
        if toONNX {
            // ONNX declares a dimension known or symbolic: no ranges, no lists of shapes, and its
            // batch is always symbolic.
            guard inputShapes.batch == nil, !inputShapes.hasEnumeratedShapes else {
                throw ConversionFailure(
                    .failed,
                    "--batch and enumerated shapes apply to Core ML (.mlmodel) outputs; an ONNX input "
                        + "takes any batch, and --input-shape fixes sizes or leaves them open (A..)")
            }
        }
        let shapes: [String: FlexibleInputShape]
        do throws(PipelineError) {
            shapes = try inputShapes.resolve(model)
        } catch {
            throw ConversionFailure(.failed, error)
        }
        if toPackage, let name = shapes.keys.sorted().first(where: { shapes[$0]?.hasFlexibleBatch == true }) {
            // The ML Program converters build every value for a batch of 1 (a flatten's target
            // shape, a reshape's): a package declaring another batch would compute it wrongly.
            throw ConversionFailure(
                .failed,
                "\(model.file): input '\(name)': a batch other than 1 (--batch, or enumerated shapes of several batches) applies "
                    + "to .mlmodel outputs; an ML Program is built for a batch of 1")
        }
        record.inputShapes = model.graph.inputs.map(\.layer).compactMap { name in
            guard let shape = shapes[name] else { return nil }
            guard toONNX else { return "input '\(name)': \(shape.description)" }
            let symbols = Self.symbolicDimensions(shapes, inputs: model.graph.inputs.map(\.layer))[name] ?? [:]
            let dimensions = shape.defaultShape.indices.map { axis in
                axis == 0 ? "batch" : symbols[axis] ?? String(shape.defaultShape[axis])
            }
            return "input '\(name)': \(dimensions.joined(separator: " x ")) (ONNX dim_param)"
        }
        return shapes
    }

    /// The ONNX `dim_param` of each flexible dimension, by input and axis: `time` for a sequence's
    /// steps, `height` and `width` for an image's, `dim<axis>` otherwise; prefixed by the input's
    /// name when the model has several inputs (equal names would declare equal sizes).
    static func symbolicDimensions(_ shapes: [String: FlexibleInputShape], inputs: [String]) -> [String: [Int: String]]
    {
        var names: [String: [Int: String]] = [:]
        for (input, shape) in shapes {
            guard case .ranges(let ranges) = shape.flexibility else { continue }
            for (axis, range) in ranges.enumerated() where axis > 0 && !range.isFixed {
                var name = dimensionName(rank: ranges.count, axis: axis)
                if inputs.count > 1 { name = input + "_" + name }
                names[input, default: [:]][axis] = name
            }
        }
        return names
    }

    private static func dimensionName(rank: Int, axis: Int) -> String {
        switch (rank, axis) {
        case (3, 1): return "time"
        case (4, 1): return "height"
        case (4, 2): return "width"
        default: return "dim\(axis)"
        }
    }

    /// Refuses, naming the layer and the dimension, when the backend's output differs at another
    /// size the inputs accept.
    func checkSizeIndependence(
        _ model: KerasModel, shapes: [String: FlexibleInputShape], graphs: [String: CoreOpGraph],
        options: SizedBackend, record: inout ModelRecord
    ) throws(ConversionFailure) {
        guard shapes.values.contains(where: \.isFlexible) else { return }
        // Each probe converts the whole model again: a bound keeps hostile configs (a rank-100
        // input of unknown sizes) from costing hundreds of conversions.
        let probes = shapes.values.reduce(0) { $0 + $1.probes.count }
        guard probes <= Self.maximumProbes else {
            throw ConversionFailure(
                .unsupported,
                "\(model.file): not convertible: its inputs take too many sizes to check (\(probes) other "
                    + "shapes, at most \(Self.maximumProbes)): give some dimensions fixed sizes with --input-shape")
        }
        let defaults = shapes.mapValues(\.defaultShape)
        let reference = try record.time("sizes") { () throws(ConversionFailure) in
            try digests(model.withInputShapes(defaults), graphs: graphs, options: options, at: nil)
        }
        for name in model.graph.inputs.map(\.layer) {
            guard let shape = shapes[name] else { continue }
            for probe in shape.probes {
                var sizes = defaults
                sizes[name] = probe.shape
                let place = Probe(input: name, dimension: probe.dimension, shape: probe.shape, base: shape)
                try record.time("sizes") { () throws(ConversionFailure) in
                    try compare(reference, model: model, sizes: sizes, options: options, place: place)
                }
            }
        }
    }

    /// The most other shapes the size check converts a model at (two per flexible dimension).
    static let maximumProbes = 16

    /// Where a probe moved the sizes, for messages.
    struct Probe {
        var input: String
        var dimension: Int?
        var shape: [Int]
        var base: FlexibleInputShape

        var what: String {
            let shapeText = shape.map(String.init).joined(separator: "x")
            guard let dimension else { return "the enumerated shape \(shapeText) of input '\(input)'" }
            return "the size of dimension \(dimension) of input '\(input)' (\(shape[dimension]) instead of "
                + "\(base.defaultShape[dimension]))"
        }

        var advice: String {
            "; give it a fixed size, such as --input-shape \(input)="
                + base.defaultShape.map(String.init).joined(separator: "x")
        }
    }

    private func compare(
        _ reference: [LayerDigest], model: KerasModel, sizes: [String: [Int]], options: SizedBackend,
        place: Probe
    ) throws(ConversionFailure) {
        let probeOptions = options.at(sizes)
        var scratch = ModelRecord(input: model.file, output: "", target: "mlmodel", status: .converted)
        let probeModel = model.withInputShapes(sizes)
        let converted = try convertLambdas(probeModel, record: &scratch, backend: options.check)
        if let failed = scratch.problemLambdas.first {
            throw refusal(
                model, layer: failed.layer, "its function cannot be rewritten at \(place.what)" + place.advice)
        }
        let digests = try digests(probeModel, graphs: converted.graphs, options: probeOptions, at: place)
        let differing = reference.indices.first { $0 < digests.count && reference[$0] != digests[$0] }
        guard let index = differing ?? mismatchedLength(reference, digests) else { return }
        // Where one run has more operations than the other (a recurrent layer unrolled over more
        // steps), the two differ first at a layer of each: the earlier in the model is the cause.
        let owners = [reference, digests].compactMap { index < $0.count ? $0[index].kerasLayer : nil }
        let order = model.graph.allLayers.map(\.name)
        let layer = owners.min { (order.firstIndex(of: $0) ?? .max) < (order.firstIndex(of: $1) ?? .max) } ?? ""
        throw refusal(model, layer: layer, "its \(options.parts) depend on \(place.what)" + place.advice)
    }

    private func mismatchedLength(_ first: [LayerDigest], _ second: [LayerDigest]) -> Int? {
        first.count == second.count ? nil : min(first.count, second.count)
    }

    private func digests(
        _ model: KerasModel, graphs: [String: CoreOpGraph], options: SizedBackend, at place: Probe?
    ) throws(ConversionFailure) -> [LayerDigest] {
        do {
            return try options.digests(model, graphs: graphs)
        } catch {
            guard let place else { throw ConversionFailure(.unsupported, "\(model.file): \(error.description)") }
            guard !error.layer.isEmpty else {
                // Several layers failed: the converter's message names each.
                throw ConversionFailure(
                    .unsupported, "\(model.file): not convertible at \(place.what): \(error.description)" + place.advice
                )
            }
            throw refusal(
                model, layer: error.layer, "does not convert at \(place.what): \(error.message)" + place.advice)
        }
    }

    private func refusal(_ model: KerasModel, layer: String, _ reason: String) -> ConversionFailure {
        let className = model.graph.allLayersWithGraphs.first { $0.0.name == layer }?.0.className
        let failure = LayerFailure(
            layer: layer, className: className,
            message: "layer '\(layer)'" + (className.map { " (\($0))" } ?? "") + ": " + reason)
        return ConversionFailure(
            .unsupported,
            PipelineError(
                notConvertible: "\(model.file): not convertible", failures: [failure],
                location: .init(file: model.file)))
    }
}
