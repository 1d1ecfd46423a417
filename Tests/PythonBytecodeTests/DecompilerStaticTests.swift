import PythonAST
import PythonBytecode
import TestSupport
import Testing

/// Functions whose control flow is decided when the model is built (`Fixtures/bytecode/static.json`,
/// marshaled by every CPython version): paths that assign the same names keep their assignments,
/// each a conditional; paths that assign different names are read back as one `return` of a
/// conditional, each path's locals inlined; a `raise` ends its path as `__raise__(E)`.
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
    ]

    @Test(arguments: DecompilerTableTests.versions)
    func everyStaticPayloadDecompilesToItsPaths(tag: String) throws {
        let table = try BytecodeTable.payloads(file: "static_py\(tag).json")
        #expect(table.payloads.count == Self.expected.count)
        var failures: [String] = []
        for (id, bytes) in table.payloads {
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
