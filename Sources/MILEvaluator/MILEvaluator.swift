import CoreMLSpec
import CoreOps
import Foundation

typealias MILDataType = CoreML_Specification_MILSpec_DataType

/// A reference evaluation of ML Programs, written from the MIL operations' documentation
/// (coremltools' op definitions: inputs, defaults, semantics), independent of the converter.
///
/// Runs the `main` function's block operation by operation on float tensors; each result is
/// rounded to its declared element type (fp16 results to half precision, as a device computing
/// in fp16 would store them; fp32 to single), so an fp16 program shows fp16's error.
public struct MILEvaluator: Sendable {
    let function: CoreML_Specification_MILSpec_Function
    let block: CoreML_Specification_MILSpec_Block
    let weights: MILBlobFile?

    /// - Throws: ``MILEvaluationError`` when the model holds no ML Program with a `main` function
    ///   whose opset has a block.
    public init(model: CoreML_Specification_Model, weights: MILBlobFile?) throws(MILEvaluationError) {
        guard case .mlProgram(let program)? = model.type else {
            throw MILEvaluationError("the model is not an ML Program")
        }
        guard let function = program.functions["main"], let block = function.blockSpecializations[function.opset]
        else { throw MILEvaluationError("the program has no 'main' function with a block for its opset") }
        self.function = function
        self.block = block
        self.weights = weights
    }

    /// Reads the package at `url` and prepares its program.
    public init(package url: URL) throws(MILEvaluationError) {
        let package = try MLPackage(url: url)
        try self.init(model: package.model, weights: package.weights)
    }

    /// The function's inputs' names, in order.
    public var inputNames: [String] { function.inputs.map(\.name) }
    /// The block's outputs' names, in order.
    public var outputNames: [String] { block.outputs }

    /// Runs the program on `inputs` (by name); returns every block output by name.
    /// - Throws: ``MILEvaluationError`` naming the operation that cannot be evaluated.
    public func predict(_ inputs: [String: Tensor]) throws(MILEvaluationError) -> [String: Tensor] {
        try run(inputs).outputs
    }

    /// A classifier's answer for `inputs` (the program ends in `classify`): the most probable
    /// label and each label's probability.
    public func classify(_ inputs: [String: Tensor]) throws(MILEvaluationError) -> Classification {
        guard let answer = try run(inputs).classification else {
            throw MILEvaluationError("the program has no 'classify' operation")
        }
        return answer
    }

    /// Every block output that is a tensor (a `classify` dictionary as its probabilities; its
    /// label left out), and the classification if the program classifies.
    private func run(_ inputs: [String: Tensor]) throws(MILEvaluationError)
        -> (outputs: [String: Tensor], classification: Classification?)
    {
        var environment: [String: MILTensor] = [:]
        var classification: Classification?
        var label: String?
        for input in function.inputs {
            guard let tensor = inputs[input.name] else {
                throw MILEvaluationError("no value for input '\(input.name)'")
            }
            let type = input.type.tensorType.dataType
            environment[input.name] = MILTensor(tensor: MILTensor.rounded(tensor, to: type), type: type)
        }
        for operation in block.operations {
            let name = operation.outputs.first?.name ?? operation.type
            let result: MILTensor
            if operation.type == "classify" {
                let (answer, probabilities) = try Self.classify(operation, environment: environment)
                classification = answer
                label = operation.outputs.first?.name
                if operation.outputs.count == 2 { environment[operation.outputs[1].name] = probabilities }
                continue
            } else if operation.type == "const" {
                guard let value = operation.attributes["val"] else {
                    throw MILEvaluationError(operation: name, "const without a 'val' attribute")
                }
                result = try MILTensor.decode(value, weights: weights, operation: name)
            } else if let evaluate = MILOperations.multipleOutputs[operation.type] {
                let context = try MILOpContext(operation, name: name, environment: environment)
                let results = try evaluate(context)
                guard results.count == operation.outputs.count else {
                    throw MILEvaluationError(
                        operation: name, "\(results.count) results for \(operation.outputs.count) outputs")
                }
                for (output, tensor) in zip(operation.outputs, results) {
                    let type = output.type.tensorType.dataType
                    environment[output.name] = MILTensor(tensor: MILTensor.rounded(tensor, to: type), type: type)
                }
                continue
            } else {
                guard let evaluate = MILOperations.table[operation.type] else {
                    throw MILEvaluationError(operation: name, "'\(operation.type)' has no reference evaluation")
                }
                let context = try MILOpContext(operation, name: name, environment: environment)
                let type = operation.outputs.first?.type.tensorType.dataType ?? .float32
                result = MILTensor(tensor: MILTensor.rounded(try evaluate(context), to: type), type: type)
            }
            environment[name] = result
        }
        var outputs: [String: Tensor] = [:]
        for output in block.outputs where output != label {
            guard let value = environment[output] else {
                throw MILEvaluationError("output '\(output)' was not computed")
            }
            outputs[output] = value.tensor
        }
        return (outputs, classification)
    }

    /// MIL's `classify`: `probabilities` (fp32, as many values as `classes`, any shape) and
    /// `classes`, a constant list of strings or int64s; the label of the largest probability and
    /// the dictionary from class to probability (returned here as the probabilities tensor).
    static func classify(
        _ operation: CoreML_Specification_MILSpec_Operation, environment: [String: MILTensor]
    ) throws(MILEvaluationError) -> (Classification, MILTensor) {
        let name = operation.outputs.first?.name ?? "classify"
        guard let source = operation.inputs["probabilities"]?.arguments.first?.name,
            let probabilities = environment[source]
        else { throw MILEvaluationError(operation: name, "'probabilities' is not a computed value") }
        guard probabilities.type == .float32 else {
            throw MILEvaluationError(operation: name, "'probabilities' must be fp32")
        }
        guard let binding = operation.inputs["classes"]?.arguments.first, case .value(let value)? = binding.binding,
            case .list(let list)? = value.immediateValue.value
        else { throw MILEvaluationError(operation: name, "'classes' must be a list literal") }
        let elements = list.values.map { $0.immediateValue.tensor }
        let labels: ClassLabels
        if elements.allSatisfy({ $0.strings.values.count == 1 }) {
            labels = .strings(elements.map { $0.strings.values[0] })
        } else if elements.allSatisfy({ $0.longInts.values.count == 1 }) {
            labels = .integers(elements.map { $0.longInts.values[0] })
        } else {
            throw MILEvaluationError(operation: name, "'classes' must list strings or int64s")
        }
        guard let answer = labels.classify(probabilities.tensor.values) else {
            throw MILEvaluationError(
                operation: name,
                "\(labels.count) classes for \(probabilities.tensor.values.count) probabilities")
        }
        return (answer, probabilities)
    }
}
