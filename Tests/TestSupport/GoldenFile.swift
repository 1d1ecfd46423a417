import HDF5

/// A golden file written by the fixture generator: seeded inputs and TensorFlow's outputs,
/// as datasets `input_0`, `input_1`, ... and `output_0`, ...
public struct GoldenFile: Sendable {
    public struct Tensor: Sendable {
        public var shape: [Int]
        public var values: [Float]
    }

    public var inputs: [Tensor]
    public var outputs: [Tensor]

    public init(path: String) throws {
        let root = try HDF5File.open(path).root
        func tensors(_ prefix: String) throws -> [Tensor] {
            var result: [Tensor] = []
            while root.kind(of: "\(prefix)_\(result.count)") == .dataset {
                let dataset = try root.dataset("\(prefix)_\(result.count)")
                result.append(Tensor(shape: dataset.shape, values: try dataset.readFloats()))
            }
            return result
        }
        inputs = try tensors("input")
        outputs = try tensors("output")
    }
}
