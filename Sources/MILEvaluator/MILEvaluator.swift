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
        var environment: [String: MILTensor] = [:]
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
            if operation.type == "const" {
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
        for output in block.outputs {
            guard let value = environment[output] else {
                throw MILEvaluationError("output '\(output)' was not computed")
            }
            outputs[output] = value.tensor
        }
        return outputs
    }
}
