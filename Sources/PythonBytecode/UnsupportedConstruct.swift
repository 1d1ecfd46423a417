/// Names the construct behind bytecode that is not an expression: loops, comprehensions,
/// nested functions, `try`, `with`, `yield`... A table from opcode to construct, checked before
/// symbolic execution so the user hears "list comprehension", not "opcode LIST_APPEND".
enum UnsupportedConstruct {
    /// Constructs by opcode name, most telling first: when several are present, the earliest
    /// entry of this list names the error.
    static let byOpcode: [(construct: String, opcodes: Set<String>)] = [
        ("yield from", ["YIELD_FROM", "GET_YIELD_FROM_ITER", "SEND", "END_SEND", "CLEANUP_THROW"]),
        ("yield", ["YIELD_VALUE", "RETURN_GENERATOR", "GEN_START"]),
        ("await", ["GET_AWAITABLE", "GET_AITER", "GET_ANEXT", "END_ASYNC_FOR", "ASYNC_GEN_WRAP"]),
        ("match statement", ["MATCH_CLASS", "MATCH_KEYS", "MATCH_MAPPING", "MATCH_SEQUENCE", "GET_LEN"]),
        (
            "with statement",
            [
                "SETUP_WITH", "BEFORE_WITH", "WITH_CLEANUP", "WITH_CLEANUP_START", "WITH_CLEANUP_FINISH",
                "WITH_EXCEPT_START", "SETUP_ASYNC_WITH", "BEFORE_ASYNC_WITH",
            ]
        ),
        (
            "try statement",
            [
                "SETUP_EXCEPT", "SETUP_FINALLY", "POP_EXCEPT", "PUSH_EXC_INFO", "CHECK_EXC_MATCH",
                "JUMP_IF_NOT_EXC_MATCH", "RERAISE", "BEGIN_FINALLY", "END_FINALLY", "CALL_FINALLY", "POP_FINALLY",
                "CHECK_EG_MATCH", "PREP_RERAISE_STAR",
            ]
        ),
        ("import *", ["IMPORT_STAR"]),
        ("global statement", ["STORE_GLOBAL", "DELETE_GLOBAL"]),
        ("assert statement", ["LOAD_ASSERTION_ERROR"]),
        ("f-string", ["FORMAT_VALUE", "BUILD_STRING", "FORMAT_SIMPLE", "FORMAT_WITH_SPEC", "CONVERT_VALUE"]),
        ("while loop", ["CONTINUE_LOOP"]),
        ("raise statement", ["RAISE_VARARGS"]),
        ("attribute assignment", ["STORE_ATTR", "DELETE_ATTR"]),
        (
            "item assignment",
            [
                "STORE_SUBSCR", "DELETE_SUBSCR", "STORE_SLICE", "STORE_SLICE+0", "STORE_SLICE+1", "STORE_SLICE+2",
                "STORE_SLICE+3", "DELETE_SLICE+0", "DELETE_SLICE+1", "DELETE_SLICE+2", "DELETE_SLICE+3",
            ]
        ),
        ("del statement", ["DELETE_FAST", "DELETE_DEREF", "DELETE_NAME"]),
        ("class definition", ["LOAD_BUILD_CLASS", "BUILD_CLASS"]),
        ("super()", ["LOAD_SUPER_ATTR"]),
        ("print statement", ["PRINT_ITEM", "PRINT_ITEM_TO", "PRINT_NEWLINE", "PRINT_NEWLINE_TO", "PRINT_EXPR"]),
        ("exec statement", ["EXEC_STMT"]),
        ("backquote repr", ["UNARY_CONVERT"]),
        ("annotation", ["SETUP_ANNOTATIONS", "STORE_ANNOTATION"]),
        ("class body", ["STORE_NAME", "LOAD_LOCALS", "LOAD_FROM_DICT_OR_DEREF", "LOAD_FROM_DICT_OR_GLOBALS"]),
    ]

    /// The construct that keeps `code` from being an expression, with the offset showing it; nil
    /// when there is none.
    static func find(in instructions: [Instruction], of code: CodeObject) -> BytecodeError? {
        if let nested = nestedFunction(in: instructions, of: code) { return nested }
        if let comprehension = inlinedComprehension(in: instructions) { return comprehension }
        for (construct, opcodes) in byOpcode {
            // A `raise` ends its path (decided away when its branch is not taken); only the
            // `assert` that Python < 3.9 compiled to one is refused here.
            if construct == "raise statement", !raisesAssertion(code) { continue }
            // 3.12+ comprehensions restore their variable in a handler that re-raises.
            let comprehension = instructions.contains { $0.name == "LOAD_FAST_AND_CLEAR" }
            let opcodes = construct == "try statement" && comprehension ? opcodes.subtracting(["RERAISE"]) : opcodes
            if let instruction = instructions.first(where: { opcodes.contains($0.name) }) {
                let name = construct == "raise statement" ? "assert statement" : construct
                return .unsupported(name, at: instruction.offset)
            }
        }
        // A `for` loop jumps back to its FOR_ITER (and is unrolled); any other jump back is a `while`.
        let loopHeads = Set(instructions.filter { $0.name == "FOR_ITER" }.map(\.offset))
        if let backward = instructions.first(where: {
            ($0.jumpTarget ?? Int.max) <= $0.offset && !loopHeads.contains($0.jumpTarget ?? -1)
        }) {
            return .unsupported("while loop", at: backward.offset)
        }
        if code.name == "<lambda>", !instructions.contains(where: { $0.name == "FOR_ITER" }),
            let store = instructions.first(where: { $0.name.hasPrefix("STORE_FAST") || $0.name == "STORE_DEREF" })
        {
            return .unsupported("walrus (assignment expression)", at: store.offset)
        }
        return nil
    }

    /// A function made inside the function that cannot be inlined: generator expressions and set
    /// or dict comprehensions (lambdas, defs and list comprehensions are called and inlined).
    private static func nestedFunction(in instructions: [Instruction], of code: CodeObject) -> BytecodeError? {
        let refused = [
            "<genexpr>": "generator expression", "<setcomp>": "set comprehension",
            "<dictcomp>": "dict comprehension",
        ]
        for constant in code.constants {
            guard case .code(let inner) = constant, let construct = refused[inner.name] else { continue }
            let make = instructions.first { $0.name == "MAKE_FUNCTION" || $0.name == "MAKE_CLOSURE" }
            return .unsupported(construct, at: make?.offset ?? 0)
        }
        return nil
    }

    /// 3.12+ inlines comprehensions: a loop that adds to a set or a dict is refused (a list
    /// comprehension is unrolled).
    private static func inlinedComprehension(in instructions: [Instruction]) -> BytecodeError? {
        guard let loop = instructions.first(where: { $0.name == "FOR_ITER" }) else { return nil }
        let kinds = [("SET_ADD", "set comprehension"), ("MAP_ADD", "dict comprehension")]
        for (opcode, construct) in kinds where instructions.contains(where: { $0.name == opcode }) {
            return .unsupported(construct, at: loop.offset)
        }
        return nil
    }

    /// Python < 3.9 compiled `assert` as a `raise` of the global `AssertionError`.
    private static func raisesAssertion(_ code: CodeObject) -> Bool {
        code.names.contains("AssertionError")
    }
}
