import CoreMLSpec
import CoreOps
import KerasModel
import SwiftProtobuf

/// One value of a program built for comparison: a function input or an operation (named by its
/// first output), the hash of everything about it but its outputs' sizes, and those sizes.
public struct MILValueDigest: Sendable {
    public var name: String
    public var hash: Int
    /// The declared shape of each output (of the input itself for a function input).
    public var shapes: [(name: String, shape: [Int])]
}

extension MLProgramConverter {
    /// The digests of the program `model` converts to with `options`, in order: the function's
    /// inputs, then its operations. Weights are laid out but not written (their data hashed).
    /// Two sizes of a flexible input must give equal hashes; the shapes tell which axes vary.
    public static func digests(
        _ model: KerasModel, lambdas: [String: CoreOpGraph], options: MLProgramOptions
    ) throws(MLProgramConversionError) -> [MILValueDigest] {
        let weights = MILBlobWriter.discarding()
        let spec = try convert(model, lambdas: lambdas, options: options, weights: weights)
        guard case .mlProgram(let program)? = spec.type, let main = program.functions["main"],
            let block = main.blockSpecializations[main.opset]
        else { return [] }
        var encoding = BinaryEncodingOptions()
        encoding.useDeterministicOrdering = true
        var digests: [MILValueDigest] = main.inputs.map { input in
            var hasher = Hasher()
            hasher.combine(input.name)
            hasher.combine(input.type.tensorType.rank)
            return MILValueDigest(
                name: input.name, hash: hasher.finalize(), shapes: [(input.name, Self.sizes(input.type))])
        }
        for operation in block.operations {
            var stripped = operation
            for index in stripped.outputs.indices {
                for axis in stripped.outputs[index].type.tensorType.dimensions.indices {
                    stripped.outputs[index].type.tensorType.dimensions[axis].constant.size = 0
                }
            }
            var hasher = Hasher()
            hasher.combine((try? stripped.serializedBytes(partial: true, options: encoding) as [UInt8]) ?? [])
            if case .blobFileValue(let blob)? = operation.attributes["val"]?.value {
                hasher.combine(weights.contentHashes[blob.offset])
            }
            digests.append(
                MILValueDigest(
                    name: operation.outputs.first?.name ?? operation.type, hash: hasher.finalize(),
                    shapes: operation.outputs.map { ($0.name, Self.sizes($0.type)) }))
        }
        return digests
    }

    private static func sizes(_ type: CoreML_Specification_MILSpec_ValueType) -> [Int] {
        type.tensorType.dimensions.map { Int($0.constant.size) }
    }
}
