/// Bad command-line values for `convert`, each a small function in one table: it edits the
/// argument list (model first at index 1, `-o OUTPUT` after it) and returns the output path the
/// command should then write, if any.
struct FlagMutation: Sendable {
    var name: String
    var apply: @Sendable (inout [String], String, inout SplitMix64) -> String?

    /// Applies one mutation picked by `random`; says which and what the output path now is.
    static func mutate(_ arguments: inout [String], output: String, _ random: inout SplitMix64) -> (String, String?) {
        let mutation = random.pick(table)
        return (mutation.name, mutation.apply(&arguments, output, &random))
    }

    private static func adding(_ name: String, _ values: [String]) -> FlagMutation {
        FlagMutation(name: name) { arguments, output, random in
            arguments += [name, random.pick(values)]
            return output
        }
    }

    private static func replacingOutput(_ name: String, _ paths: [String]) -> FlagMutation {
        FlagMutation(name: name) { arguments, _, random in
            let path = random.pick(paths)
            if let index = arguments.firstIndex(of: "-o"), index + 1 < arguments.count { arguments[index + 1] = path }
            return path
        }
    }

    static let table: [FlagMutation] = [
        adding("--define", ["junk", "=1", "scale=", "scale=nan", "scale=1e999", "scale=[1,2", "x=y=z", "=", "a b=1"]),
        adding("--python", ["9.9", "3", "abc", "3.99999999999999999999", "-1.2", "", "2.6", "3.14"]),
        adding("--image-scale", ["nan", "inf", "-inf", "1e999", "x", ""]),
        adding("--image-bias", ["1,2", "nan", "1,2,3,4", ",", "inf,inf,inf"]),
        adding("--image-input", ["nosuch", "", "x", "dense"]),
        adding("--image-color", ["cmyk", ""]),
        adding("--rules", ["/nonexistent/rules.yaml", "/dev/null", ".", "/proc/self"]),
        adding("--function-source", ["/nonexistent.py", "/dev/null", "."]),
        replacingOutput(
            "unknown-extension", ["out.txt", "out", "out.MLMODEL", "out.mlmodel.bak", ".mlmodel", "out.h5"]),
        replacingOutput("missing-folder", ["missing/out.mlmodel", "missing/deeper/out.mlmodel"]),
        FlagMutation(name: "output-is-input") { arguments, _, _ in
            if let index = arguments.firstIndex(of: "-o"), index + 1 < arguments.count {
                arguments[index + 1] = arguments[1]
            }
            return arguments[1]
        },
        FlagMutation(name: "output-is-folder") { arguments, _, _ in
            if let index = arguments.firstIndex(of: "-o"), index + 1 < arguments.count { arguments[index + 1] = "." }
            return nil
        },
        FlagMutation(name: "missing-value") { arguments, output, random in
            arguments.append(random.pick(["--define", "--python", "--rules", "-o", "--image-scale"]))
            return output
        },
        FlagMutation(name: "unknown-flag") { arguments, output, random in
            arguments.append(random.pick(["--frobnicate", "-x", "--", "--format=json", "-oo"]))
            return output
        },
    ]
}
