import ArgumentParser
import Pipeline

/// `--input-shape` and `--batch`, for `convert`: the sizes a Core ML model accepts where the Keras
/// model leaves them open.
struct InputShapeOptionsGroup: ParsableArguments {
    @Option(
        name: .customLong("input-shape"),
        help: ArgumentHelp(
            "The shapes an input accepts, batch first: sizes N, ranges A..B or A.. joined by x "
                + "(input_1=1x1..512x40), or whole shapes joined by commas (repeatable).",
            valueName: "NAME=SHAPE"))
    var inputShapes: [String] = []

    @Option(
        help: ArgumentHelp(
            "The batch sizes every other input accepts: N, A..B or A.. (default 1).", valueName: "RANGE"))
    var batch: String?

    mutating func validate() throws {
        _ = try options()
    }

    func options() throws -> InputShapeOptions {
        do {
            return try InputShapeOptions.parse(inputShapes: inputShapes, batch: batch)
        } catch {
            throw ValidationError(error.message)
        }
    }
}
