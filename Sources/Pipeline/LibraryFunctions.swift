import PythonAST
import PythonBytecode

/// `Lambda(tf.nn.relu)` stores TensorFlow's own bytecode of `relu`, which is no lambda to
/// decompile: such payloads are recognized by module and function name and stand for a call of
/// the public function.
enum LibraryFunctions {
    /// Internal modules and the public namespace their functions are exported under.
    static let publicNamespaces: [(module: String, namespace: String)] = [
        ("tensorflow.python.ops.gen_nn_ops", "tf.nn"), ("tensorflow.python.ops.nn_ops", "tf.nn"),
        ("tensorflow.python.ops.nn_impl", "tf.nn"), ("tensorflow.python.ops.gen_math_ops", "tf.math"),
        ("tensorflow.python.ops.math_ops", "tf.math"), ("tensorflow.python.ops.special_math_ops", "tf.math"),
        ("tensorflow.python.ops.gen_array_ops", "tf"), ("tensorflow.python.ops.array_ops", "tf"),
        ("tensorflow.python.ops.clip_ops", "tf"), ("tensorflow.python.ops.image_ops_impl", "tf.image"),
        ("tensorflow.python.keras.activations", "keras.activations"),
        ("tensorflow.python.keras.backend", "keras.backend"), ("tf_keras.src.activations", "keras.activations"),
        ("tf_keras.src.backend", "keras.backend"), ("keras.src.activations", "keras.activations"),
        ("keras.src.ops", "keras.ops"), ("keras.activations", "keras.activations"), ("keras.backend", "keras.backend"),
    ]

    static let libraryPrefixes = ["tensorflow", "keras", "tf_keras"]

    /// The public name and a calling lambda for library code; nil for the user's own function.
    static func identify(_ code: CodeObject, module: String?) -> (name: String, function: FunctionDefinition)? {
        guard let module, code.name != "<lambda>",
            libraryPrefixes.contains(where: { module == $0 || module.hasPrefix($0 + ".") })
        else { return nil }
        let namespace =
            publicNamespaces.first { module == $0.module || module.hasPrefix($0.module + ".") }?.namespace ?? module
        let name = namespace + "." + code.name
        let parts = name.split(separator: ".").map(String.init)
        let callee = parts.dropFirst().reduce(Expression.name(parts[0])) { .attribute($0, $1) }
        let parameter = code.parameterNames.first ?? "x"
        let function = FunctionDefinition.lambda(
            parameters: [Parameter(parameter)], result: .call(callee, [.positional(.name(parameter))]))
        return (name, function)
    }
}
