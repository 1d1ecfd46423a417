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

    static let libraryPrefixes = ["tensorflow", "keras", "tf_keras", "keras_applications"]

    /// The public name and a calling lambda for library code; nil for the user's own function.
    static func identify(_ code: CodeObject, module: String?) -> (name: String, function: FunctionDefinition)? {
        guard code.name != "<lambda>" else { return nil }
        return named(code.name, module: module, parameter: code.parameterNames.first ?? "x")
    }

    /// A function of a library module stored by name only (Keras 3 writes `Lambda(keras.ops.absolute)`
    /// as the module and the name): the public name and a calling lambda; nil for the user's own.
    /// Keras calls it as `function(inputs, **arguments)`: each of `keywords` (the layer's
    /// `arguments`) becomes a parameter passed on by keyword.
    static func named(_ function: String, module: String?, parameter: String = "x", keywords: [String] = [])
        -> (name: String, function: FunctionDefinition)?
    {
        guard let module, libraryPrefixes.contains(where: { module == $0 || module.hasPrefix($0 + ".") }),
            !function.isEmpty, function.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" })
        else { return nil }
        let namespace =
            publicNamespaces.first { module == $0.module || module.hasPrefix($0.module + ".") }?.namespace ?? module
        let name = namespace + "." + function
        let parts = name.split(separator: ".").map(String.init)
        let callee = parts.dropFirst().reduce(Expression.name(parts[0])) { .attribute($0, $1) }
        let keywords = keywords.filter { $0 != parameter }
        let definition = FunctionDefinition.lambda(
            parameters: [Parameter(parameter)] + keywords.map { Parameter($0) },
            result: .call(callee, [.positional(.name(parameter))] + keywords.map { .keyword($0, .name($0)) }))
        return (name, definition)
    }
}
