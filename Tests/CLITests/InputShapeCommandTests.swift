import CoreMLSpec
import Foundation
import MILEvaluator
import TestSupport
import Testing

/// `convert` of models over inputs of unknown size (issue 16 item 1): the shapes chosen and
/// printed, `--input-shape` and `--batch` and their usage errors, and the refusals naming the
/// layer whose Core ML layers depend on a size.
@Suite struct InputShapeCommandTests {
    static let sequence = FixturePaths.fixture("families/flexible_shapes/sequence_any_length_tf_keras.h5")
    static let image = FixturePaths.fixture("families/flexible_shapes/image_any_size_tf_keras.h5")

    static func output() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("delambda-shapes-\(UUID())")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url.appendingPathComponent("model.mlmodel")
    }

    static func inputType(_ output: URL) throws -> CoreML_Specification_ArrayFeatureType {
        let spec = try CoreML_Specification_Model(serializedBytes: try Data(contentsOf: output))
        return try #require(spec.description_p.input.first).type.multiArrayType
    }

    @Test func unknownDimensionsGetAnUnboundedRangeThatIsPrinted() throws {
        let output = try Self.output()
        let result = try ProcessRunner.delambda(["convert", Self.image, "-o", output.path])
        #expect(result.exitCode == 0, "\(result.standardError)")
        #expect(
            result.standardError.contains("delambda: input 'input_0': 1 x 1.. (default 224) x 1.. (default 224) x 3"))
        let array = try Self.inputType(output)
        #expect(array.shape == [1, 224, 224, 3])
        #expect(array.shapeRange.sizeRanges.map(\.lowerBound) == [1, 1, 1, 3])
        #expect(array.shapeRange.sizeRanges.map(\.upperBound) == [1, -1, -1, 3])
    }

    @Test func rangesAndTheBatchComeFromTheOptions() throws {
        let output = try Self.output()
        let result = try ProcessRunner.delambda([
            "convert", Self.sequence, "-o", output.path, "--input-shape", "input_0=1..8x4..512x40",
        ])
        #expect(result.exitCode == 0, "\(result.standardError)")
        #expect(result.standardError.contains("input 'input_0': 1..8 (default 1) x 4..512 (default 16) x 40"))
        let array = try Self.inputType(output)
        #expect(array.shapeRange.sizeRanges.map(\.lowerBound) == [1, 4, 40])
        #expect(array.shapeRange.sizeRanges.map(\.upperBound) == [8, 512, 40])
    }

    @Test func enumeratedShapesAreWrittenAsSuch() throws {
        let output = try Self.output()
        let result = try ProcessRunner.delambda([
            "convert", Self.image, "-o", output.path, "--input-shape", "input_0=1x64x64x3,1x96x128x3",
        ])
        #expect(result.exitCode == 0, "\(result.standardError)")
        let array = try Self.inputType(output)
        #expect(array.shape == [1, 64, 64, 3])
        #expect(array.enumeratedShapes.shapes.map(\.shape) == [[1, 64, 64, 3], [1, 96, 128, 3]])
    }

    @Test(arguments: [
        (["--input-shape", "input_0=1x3..x40x"], "--input-shape input_0=1x3..x40x: '' is not a size"),
        (["--input-shape", "input_0=1x9..4x40"], "--input-shape input_0=1x9..4x40: '9..4' is not a size"),
        (["--input-shape", "1x16x40"], "--input-shape 1x16x40: expected NAME=SHAPE"),
        (
            ["--input-shape", "input_0=1x8x40,1x8"],
            "--input-shape input_0=1x8x40,1x8: the enumerated shapes differ in rank"
        ),
        (["--batch", "0..4"], "--batch 0..4: expected a size N"),
    ])
    func malformedShapesAreUsageErrors(arguments: [String], message: String) throws {
        let output = try Self.output()
        let result = try ProcessRunner.delambda(["convert", Self.sequence, "-o", output.path] + arguments)
        #expect(result.exitCode == 2)
        #expect(result.standardError.contains(message), "\(result.standardError)")
        #expect(!FileManager.default.fileExists(atPath: output.path))
    }

    @Test(arguments: [
        ("input_0=1x16x41", "dimension 2 is 40 in the model (None, None, 40), not 41"),
        ("input_0=1x16", "2 dimensions, but the model's input is (None, None, 40)"),
        ("frames=1x16x40", "the model has no input 'frames'; its inputs are input_0"),
    ])
    func shapesTheModelDoesNotAcceptAreUsageErrors(shape: String, message: String) throws {
        let output = try Self.output()
        let result = try ProcessRunner.delambda(["convert", Self.sequence, "-o", output.path, "--input-shape", shape])
        #expect(result.exitCode == 2)
        #expect(result.standardError.contains(message), "\(result.standardError)")
    }

    @Test func aLayerWhoseParametersDependOnTheSizeIsRefusedByName() throws {
        let output = try Self.output()
        let model = FixturePaths.fixture("flexible/cropping_any_length.h5")
        let result = try ProcessRunner.delambda(["convert", model, "-o", output.path])
        #expect(result.exitCode == 1)
        #expect(
            result.standardError.contains(
                "layer 'crop' (Cropping1D): its Core ML layers depend on the size of dimension 1 of input 'frames'"))
        #expect(result.standardError.contains("--input-shape frames=1x16x40"))
        #expect(!FileManager.default.fileExists(atPath: output.path))
        let fixed = try ProcessRunner.delambda(["convert", model, "-o", output.path, "--input-shape", "frames=1x30x40"])
        #expect(fixed.exitCode == 0, "\(fixed.standardError)")
        #expect(try Self.inputType(output).shape == [1, 30, 40])
    }

    @Test func aGRUUnrolledOverItsStepsNeedsThemFixed() throws {
        let output = try Self.output()
        let model = FixturePaths.fixture("flexible/gru_reset_after.h5")
        let result = try ProcessRunner.delambda(["convert", model, "-o", output.path])
        #expect(result.exitCode == 1)
        #expect(result.standardError.contains("layer 'gru' (GRU): a GRU with reset_after=True"))
        let fixed = try ProcessRunner.delambda(["convert", model, "-o", output.path, "--input-shape", "steps=1x9x12"])
        #expect(fixed.exitCode == 0, "\(fixed.standardError)")
    }

    /// An ML Program declares a flexible input's range (the function's input of unknown size); a
    /// recurrent layer, unrolled over its steps in a program, is refused by name until the steps
    /// are fixed.
    @Test func mlPackagesDeclareFlexibleInputsOrRefuseByName() throws {
        let output = try Self.output().deletingPathExtension().appendingPathExtension("mlpackage")
        let open = try ProcessRunner.delambda(["convert", Self.image, "-o", output.path])
        #expect(open.exitCode == 0, "\(open.standardError)")
        let spec = try MLPackage(url: output).model
        let ranges = spec.description_p.input[0].type.multiArrayType.shapeRange.sizeRanges
        #expect(ranges.map(\.lowerBound) == [1, 1, 1, 3] && ranges.map(\.upperBound) == [1, -1, -1, 3])
        let sequence = FixturePaths.fixture("families/flexible_shapes/gru_any_length_keras3.h5")
        let package = try Self.output().deletingPathExtension().appendingPathExtension("mlpackage")
        let refused = try ProcessRunner.delambda(["convert", sequence, "-o", package.path])
        #expect(refused.exitCode == 1)
        #expect(
            refused.standardError.contains(
                "layer 'gru' (GRU): its ML Program operations depend on the size of dimension 1 of input 'input_0'"),
            "\(refused.standardError)")
        #expect(!FileManager.default.fileExists(atPath: package.path))
        let fixed = try ProcessRunner.delambda([
            "convert", sequence, "-o", package.path, "--input-shape", "input_0=1x16x12",
        ])
        #expect(fixed.exitCode == 0, "\(fixed.standardError)")
    }

    @Test func onnxInputsGetSymbolicDimensionsOrTheFixedSizesGiven() throws {
        let output = try Self.output().deletingPathExtension().appendingPathExtension("onnx")
        let open = try ProcessRunner.delambda(["convert", Self.sequence, "-o", output.path])
        #expect(open.exitCode == 0, "\(open.standardError)")
        #expect(open.standardError.contains("delambda: input 'input_0': batch x time x 40 (ONNX dim_param)"))
        let fixed = try ProcessRunner.delambda([
            "convert", Self.sequence, "-o", output.path, "--input-shape", "input_0=1x16x40",
        ])
        #expect(fixed.exitCode == 0, "\(fixed.standardError)")
        #expect(fixed.standardError.contains("delambda: input 'input_0': batch x 16 x 40 (ONNX dim_param)"))
        let batch = try ProcessRunner.delambda(["convert", Self.sequence, "-o", output.path, "--batch", "1..4"])
        #expect(batch.exitCode == 2)
        #expect(batch.standardError.contains("--batch and enumerated shapes apply to Core ML (.mlmodel) outputs"))
    }

    /// `tf.image.resize(x, tf.shape(x)[1:3] * 2)` doubles any size: ONNX's `Resize` takes the
    /// factors (`scales`), which do not change with the size, so it converts with symbolic height
    /// and width (ONNXRuntimeTests runs it at both golden sizes).
    @Test func onnxResizesByWholeFactorsAtAnySize() throws {
        let output = try Self.output().deletingPathExtension().appendingPathExtension("onnx")
        let model = FixturePaths.fixture("families/flexible_shapes/resize_any_size_tf_keras.h5")
        let result = try ProcessRunner.delambda(["convert", model, "-o", output.path])
        #expect(result.exitCode == 0, "\(result.standardError)")
        #expect(
            result.standardError.contains("input 'input_0': batch x height x width x 3 (ONNX dim_param)"),
            "\(result.standardError)")
    }
}
