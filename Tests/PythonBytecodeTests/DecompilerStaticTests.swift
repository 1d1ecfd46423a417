import PythonAST
import PythonBytecode
import TestSupport
import Testing

/// Functions whose control flow is decided when the model is built (`Fixtures/bytecode/static.json`,
/// marshaled by every CPython version): paths that assign the same names keep their assignments,
/// each a conditional; paths that assign different names are read back as one `return` of a
/// conditional, each path's locals inlined; a `raise` ends its path as `__raise__(E)`; `for`
/// loops over constant ranges and displays are unrolled (their bodies inlined per iteration), and
/// nested functions (lambdas, defs, list comprehensions) are inlined where they are called.
@Suite struct DecompilerStaticTests {
    static let expected: [String: String] = [
        "if_elif_raise":
            "def pick(x, mode):\n    return K.sum(x, axis=-1, keepdims=True) if mode == 'sum' else"
            + " K.max(x, axis=-1, keepdims=True) if mode == 'max' else __raise__(ValueError('unknown mode ' + mode))",
        "if_image_data_format":
            "def channel_mean(x):\n    axis = -1 if K.image_data_format() == 'channels_last' else 1\n"
            + "    return K.mean(x, axis=axis, keepdims=True)",
        "if_default_is_none":
            "def top_rows(x, height):\n    return x[:, :K.int_shape(x)[1] // 2] if height is None else x[:, :height]",
        "augmented_chained_comparison":
            "def augmented(x, steps):\n    return (x + 1.0) * 0.5 - 0.25 if 0 < steps <= 3 else (x + 1.0) * 0.5",
        "assignments_after_if":
            "def resize_to(x, factor, mode):\n    method = 'bilinear' if mode == 'bilinear' else 'nearest'\n"
            + "    size = (K.int_shape(x)[1] * factor, K.int_shape(x)[2] * factor)\n"
            + "    return tf.image.resize(x, size, method=method)",
        "if_on_tensor_values": "def gate(x):\n    y = x * 2.0 if K.sum(x) > 0 else x\n    return y",
        "raise_unless_known":
            "def scale(x, kind):\n    return __raise__(ValueError(kind)) if kind not in ('unit', 'half') else"
            + " x * 0.5 if kind == 'half' else x * 1.0",
        "reassigned_parameter": "def shift(x, offset):\n    return x + 1.0 if offset is None else x + offset",
        "loop_over_range":
            "def running_sum(x):\n    return x[:, 0:1] + x[:, 1:1 + 1] * float(1) + x[:, 2:2 + 1] * float(2)"
            + " + x[:, 3:3 + 1] * float(3)",
        "list_comprehension_range":
            "lambda x: K.concatenate([x[:, 0:0 + 1] * 2.0, x[:, 1:1 + 1] * 2.0, x[:, 2:2 + 1] * 2.0], axis=-1)",
        // A nested def called twice, reading the outer `scale` through its closure.
        "nested_helper_closure": "def scaled_sum(x, scale):\n    return x * scale + 1.0 * scale",
        // Two lambdas chosen by an argument, each inlined where it is called.
        "lambda_chosen_by_argument": "def act(x, kind):\n    return K.relu(x) if kind == 'relu' else K.sigmoid(x)",
        // `continue` under a test on a parameter: each iteration branches.
        "loop_over_tuple_with_if":
            "def weighted(x, skip):\n    return "
            + "((0.0 if 2 == skip else 0.0 + x[:, 2] * (2 + 1)) if 1 == skip else 0.0 + x[:, 1] * (1 + 1) if 2 == s"
            + "kip else 0.0 + x[:, 1] * (1 + 1) + x[:, 2] * (2 + 1)) if 0 == skip else (0.0 + x[:, 0] * (0 + 1) if "
            + "2 == skip else 0.0 + x[:, 0] * (0 + 1) + x[:, 2] * (2 + 1)) if 1 == skip else 0.0 + x[:, 0] * (0 + 1"
            + ") + x[:, 1] * (1 + 1) if 2 == skip else 0.0 + x[:, 0] * (0 + 1) + x[:, 1] * (1 + 1) + x[:, 2] * (2 +"
            + " 1)",
        // `break` under a test on the loop variable: the binder folds the comparisons.
        "loop_break":
            "def first_columns(x):\n    return "
            + "x[:, 0] if 1 >= 3 else x[:, 0] + x[:, 1] if 2 >= 3 else x[:, 0] + x[:, 1] + x[:, 2] if 3 >= 3 else x"
            + "[:, 0] + x[:, 1] + x[:, 2] + x[:, 3] if 4 >= 3 else x[:, 0] + x[:, 1] + x[:, 2] + x[:, 3] + x[:, 4] "
            + "if 5 >= 3 else x[:, 0] + x[:, 1] + x[:, 2] + x[:, 3] + x[:, 4] + x[:, 5] if 6 >= 3 else x[:, 0] + x["
            + ":, 1] + x[:, 2] + x[:, 3] + x[:, 4] + x[:, 5] + x[:, 6] if 7 >= 3 else x[:, 0] + x[:, 1] + x[:, 2] +"
            + " x[:, 3] + x[:, 4] + x[:, 5] + x[:, 6] + x[:, 7] if 8 >= 3 else x[:, 0] + x[:, 1] + x[:, 2] + x[:, 3"
            + "] + x[:, 4] + x[:, 5] + x[:, 6] + x[:, 7] + x[:, 8] if 9 >= 3 else x[:, 0] + x[:, 1] + x[:, 2] + x[:"
            + ", 3] + x[:, 4] + x[:, 5] + x[:, 6] + x[:, 7] + x[:, 8] + x[:, 9]",
        // Loops whose length the model decides: a path for each length up to 16.
        "loop_over_inputs": everyLength(
            "def sum_all(inputs):", "for loop", over: "inputs[1:]", length: "len(inputs[1:])"
        ) { n in "inputs[0]" + (0..<n).map { " + inputs[1:][\($0)]" }.joined() },
        "append_over_shape": everyLength(
            "def scaled_columns(x):", "for loop", over: "range(x.shape[1])", length: "x.shape[1]"
        ) { n in
            "K.concatenate([\((0..<n).map { "x[:, \($0):\($0) + 1] * (\($0) + 1.0)" }.joined(separator: ", "))], axis=-1)"
        },
        "comprehension_over_shape": everyLength(
            "def rows(x):", "list comprehension", over: "range(K.int_shape(x)[1])", length: "K.int_shape(x)[1]"
        ) { n in "K.concatenate([\((0..<n).map { "x[:, \($0)]" }.joined(separator: ", "))], axis=-1)" },
        "enumerate_global": everyLength(
            "lambda x:", "list comprehension", over: "enumerate(weights)", length: "len(weights)"
        ) { n in
            "K.concatenate([\((0..<n).map { "x[..., \($0):\($0) + 1] * weights[\($0)]" }.joined(separator: ", "))], axis=-1)"
        },
    ]
    /// Loops the decompiler cannot unroll: the start of the refusal.
    static let refused: [String: String] = [
        "lambda_escapes": "unsupported construct nested lambda at offset",
        "loop_too_long": "unsupported construct for loop of 100000 iterations (at most 256 are unrolled)",
        "append_to_parameter": "unsupported construct inputs.append(...) as a statement (a change in place",
    ]

    /// The reading of a loop whose length the model decides: the body for each length up to
    /// 16, chosen by a test on the length, then the refusal of a longer loop.
    static func everyLength(
        _ header: String, _ construct: String, over iterable: String, length: String, body: (Int) -> String
    ) -> String {
        let message =
            "\(construct) over \(iterable) of more than 16 iterations (Delambda unrolls at most 16 when the length"
            + " depends on the model)"
        var text = "__raise__(NotImplementedError('\(message)'))"
        for count in (0...16).reversed() { text = "\(body(count)) if \(length) == \(count) else \(text)" }
        return header.hasPrefix("lambda") ? header + " " + text : header + "\n    return " + text
    }

    @Test(arguments: DecompilerTableTests.versions)
    func everyStaticPayloadDecompilesToItsPaths(tag: String) throws {
        let table = try BytecodeTable.payloads(file: "static_py\(tag).json")
        #expect(table.payloads.count == Self.expected.count + Self.refused.count)
        var failures: [String] = []
        for (id, bytes) in table.payloads {
            if let refusal = Self.refused[id] {
                do {
                    let recovered = try FunctionRecovery().recover(bytes)
                    failures.append("\(id): decompiled to \(recovered.function.source)")
                } catch {
                    if !"\(error)".hasPrefix(refusal) { failures.append("\(id): refused with \(error)") }
                }
                continue
            }
            let want = try #require(Self.expected[id], "no expectation for \(id)")
            do {
                let recovered = try FunctionRecovery().recover(bytes)
                var expected = try ExpectedFunction.parse(want)
                if table.version.major == 2 { expected = expected.withPythonTwoStrings }
                if recovered.function.comparable != expected.comparable {
                    failures.append("\(id): got \(recovered.function.source)")
                }
                if !recovered.versions.contains(table.version) {
                    failures.append("\(id): detected \(recovered.versionLabel), written by \(table.version)")
                }
            } catch {
                failures.append("\(id): \(error)")
            }
        }
        #expect(failures.isEmpty, "\(failures.joined(separator: "\n"))")
    }
}
