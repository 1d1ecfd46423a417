import CoreMLSpec
import KerasModel

/// Checks `--rename-*` and `--*-description` against the model before anything is converted:
/// every name given must be one of its inputs or outputs, and every new name a plain identifier
/// (as Core ML and MIL name features) that no other feature or layer has.
enum InterfaceCheck {
    static func check(_ interface: ModelInterface, against model: KerasModel, file: String) throws(PipelineError) {
        let inputs = model.graph.inputs.map(\.layer)
        let outputs = model.graph.outputs.map(\.layer)
        func refuse(_ message: String) -> PipelineError {
            PipelineError(.usage, "\(file): \(message)", location: .init(file: file))
        }
        for (option, renames, names) in [
            ("--rename-input", interface.inputRenames, inputs), ("--rename-output", interface.outputRenames, outputs),
        ] {
            for (old, new) in renames.sorted(by: { $0.key < $1.key }) {
                guard names.contains(old) else {
                    throw refuse(
                        "\(option) \(old)=\(new): the model has no such \(option.dropFirst(9)); it has "
                            + names.joined(separator: ", "))
                }
                guard isIdentifier(new) else {
                    throw refuse(
                        "\(option) \(old)=\(new): a feature name is letters, digits and _, not starting with a digit")
                }
                let others = model.graph.layers.map(\.name).filter { $0 != old }
                guard !others.contains(new) else {
                    throw refuse("\(option) \(old)=\(new): a layer of the model is already called \(new)")
                }
            }
        }
        let finalInputs = inputs.map(interface.inputName)
        var finalOutputs = outputs.map(interface.outputName)
        if interface.classLabels != nil {
            guard !outputs.isEmpty else { throw refuse("--class-labels: the model has no output to classify with") }
            let label = ClassLabels.predictedFeatureName
            if model.graph.layers.contains(where: { $0.name == label }) {
                throw refuse("--class-labels: a layer of the model is already called \(label), the label's output")
            }
            finalOutputs.append(label)
        }
        let all = finalInputs + finalOutputs.filter { !inputs.contains($0) }
        if let twice = Set(all).first(where: { name in all.filter { $0 == name }.count > 1 }) {
            throw refuse("two features would be called \(twice)")
        }
        for (option, described, names) in [
            ("--input-description", interface.inputDescriptions, finalInputs),
            ("--output-description", interface.outputDescriptions, finalOutputs),
        ] {
            for name in described.keys.sorted() where !names.contains(name) {
                throw refuse("\(option) \(name): no such feature; the model's are \(names.joined(separator: ", "))")
            }
        }
    }

    /// Checks that the class labels name each value of the model's first output, whose shape is
    /// known once the Lambdas are converted (`shapes`): one label per element, batch aside.
    static func checkClassLabels(
        _ labels: ClassLabels, model: KerasModel, shapes: ShapeInference, file: String
    ) throws(PipelineError) {
        guard let output = model.graph.outputs.first else { return }
        let location = PipelineError.Location(file: file, layer: output.layer)
        guard let shape = shapes.shape(of: output), shape.rank >= 1 else {
            throw PipelineError(
                .usage, "\(file): --class-labels: the shape of output '\(output.layer)' is not known",
                location: location)
        }
        let sizes = shape.dimensions.dropFirst()
        guard sizes.allSatisfy({ $0 != nil }) else {
            throw PipelineError(
                .usage,
                "\(file): --class-labels: output '\(output.layer)' has shape \(shape), whose size is not fixed",
                location: location)
        }
        let count = sizes.reduce(1) { $0 * ($1 ?? 1) }
        guard count == labels.count else {
            throw PipelineError(
                .usage,
                "\(file): --class-labels: \(labels.count) labels for output '\(output.layer)' of shape \(shape), "
                    + "which holds \(count) values (one label each)",
                location: location)
        }
    }

    private static func isIdentifier(_ name: String) -> Bool {
        guard let first = name.first, first.isASCII, first.isLetter || first == "_" else { return false }
        return name.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") }
    }
}
