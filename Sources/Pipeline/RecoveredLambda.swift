import KerasModel
import PythonAST

/// A Lambda-like layer's function as Delambda recovered it, or why it could not.
public struct RecoveredLambda: Sendable {
    /// Where the function came from.
    public enum Origin: Hashable, Sendable {
        /// Decompiled bytecode of the Python version(s) named (`3.8`, `3.8-3.10`); the offsets of
        /// bytes restored from Windows damage, if any.
        case bytecode(python: String, repairedOffsets: [Int])
        /// A library function's own bytecode (`Lambda(tf.nn.relu)`), identified by its module and
        /// name rather than decompiled.
        case library(String)
        /// A `def` from a `--function-source` file.
        case functionSource(path: String)
        /// A TensorFlow op stored by name (`TFOpLambda`).
        case tfOp(String)
    }

    public var layer: String
    public var origin: Origin?
    public var function: FunctionDefinition?
    public var binding: LambdaBinding?
    /// A marshaled `output_shape` function, decompiled.
    public var outputShapeFunction: FunctionDefinition?
    /// Why the function could not be recovered: its message is one line naming the layer and
    /// position; its location the layer (and the bytecode offset where known).
    public var failure: PipelineError?

    /// The Python version label of decompiled bytecode.
    public var pythonVersion: String? {
        if case .bytecode(let python, _) = origin { return python }
        return nil
    }
}
