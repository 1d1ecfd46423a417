import CoreMLSpec
import CoreOps
import Foundation
import HDF5
import KerasModel

/// Converts a whole Keras model, whose Lambdas have been rewritten into core-op graphs, into the
/// `Model` message of an ML Program, its weights streamed into the package's weight file.
///
/// Interface: each Keras input becomes an fp32 input of the Keras name and shape (batch 1), each
/// output an fp32 output of its layer's name; in fp16 the program casts at both ends. Tensors
/// stay channels-last (NHWC) as in Keras: convolutions and pooling are wrapped in transposes,
/// and a transpose that undoes the previous one is dropped.
public struct MLProgramConverter {
    let model: KerasModel
    let lambdas: [String: CoreOpGraph]
    let file: HDF5File
    let options: MLProgramOptions

    /// Builds the model message of `model`, appending its weights to `weights`.
    /// - Throws: ``MLProgramConversionError`` naming every layer or op that cannot be expressed.
    static func convert(
        _ model: KerasModel, lambdas: [String: CoreOpGraph], options: MLProgramOptions, weights: MILBlobWriter
    ) throws(MLProgramConversionError) -> CoreML_Specification_Model {
        let file: HDF5File
        do {
            file = try model.openWeights()
        } catch {
            throw MLProgramConversionError(layer: "", className: "", message: "cannot reopen \(model.file): \(error)")
        }
        let converter = MLProgramConverter(model: model, lambdas: lambdas, file: file, options: options)
        return try converter.build(weights: weights)
    }

    private func build(weights: MILBlobWriter) throws(MLProgramConversionError) -> CoreML_Specification_Model {
        var builder = MILProgramBuilder(precision: options.precision, weights: weights)
        var function = CoreML_Specification_MILSpec_Function()
        var description = CoreML_Specification_ModelDescription()
        var tensors: [TensorReference: String] = [:]
        if let problem = ImageInput.unknownNames(options.imageInputs, inputs: model.graph.inputs.map(\.layer)) {
            throw MLProgramConversionError(layer: "", className: "", message: problem)
        }
        for input in model.graph.inputs {
            let flexible = options.inputShapes[input.layer]
            let shape: [Int]
            if let flexible { shape = flexible.defaultShape } else { shape = [1] + (try inputShape(of: input.layer)) }
            let name = builder.unique(options.interface.inputName(input.layer))
            if let image = options.imageInputs.first(where: { $0.name == input.layer }) {
                tensors[input] = try imageInput(
                    image, named: name, shape: shape, flexible: flexible, &builder, &function, &description)
                continue
            }
            builder.input(name, shape: shape)
            function.inputs.append(MILProgramBuilder.namedType(name, .float32, shape: shape))
            var feature = Self.feature(name, shape: shape)
            flexible?.apply(to: &feature.type.multiArrayType)
            description.input.append(feature)
            tensors[input] =
                options.precision == .float16
                ? builder.op(
                    "cast", ["x": name, "dtype": builder.string("fp16")], name: name + "_fp16", shape: shape)
                : name
        }
        // The outputs' names are set aside first, so that they name the program's outputs.
        let outputNames = model.graph.outputs.map { builder.unique(options.interface.outputName($0.layer)) }
        var failures: [MLProgramConversionError] = []
        let shapes = ShapeInference(graph: model.graph)
        convert(model.graph, shapes: shapes, tensors: &tensors, builder: &builder, failures: &failures)
        guard failures.isEmpty else {
            throw MLProgramConversionError(
                layer: "", className: "", message: failures.map(\.description).joined(separator: "; "))
        }
        var outputs: [String] = []
        let labels = options.interface.classLabels
        // With class labels the first output's probabilities go to `classify`, whose label
        // output comes last; its name is set aside like the outputs'.
        let labelName = labels.map { _ in builder.unique(ClassLabels.predictedFeatureName) }
        for (index, (output, name)) in zip(model.graph.outputs, outputNames).enumerated() {
            guard let tensor = tensors[output] else {
                throw MLProgramConversionError(layer: output.layer, className: "", message: "output was not computed")
            }
            let shape = builder.shapes[tensor] ?? []
            // Outputs of a program with flexible inputs have no one shape to declare.
            let declared = options.inputShapes.values.contains(where: \.isFlexible) ? [] : shape
            let type = options.precision == .float16 ? "cast" : "identity"
            var inputs = ["x": [tensor]]
            if type == "cast" { inputs["dtype"] = [builder.string("fp32")] }
            if let labels, let labelName, index == 0 {
                let probabilities = builder.op(type, inputs, name: name + "_fp32", shape: shape, dataType: .float32)
                outputs.append(
                    builder.classify(probabilities, labels: labels, label: labelName, dictionary: name).dictionary)
                description.output.append(Self.feature(name, shape: declared))
                continue
            }
            outputs.append(builder.op(type, inputs, output: name, shape: shape, dataType: .float32))
            description.output.append(Self.feature(outputs[outputs.count - 1], shape: declared))
        }
        if let labels, let labelName, let probabilities = outputs.first {
            outputs.append(labelName)
            labels.apply(to: &description, probabilities: probabilities)
        }
        var block = CoreML_Specification_MILSpec_Block()
        block.outputs = outputs
        block.operations = builder.usedOperations(outputs: outputs)
        if !options.unknownDimensions.isEmpty {
            Self.declareUnknown(options.unknownDimensions, in: &block, &function)
        }
        let target = options.deploymentTarget ?? .iOS15
        function.opset = target.opset
        function.blockSpecializations[target.opset] = block
        var program = CoreML_Specification_MILSpec_Program()
        program.version = 1
        program.functions["main"] = function
        description.metadata.shortDescription = options.description
        description.metadata.userDefined = options.metadata
        options.interface.apply(to: &description)
        var spec = CoreML_Specification_Model()
        spec.specificationVersion = target.specificationVersion
        spec.description_p = description
        spec.mlProgram = program
        return spec
    }

    /// `image` as the program's input `name`: Core ML hands the program the pixels as an fp32
    /// tensor [1, C, H, W] in the image's channel order; the preprocessing (`scale * pixel +
    /// bias`) is operations after it, then a transpose makes it channels-last for the Keras layers.
    private func imageInput(
        _ image: ImageInput, named name: String, shape: [Int], flexible: FlexibleInputShape?,
        _ builder: inout MILProgramBuilder,
        _ function: inout CoreML_Specification_MILSpec_Function,
        _ description: inout CoreML_Specification_ModelDescription
    ) throws(MLProgramConversionError) -> String {
        if let problem = image.problem(shape: shape) {
            throw MLProgramConversionError(layer: image.name, className: "InputLayer", message: problem)
        }
        let planar = [1, image.channels, shape[1], shape[2]]
        builder.input(name, shape: planar)
        function.inputs.append(MILProgramBuilder.namedType(name, .float32, shape: planar))
        var feature = CoreML_Specification_FeatureDescription()
        feature.name = name
        feature.type = image.featureType(height: shape[1], width: shape[2])
        if let flexible, let problem = image.applySizes(of: flexible, to: &feature.type) {
            throw MLProgramConversionError(layer: image.name, className: "InputLayer", message: problem)
        }
        description.input.append(feature)
        var pixels =
            options.precision == .float16
            ? builder.op("cast", ["x": name, "dtype": builder.string("fp16")], name: name + "_fp16", shape: planar)
            : name
        if image.scale != 1 {
            pixels = builder.op(
                "mul", ["x": pixels, "y": builder.scalar(Double(image.scale))], name: name + "_scaled", shape: planar)
        }
        let bias = image.channelBias
        if bias.contains(where: { $0 != 0 }) {
            let values = try builder.floats(bias, shape: [1, image.channels, 1, 1], name: name + "_bias")
            pixels = builder.op("add", ["x": pixels, "y": values], name: name + "_biased", shape: planar)
        }
        return builder.transpose(pixels, perm: [0, 2, 3, 1], name: name + "_channels_last")
    }

    /// Declares the `unknown` axes of each named value (function inputs, operation outputs) of
    /// unknown size.
    static func declareUnknown(
        _ unknown: [String: Set<Int>], in block: inout CoreML_Specification_MILSpec_Block,
        _ function: inout CoreML_Specification_MILSpec_Function
    ) {
        func apply(_ value: inout CoreML_Specification_MILSpec_NamedValueType) {
            guard let axes = unknown[value.name], case .tensorType(var tensor)? = value.type.type else { return }
            for axis in axes where axis < tensor.dimensions.count {
                tensor.dimensions[axis].unknown = .init()
            }
            value.type.tensorType = tensor
        }
        for index in function.inputs.indices { apply(&function.inputs[index]) }
        for operation in block.operations.indices {
            for output in block.operations[operation].outputs.indices {
                apply(&block.operations[operation].outputs[output])
            }
        }
    }

    /// The Keras input's declared shape without the batch dimension.
    private func inputShape(of name: String) throws(MLProgramConversionError) -> [Int] {
        guard let layer = model.graph.layer(named: name) else {
            throw MLProgramConversionError(layer: name, className: "InputLayer", message: "no such input layer")
        }
        let declared =
            layer.config["batch_input_shape"]?.array ?? layer.config["batch_shape"]?.array
            ?? layer.config["batchInputShape"]?.array ?? []
        var shape: [Int] = []
        for dimension in declared.dropFirst() {
            guard let size = dimension.int else {
                throw MLProgramConversionError(
                    layer: name, className: "InputLayer", message: "dimensions other than the batch must be known")
            }
            shape.append(size)
        }
        return shape
    }

    /// An fp32 multi-array feature of `shape`.
    static func feature(_ name: String, shape: [Int]) -> CoreML_Specification_FeatureDescription {
        var array = CoreML_Specification_ArrayFeatureType()
        array.shape = shape.map(Int64.init)
        array.dataType = .float32
        var type = CoreML_Specification_FeatureType()
        type.multiArrayType = array
        var feature = CoreML_Specification_FeatureDescription()
        feature.name = name
        feature.type = type
        return feature
    }
}
