import CoreOps
import KerasModel
import ONNXSpec

extension ONNXConverter {
    /// Each node and initializer `model` converts to, by name, with a hash of its bytes: two
    /// conversions at different input sizes that agree wrote the same graph, which then holds
    /// for every size (how symbolic input dimensions are checked).
    public static func digests(
        _ model: KerasModel, lambdas: [String: CoreOpGraph], options: ONNXConversionOptions
    ) throws(ONNXConversionError) -> [(name: String, hash: Int)] {
        let graph = try convert(model, lambdas: lambdas, options: options).graph
        let nodes = graph.node.map { ($0.name, hash(try? $0.serializedBytes() as [UInt8])) }
        let initializers = graph.initializer.map { ($0.name, hash(try? $0.serializedBytes() as [UInt8])) }
        return nodes + initializers
    }

    private static func hash(_ bytes: [UInt8]?) -> Int {
        var hasher = Hasher()
        hasher.combine(bytes ?? [])
        return hasher.finalize()
    }
}
