import CoreMLBackend
import CoreMLSpec
import JSON
import KerasModel

/// `--input-shape NAME=SHAPE` and `--batch RANGE`: the sizes a converted model accepts where the
/// Keras model leaves them open (`None`), or where the user widens the batch.
///
/// A shape is `AxBxC` with each dimension a size `N`, a range `A..B` or an unbounded range `A..`
/// (batch first), or several whole shapes separated by commas (Core ML enumerated shapes). An
/// input with unknown dimensions that the user leaves out gets ``defaultRange`` on each of them,
/// with ``defaultSize(rank:axis:)`` as the size it is converted at.
public struct InputShapeOptions: Sendable {
    public typealias SizeRange = FlexibleInputShape.SizeRange

    /// A shape as the user wrote it.
    enum Declared: Sendable {
        case ranges([SizeRange])
        case enumerated([[Int]])
    }

    var declared: [(name: String, shape: Declared, text: String)] = []
    /// `--batch`, for every input not given by `--input-shape`.
    var batch: SizeRange?

    public init() {}

    /// The range of an unknown dimension nobody chose: any size from 1 up.
    static let defaultRange = SizeRange(lower: 1, upper: nil)

    /// The size an unknown dimension is converted at: 224 for an image's height and width (rank
    /// 4), 16 steps otherwise. Neither 1 nor a small size, so that no converter takes a path
    /// special to it.
    static func defaultSize(rank: Int, axis: Int) -> Int { rank == 4 && (1...2).contains(axis) ? 224 : 16 }

    /// Parses the option values.
    /// - Throws: ``PipelineError`` (usage, exit 2) naming the value and what is wrong with it.
    public static func parse(inputShapes: [String], batch: String?) throws(PipelineError) -> InputShapeOptions {
        var options = InputShapeOptions()
        for text in inputShapes {
            guard let equals = text.firstIndex(of: "="), equals != text.startIndex else {
                throw PipelineError(.usage, "--input-shape \(text): expected NAME=SHAPE, such as input_1=1x1..512x40")
            }
            let name = String(text[..<equals])
            guard !options.declared.contains(where: { $0.name == name }) else {
                throw PipelineError(.usage, "--input-shape \(text): input '\(name)' is given twice")
            }
            let shape = try parseShape(String(text[text.index(after: equals)...]), input: name)
            options.declared.append((name, shape, text))
        }
        if let batch {
            guard let range = parseRange(batch) else {
                throw PipelineError(.usage, "--batch \(batch): expected a size N, a range A..B or A.. (sizes from 1)")
            }
            options.batch = range
        }
        return options
    }

    private static func parseShape(_ text: String, input: String) throws(PipelineError) -> Declared {
        let problem = "--input-shape \(input)=\(text)"
        if text.contains(",") {
            var shapes: [[Int]] = []
            for item in text.split(separator: ",", omittingEmptySubsequences: false) {
                let sizes = item.split(separator: "x", omittingEmptySubsequences: false).map { Int($0) }
                guard !sizes.isEmpty, sizes.allSatisfy({ ($0 ?? 0) >= 1 }) else {
                    throw PipelineError(
                        .usage, "\(problem): enumerated shapes are sizes only (1x224x224x3,1x320x320x3), not '\(item)'")
                }
                shapes.append(sizes.compactMap { $0 })
            }
            guard Set(shapes.map(\.count)).count == 1 else {
                throw PipelineError(.usage, "\(problem): the enumerated shapes differ in rank")
            }
            return .enumerated(shapes)
        }
        var ranges: [SizeRange] = []
        for item in text.split(separator: "x", omittingEmptySubsequences: false) {
            guard let range = parseRange(String(item)) else {
                throw PipelineError(
                    .usage, "\(problem): '\(item)' is not a size N, a range A..B or A.. (sizes from 1)")
            }
            ranges.append(range)
        }
        return .ranges(ranges)
    }

    /// `N`, `A..B` or `A..`, with sizes from 1 and `A <= B`; nil otherwise.
    static func parseRange(_ text: String) -> SizeRange? {
        guard let dots = text.range(of: "..") else {
            guard let size = Int(text), size >= 1 else { return nil }
            return SizeRange(fixed: size)
        }
        guard let lower = Int(text[..<dots.lowerBound]), lower >= 1 else { return nil }
        let rest = text[dots.upperBound...]
        if rest.isEmpty { return SizeRange(lower: lower, upper: nil) }
        guard let upper = Int(rest), upper >= lower else { return nil }
        return SizeRange(lower: lower, upper: upper)
    }

    /// Whether nothing was given.
    public var isEmpty: Bool { declared.isEmpty && batch == nil }

    /// Whether some input was given as a list of whole shapes.
    var hasEnumeratedShapes: Bool {
        declared.contains { if case .enumerated = $0.shape { return true } else { return false } }
    }
}
