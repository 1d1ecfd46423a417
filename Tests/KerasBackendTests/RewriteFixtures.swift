import Foundation
import KerasBackend
import Pipeline
import TestSupport
import Testing

/// Fixtures rewritten once per test run, with the options they need.
enum RewriteFixtures {
    /// Lambdas that sample noise: no built-in layer reproduces them, so they are not rewritable.
    static let notRewritable: Set<String> = ["models/vae_sampling.h5"]
    static let defines: [String: [String]] = ["models/global_scale.h5": ["SCALE=0.5"]]

    /// Every full-model `.h5` fixture with a golden file whose Lambdas are rewritable. The `.keras`
    /// twins are rewritten by `KerasArchiveCommandTests` and, loaded in Keras 3 safe mode, by
    /// `scripts/check_keras.py`: these tests read the files' HDF5 structure.
    static let models = FixtureManifest.shared.models.filter { model in
        model.golden != nil && model.entry["weights_only"]?.bool != true && !notRewritable.contains(model.file)
            && model.entry["archive"] == nil
    }

    /// Rewrites a flavour cannot express (their refusals are checked by `SelectionRewriteTests`):
    /// top_k's (values, indices) pair in either flavour; for Keras 3, one_hot with on/off values,
    /// exclusive or reversed scans, and `x[:, 0]` (a dropped axis).
    static let refusedFlavours: [String: Set<KerasDialect>] = [
        "families/indexing/top_k_values_tf_keras.h5": [.keras2, .keras3],
        "families/indexing/top_k_values_keras3.h5": [.keras2, .keras3],
        "families/indexing/top_k_indices_tf_keras.h5": [.keras2, .keras3],
        "families/indexing/top_k_indices_keras3.h5": [.keras2, .keras3],
        "families/indexing/one_hot_tf_keras.h5": [.keras3],
        "families/indexing/one_hot_keras3.h5": [.keras3],
        "families/indexing/one_hot_values_tf_keras.h5": [.keras3],
        "families/indexing/cumsum_exclusive_reverse_tf_keras.h5": [.keras3],
        "families/indexing/cumprod_exclusive_reverse_tf_keras.h5": [.keras3],
        // Images: Keras 3 resizes at half-pixel centers only; rgb_to_grayscale's weights are a
        // constant operand.
        "families/images/resize_v1_bilinear_legacy_tf_keras.h5": [.keras3],
        "families/images/resize_v1_bilinear_align_tf_keras.h5": [.keras3],
        "families/images/resize_v1_nearest_align_tf_keras.h5": [.keras3],
        "families/images/resize_v1_nearest_down_tf_keras.h5": [.keras3],
        "families/images/resize_images_v1_tf_keras.h5": [.keras3],
        "families/images/resize_images_v1_nearest_align_tf_keras.h5": [.keras3],
        "families/images/rgb_to_grayscale_tf_keras.h5": [.keras2, .keras3],
        // preprocess_input's caffe and torch modes: per-channel constants (no layer takes them yet).
        "families/applications/resnet50_preprocess_tf_keras.h5": [.keras2, .keras3],
        "families/applications/vgg16_preprocess_tf_keras.h5": [.keras2, .keras3],
        "families/applications/vgg19_preprocess_tf_keras.h5": [.keras2, .keras3],
        "families/applications/densenet_preprocess_tf_keras.h5": [.keras2, .keras3],
        // Inputs of unknown size: Keras 3 has no strided slice (x[:, ::2]), and the resize's size
        // is a number only once the input's is (convert checks it at several sizes; rewrite cannot).
        "families/flexible_shapes/sequence_any_length_tf_keras.h5": [.keras3],
        "families/flexible_shapes/sequence_any_length_keras3.h5": [.keras3],
        "families/flexible_shapes/resize_any_size_tf_keras.h5": [.keras2, .keras3],
        "families/flexible_shapes/resize_any_size_keras3.h5": [.keras2, .keras3],
    ]

    /// One rewrite to test: a fixture in its own flavour, or written for the other one.
    struct Case: Sendable, CustomTestStringConvertible {
        var model: FixtureManifest.Model
        var flavour: KerasDialect?

        var testDescription: String { "\(model.file) for \(flavour?.rawValue ?? "its own flavour")" }

        /// The flavour written: the one asked for, else the fixture's own.
        var targetFlavour: KerasDialect { flavour ?? (model.flavour == "keras3" ? .keras3 : .keras2) }
    }

    static let cases: [Case] = allCases.filter {
        !refused.contains($0.testDescription) && !(refusedFlavours[$0.model.file] ?? []).contains($0.targetFlavour)
    }

    /// Rewrites refused with a reason, by test description: a constant tensor operand (`const`
    /// has no layer), Keras 3's matmul of rank 4 or 2 (no layer; its keras.ops Lambdas take one
    /// tensor), Keras 3's shrinking slice.
    static let refused: Set<String> = [
        "families/contractions/dot_nd_tf_keras.h5 for its own flavour",
        "families/contractions/dot_nd_tf_keras.h5 for keras3",
        "families/contractions/einsum_constant_tf_keras.h5 for its own flavour",
        "families/contractions/einsum_constant_tf_keras.h5 for keras3",
        "families/contractions/einsum_ellipsis_keras3.h5 for its own flavour",
        "families/contractions/einsum_ellipsis_tf_keras.h5 for keras3",
        "families/contractions/einsum_heads_keras3.h5 for its own flavour",
        "families/contractions/einsum_heads_tf_keras.h5 for keras3",
        "families/contractions/unstack_index_keras3.h5 for its own flavour",
        "families/contractions/unstack_index_tf_keras.h5 for keras3",
        // `x[:, i]` drops an axis, which Keras 3 has no layer for.
        "families/shape_loops/comprehension_over_shape_tf_keras.h5 for keras3",
        // Constants that vary along more than the last axis: no built-in layer holds them.
        "families/nested_constants/numpy_per_row_tf_keras.h5 for its own flavour",
        "families/nested_constants/numpy_per_row_tf_keras.h5 for keras3",
        "families/nested_constants/k_constant_matrix_tf_keras.h5 for its own flavour",
        "families/nested_constants/k_constant_matrix_tf_keras.h5 for keras3",
        "families/nested_constants/tf_constant_column_tf_keras.h5 for its own flavour",
        "families/nested_constants/tf_constant_column_tf_keras.h5 for keras3",
        "families/nested_constants/tf_constant_filled_tf_keras.h5 for its own flavour",
        "families/nested_constants/tf_constant_filled_tf_keras.h5 for keras3",
        "families/nested_constants/matmul_constant_tf_keras.h5 for its own flavour",
        "families/nested_constants/matmul_constant_tf_keras.h5 for keras3",
        "families/nested_constants/python_nested_list_tf_keras.h5 for its own flavour",
        "families/nested_constants/python_nested_list_tf_keras.h5 for keras3",
        "families/nested_constants/python_nested_list_keras3.h5 for its own flavour",
        "families/nested_constants/python_nested_list_keras3.h5 for keras2",
    ]

    static let refusedCases: [Case] = allCases.filter { refused.contains($0.testDescription) }

    private static let allCases: [Case] =
        models.map { Case(model: $0, flavour: nil) }
        + models.filter { $0.flavour != "keras3" }.map { Case(model: $0, flavour: .keras3) }
        + models.filter { $0.flavour == "keras3" }.map { Case(model: $0, flavour: .keras2) }

    static func folder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("delambda-rewrite-\(UUID())")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// The options `model` needs: defines for globals, the source of functions stored by name.
    static func options(_ model: FixtureManifest.Model, in folder: URL) throws -> FunctionOptions {
        var sources: [String] = []
        if model.lambdas.first?.payload == "named", let source = model.lambdas.first?.source {
            let file = folder.appendingPathComponent("functions.py")
            try "import keras\nfrom keras import ops\n\n\(source)\n".write(to: file, atomically: true, encoding: .utf8)
            sources.append(file.path)
        }
        return try FunctionOptions.parse(python: nil, defines: defines[model.file] ?? [], functionSources: sources)
    }

    /// Rewrites `model` into `folder`; returns the output path and the report.
    static func rewrite(
        _ model: FixtureManifest.Model, in folder: URL, flavour: KerasDialect? = nil
    ) throws -> (String, RewriteReport) {
        let output = folder.appendingPathComponent("rewritten.h5").path
        let report = try Pipeline.rewrite(
            model.path, output: output, flavour: flavour, options: try options(model, in: folder))
        return (output, report)
    }
}
