// swift-tools-version: 6.0
import PackageDescription

// scripts/fuzz sets DELAMBDA_FUZZ=1 (with its own scratch path): the fuzz targets then get their
// libFuzzer entry points and link libFuzzer; every other module is instrumented by the script's
// -sanitize=address -sanitize-coverage flags, and links no libFuzzer (the build-tool plugin's
// executable could not, lacking LLVMFuzzerTestOneInput).
let fuzzing = Context.environment["DELAMBDA_FUZZ"] == "1"
let fuzzSwiftSettings: [SwiftSetting] = fuzzing ? [.define("FUZZING")] : []
let fuzzLinkerSettings: [LinkerSetting] = fuzzing ? [.unsafeFlags(["-sanitize=fuzzer,address"])] : []

let package = Package(
    name: "Delambda",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "delambda", targets: ["DelambdaCLI"]),
        .executable(name: "delambda-bench", targets: ["DelambdaBenchmarks"]),
        .executable(name: "delambda-campaign", targets: ["DelambdaCampaign"]),
        .library(name: "Delambda", targets: ["Pipeline"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-protobuf", from: "1.39.0"),
        // Keras 3's `.keras` archives (a zip) are read in memory through it: KerasArchive only.
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.20"),
    ],
    targets: [
        // C libraries, seen only by their wrapper modules.
        .systemLibrary(
            name: "CHDF5",
            pkgConfig: "hdf5",
            providers: [.apt(["libhdf5-dev"])]
        ),
        .systemLibrary(
            name: "CYAML",
            pkgConfig: "yaml-0.1",
            providers: [.apt(["libyaml-dev"])]
        ),

        // Thin wrappers: no C type crosses these modules' public API.
        .target(name: "HDF5", dependencies: ["CHDF5"]),
        .target(name: "YAML", dependencies: ["CYAML"]),

        // Order-preserving JSON with Python's int/float distinction.
        .target(name: "JSON"),

        // The Python side: expression trees, marshal and bytecode. Knows nothing of Keras or files.
        .target(name: "PythonAST"),
        .target(name: "PythonBytecode", dependencies: ["PythonAST"]),

        // The core-op catalog: operands, attributes, shape rules and reference evaluation.
        .target(name: "CoreOps"),

        // The rewrite engine: hash-consed terms, patterns, rules, the fixpoint. Knows nothing of files.
        .target(name: "Rewrite", dependencies: ["PythonAST"]),

        // Rule files: YAML schema, compilation into the engine's rules, the built-in library, lint.
        .target(
            name: "RuleFiles", dependencies: ["YAML", "Rewrite", "PythonAST", "CoreOps", "JSON"],
            plugins: [.plugin(name: "EmbedRules")]),
        .executableTarget(name: "EmbedRulesTool"),
        .plugin(name: "EmbedRules", capability: .buildTool(), dependencies: ["EmbedRulesTool"]),

        // The Core ML backend: Keras layers and Lambda core-op graphs to a NeuralNetwork spec.
        .target(
            name: "CoreMLBackend",
            dependencies: [
                "CoreMLSpec", "CoreOps", "KerasModel", "HDF5",
                .product(name: "SwiftProtobuf", package: "swift-protobuf"),
            ]),

        // The Keras backend: Lambda core-op graphs to built-in Keras layers in a rewritten .h5.
        .target(name: "KerasBackend", dependencies: ["CoreOps", "KerasModel", "HDF5", "JSON", "KerasArchive"]),

        // Keras .h5 model reading: layer graph, weights index, Lambda payloads.
        .target(name: "KerasModel", dependencies: ["HDF5", "JSON", "KerasArchive"]),

        // Keras 3 `.keras` archives: the zip's members checked and read into memory, never to disk.
        .target(name: "KerasArchive", dependencies: [.product(name: "ZIPFoundation", package: "ZIPFoundation")]),

        // Core ML's protobuf messages, generated from Proto/CoreML by scripts/generate_proto.sh CoreML.
        .target(name: "CoreMLSpec", dependencies: [.product(name: "SwiftProtobuf", package: "swift-protobuf")]),
        .target(name: "CoreMLEvaluator", dependencies: ["CoreMLSpec", "CoreOps"]),

        // The ONNX backend: Keras layers and Lambda core-op graphs to an ONNX ModelProto; its
        // messages generated from Proto/ONNX by scripts/generate_proto.sh ONNX.
        .target(name: "ONNXSpec", dependencies: [.product(name: "SwiftProtobuf", package: "swift-protobuf")]),
        .target(
            name: "ONNXBackend",
            dependencies: [
                "ONNXSpec", "CoreOps", "KerasModel", "HDF5", "JSON",
                .product(name: "SwiftProtobuf", package: "swift-protobuf"),
            ]),

        // The ML Program backend (`.mlpackage`): Keras layers and Lambda core-op graphs to MIL
        // operations, weights streamed into the package's blob file; and the reference evaluator
        // of the MIL operations it emits, which reads packages on its own.
        .target(
            name: "MLProgramBackend",
            dependencies: [
                "CoreMLSpec", "CoreOps", "KerasModel", "HDF5",
                .product(name: "SwiftProtobuf", package: "swift-protobuf"),
            ]),
        .target(name: "MILEvaluator", dependencies: ["CoreMLSpec", "CoreOps"]),

        // Wires the stages; the CLI only parses arguments, calls it and prints.
        .target(
            name: "Pipeline",
            dependencies: [
                "HDF5", "KerasModel", "JSON", "PythonAST", "PythonBytecode", "Rewrite", "RuleFiles", "CoreOps",
                "CoreMLSpec", "CoreMLBackend", "KerasBackend", "ONNXBackend", "MLProgramBackend",
            ]),

        .executableTarget(
            name: "DelambdaCLI",
            dependencies: [
                "Pipeline", .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),

        // Hand-run measurements of speed and memory.
        .executableTarget(
            name: "DelambdaBenchmarks",
            dependencies: [
                "JSON", "PythonBytecode", "KerasModel",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),

        // The seeded mutation campaign against the delambda binary (scripts/campaign).
        .executableTarget(
            name: "DelambdaCampaign",
            dependencies: ["HDF5", "JSON", .product(name: "ArgumentParser", package: "swift-argument-parser")]
        ),

        // libFuzzer targets (scripts/fuzz builds them with -DFUZZING); a normal build replays inputs.
        .target(name: "FuzzSupport", swiftSettings: fuzzSwiftSettings),
        .executableTarget(
            name: "FuzzMarshal", dependencies: ["FuzzSupport", "PythonBytecode"], swiftSettings: fuzzSwiftSettings,
            linkerSettings: fuzzLinkerSettings),
        .executableTarget(
            name: "FuzzExpression", dependencies: ["FuzzSupport", "PythonAST"], swiftSettings: fuzzSwiftSettings,
            linkerSettings: fuzzLinkerSettings),
        .executableTarget(
            name: "FuzzJSON", dependencies: ["FuzzSupport", "JSON"], swiftSettings: fuzzSwiftSettings,
            linkerSettings: fuzzLinkerSettings),
        .executableTarget(
            name: "FuzzRules", dependencies: ["FuzzSupport", "RuleFiles"], swiftSettings: fuzzSwiftSettings,
            linkerSettings: fuzzLinkerSettings),
        .executableTarget(
            name: "FuzzKerasConfig", dependencies: ["FuzzSupport", "KerasModel"], swiftSettings: fuzzSwiftSettings,
            linkerSettings: fuzzLinkerSettings),

        .target(name: "TestSupport", dependencies: ["HDF5", "JSON", "PythonAST"], path: "Tests/TestSupport"),
        .testTarget(name: "HDF5Tests", dependencies: ["HDF5", "TestSupport"]),
        .testTarget(name: "YAMLTests", dependencies: ["YAML"]),
        .testTarget(name: "CoreOpsTests", dependencies: ["CoreOps"]),
        .testTarget(name: "RewriteTests", dependencies: ["Rewrite", "PythonAST"]),
        .testTarget(name: "RuleFilesTests", dependencies: ["RuleFiles", "Rewrite", "PythonAST", "TestSupport"]),
        .testTarget(name: "JSONTests", dependencies: ["JSON"]),
        // Checks of the repository itself: the portability guard CI runs.
        .testTarget(name: "RepositoryTests", dependencies: ["TestSupport"]),
        .testTarget(
            name: "PythonBytecodeTests", dependencies: ["PythonBytecode", "KerasModel", "JSON", "TestSupport"]),
        .testTarget(name: "PythonASTTests", dependencies: ["PythonAST", "TestSupport"]),
        .testTarget(name: "KerasModelTests", dependencies: ["KerasModel", "TestSupport"]),
        .testTarget(name: "KerasArchiveTests", dependencies: ["KerasArchive", "TestSupport"]),
        .testTarget(
            name: "PipelineTests",
            dependencies: ["Pipeline", "PythonAST", "KerasModel", "KerasBackend", "HDF5", "JSON", "TestSupport"]),
        .testTarget(
            name: "CoreMLSpecTests",
            dependencies: ["CoreMLSpec", .product(name: "SwiftProtobuf", package: "swift-protobuf")]),
        .testTarget(name: "CoreMLEvaluatorTests", dependencies: ["CoreMLEvaluator", "CoreMLSpec", "CoreOps"]),
        .testTarget(
            name: "CoreMLBackendTests",
            dependencies: [
                "Pipeline", "CoreMLBackend", "CoreMLEvaluator", "CoreMLSpec", "CoreOps", "KerasModel", "JSON",
                "TestSupport", "ONNXBackend", "MILEvaluator",
            ]),
        .testTarget(
            name: "ONNXBackendTests",
            dependencies: [
                "Pipeline", "ONNXBackend", "ONNXSpec", "CoreOps", "KerasModel", "TestSupport", "DelambdaCLI",
                .product(name: "SwiftProtobuf", package: "swift-protobuf"),
            ]),
        .testTarget(
            name: "MLProgramBackendTests",
            dependencies: [
                "Pipeline", "MLProgramBackend", "MILEvaluator", "CoreMLSpec", "CoreOps", "KerasModel", "TestSupport",
                .product(name: "SwiftProtobuf", package: "swift-protobuf"),
            ]),
        .testTarget(
            name: "CLITests",
            dependencies: [
                "DelambdaCLI", "TestSupport", "JSON", "CoreMLSpec", "HDF5", "KerasArchive", "CoreMLEvaluator",
                "MILEvaluator", "CoreOps",
            ]),
        .testTarget(
            name: "KerasBackendTests",
            dependencies: [
                "Pipeline", "KerasBackend", "KerasModel", "CoreMLEvaluator", "CoreMLSpec", "CoreOps", "HDF5", "JSON",
                "TestSupport",
            ]),
    ],
    swiftLanguageModes: [.v6]
)
