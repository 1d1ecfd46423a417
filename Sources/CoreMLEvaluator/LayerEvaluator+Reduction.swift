import CoreMLSpec
import CoreOps
import Foundation

/// Reductions: the rank-N `reduce*` layers (axes, keepDims, reduceAll) and the classic
/// `reduce` layer over C, H, W combinations (which keeps reduced axes as 1s).
extension LayerEvaluator {
    /// A reduction of one group of values.
    typealias Reduction = @Sendable ([Double]) -> Double

    static let reductionEvaluators: [LayerEvaluator] = [
        reduceND("reduceSum", \.reduceSum, sum),
        reduceND("reduceMean", \.reduceMean) {
            sum($0) / Double($0.count)
        },
        reduceND("reduceProd", \.reduceProd) {
            $0.reduce(1, *)
        },
        reduceND("reduceMax", \.reduceMax) {
            $0.max() ?? -.infinity
        },
        reduceND("reduceMin", \.reduceMin) {
            $0.min() ?? .infinity
        },
        reduceND("reduceL1", \.reduceL1) {
            sum($0.map(Swift.abs))
        },
        reduceND("reduceL2", \.reduceL2) {
            sum($0.map { $0 * $0 }).squareRoot()
        },
        reduceND("reduceSumSquare", \.reduceSumSquare) { sum($0.map { $0 * $0 }) },
        reduceND("reduceLogSum", \.reduceLogSum) {
            Foundation.log(sum($0))
        },
        reduceND("reduceLogSumExp", \.reduceLogSumExp) { values in
            let peak = values.max() ?? 0
            return peak + Foundation.log(sum(values.map { Foundation.exp($0 - peak) }))
        },
        .single("reduce", \.reduce, classicReduce),
    ]

    static func sum(_ values: [Double]) -> Double {
        values.reduce(0, +)
    }

    private static func reduceND<Params: ReduceNDParameters>(
        _ kind: String,
        _ params: KeyPath<CoreML_Specification_NeuralNetworkLayer, Params> & Sendable,
        _ reduction: @escaping Reduction
    ) -> LayerEvaluator {
        LayerEvaluator(kind: kind) { (layer, context) throws(CoreMLEvaluationError) -> [Tensor] in
            let input = try context.single()
            let reducing = layer[keyPath: params]
            let (axes, keepDims, reduceAll) = (reducing.axes, reducing.keepDims, reducing.reduceAll)
            var reduced = Set<Int>()
            if reduceAll {
                reduced = Set(0..<input.rank)
            } else {
                guard !axes.isEmpty else { throw context.fail(.invalidParameter("no axes and reduceAll is false")) }
                for axis in axes { reduced.insert(try context.axis(axis, rank: input.rank)) }
            }
            return [reduce(input, over: reduced, keepDims: keepDims, reduction)]
        }
    }

    /// Reduces groups of elements that agree on the kept axes. Core ML has no rank-0 tensors,
    /// so reducing every axis without keeping them gives shape `[1]`.
    static func reduce(_ input: Tensor, over axes: Set<Int>, keepDims: Bool, _ reduction: Reduction) -> Tensor {
        let kept = input.shape.indices.map { axes.contains($0) ? 1 : input.shape[$0] }
        var groups = [[Double]](repeating: [], count: kept.reduce(1, *))
        let keptStrides = Tensor(shape: kept) { _ in 0 }.strides
        for position in input.values.indices {
            let index = input.index(ofOffset: position)
            var group = 0
            for axis in index.indices where !axes.contains(axis) { group += index[axis] * keptStrides[axis] }
            groups[group].append(input.values[position])
        }
        var shape = keepDims ? kept : input.shape.indices.filter { !axes.contains($0) }.map { input.shape[$0] }
        if shape.isEmpty { shape = [1] }
        return (try? Tensor(shape: shape, values: groups.map(reduction))) ?? Tensor(vector: groups.map(reduction))
    }

    /// The classic `reduce`: axes named C, H, W (counted from the end); reduced axes stay as 1s.
    private static func classicReduce(
        _ params: CoreML_Specification_ReduceLayerParams, _ context: LayerContext
    ) throws(CoreMLEvaluationError) -> Tensor {
        let fromEnd: [Int]
        switch params.axis {
        case .chw: fromEnd = [3, 2, 1]
        case .hw: fromEnd = [2, 1]
        case .c: fromEnd = [3]
        case .h: fromEnd = [2]
        case .w: fromEnd = [1]
        case .UNRECOGNIZED(let value): throw context.fail(.unsupported("reduce axis \(value)"))
        }
        let input = try context.single(minimumRank: fromEnd.max() ?? 1)
        let epsilon = params.epsilon == 0 ? 1e-6 : Double(params.epsilon)
        let reduction: Reduction
        switch params.mode {
        case .sum: reduction = sum
        case .avg: reduction = { sum($0) / Double($0.count) }
        case .prod: reduction = { $0.reduce(1, *) }
        case .logsum: reduction = { sum($0.map { Foundation.log($0 + epsilon) }) }
        case .sumsquare: reduction = { sum($0.map { $0 * $0 }) }
        case .l1: reduction = { sum($0.map(Swift.abs)) }
        case .l2: reduction = { sum($0.map { $0 * $0 }).squareRoot() }
        case .max: reduction = { $0.max() ?? -.infinity }
        case .min: reduction = { $0.min() ?? .infinity }
        case .argmax:
            guard fromEnd.count == 1 else { throw context.fail(.invalidParameter("ARGMAX needs a single axis")) }
            reduction = { values in Double(values.indices.max { values[$0] < values[$1] } ?? 0) }
        case .UNRECOGNIZED(let value): throw context.fail(.unsupported("reduce mode \(value)"))
        }
        return reduce(input, over: Set(fromEnd.map { input.rank - $0 }), keepDims: true, reduction)
    }
}

/// The fields every rank-N reduction's parameters share.
protocol ReduceNDParameters: SendableMetatype {
    var axes: [Int64] { get }
    var keepDims: Bool { get }
    var reduceAll: Bool { get }
}

extension CoreML_Specification_ReduceSumLayerParams: ReduceNDParameters {}
extension CoreML_Specification_ReduceMeanLayerParams: ReduceNDParameters {}
extension CoreML_Specification_ReduceProdLayerParams: ReduceNDParameters {}
extension CoreML_Specification_ReduceMaxLayerParams: ReduceNDParameters {}
extension CoreML_Specification_ReduceMinLayerParams: ReduceNDParameters {}
extension CoreML_Specification_ReduceL1LayerParams: ReduceNDParameters {}
extension CoreML_Specification_ReduceL2LayerParams: ReduceNDParameters {}
extension CoreML_Specification_ReduceSumSquareLayerParams: ReduceNDParameters {}
extension CoreML_Specification_ReduceLogSumLayerParams: ReduceNDParameters {}
extension CoreML_Specification_ReduceLogSumExpLayerParams: ReduceNDParameters {}
