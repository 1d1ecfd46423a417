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
        let finalOutputs = outputs.map(interface.outputName)
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

    private static func isIdentifier(_ name: String) -> Bool {
        guard let first = name.first, first.isASCII, first.isLetter || first == "_" else { return false }
        return name.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") }
    }
}
