/// Ops that move elements without computing on them: reshape, transpose, expand_dims, squeeze,
/// tile, concat and reverse.
extension CoreOpCatalog {
    static let layoutOps: [CoreOp] = [
        CoreOp(
            name: "reshape", summary: "The same values in a new shape; one dimension may be -1 (inferred).",
            operands: .fixed(1), attributes: [.required("shape", .ints)],
            shape: { shapes, attributes throws(CoreOpError) in
                try reshapeTarget(shapes[0], try attributes.ints("shape"))
            },
            evaluate: { operands, attributes throws(CoreOpError) in
                let x = operands[0]
                let target = try reshapeTarget(ShapeRules.known(x.shape), try attributes.ints("shape"))
                return try x.reshaped(target.map { $0 ?? 0 })
            }
        ),
        CoreOp(
            name: "transpose",
            summary: "Permutes dimensions: output dimension i is input dimension perm[i] (None reverses).",
            operands: .fixed(1), attributes: [.axesOrAll("perm")],
            shape: { shapes, attributes throws(CoreOpError) in
                let perm = try permutation(try attributes.intsOrNone("perm"), shapes[0])
                return perm.map { shapes[0][$0] }
            },
            evaluate: { operands, attributes throws(CoreOpError) in
                let x = operands[0]
                return x.transposed(try permutation(try attributes.intsOrNone("perm"), ShapeRules.known(x.shape)))
            }
        ),
        CoreOp(
            name: "expand_dims", summary: "Inserts a dimension of size 1 at axis (in -rank-1...rank).",
            operands: .fixed(1), attributes: [.required("axis", .int)],
            shape: { shapes, attributes throws(CoreOpError) in
                try expandedShape(shapes[0], try attributes.int("axis"))
            },
            evaluate: { operands, attributes throws(CoreOpError) in
                let x = operands[0]
                let shape = try expandedShape(ShapeRules.known(x.shape), try attributes.int("axis"))
                return try x.reshaped(shape.map { $0 ?? 0 })
            }
        ),
        CoreOp(
            name: "squeeze",
            summary: "Removes dimensions of size 1: the given axes, or (None) every known dimension of size 1.",
            operands: .fixed(1), attributes: [.axesOrAll("axes")],
            shape: { shapes, attributes throws(CoreOpError) in
                try squeezedShape(shapes[0], try attributes.intsOrNone("axes"))
            },
            evaluate: { operands, attributes throws(CoreOpError) in
                let x = operands[0]
                let shape = try squeezedShape(ShapeRules.known(x.shape), try attributes.intsOrNone("axes"))
                return try x.reshaped(shape.map { $0 ?? 0 })
            }
        ),
        CoreOp(
            name: "tile", summary: "Repeats the tensor multiples[i] times along each dimension i.",
            operands: .fixed(1), attributes: [.required("multiples", .ints)],
            shape: { shapes, attributes throws(CoreOpError) in
                try tiledShape(shapes[0], try attributes.ints("multiples"))
            },
            evaluate: { operands, attributes throws(CoreOpError) in
                let x = operands[0]
                let shape = try tiledShape(ShapeRules.known(x.shape), try attributes.ints("multiples"))
                return Tensor(shape: shape.map { $0 ?? 0 }) { (index: [Int]) -> Double in
                    x[zip(index, x.shape).map { $0 % $1 }]
                }
            }
        ),
        CoreOp(
            name: "concat", summary: "Joins the operands along axis; other dimensions must agree.",
            operands: .variadic(minimum: 1), attributes: [.required("axis", .int)],
            shape: { shapes, attributes throws(CoreOpError) in
                try concatenatedShape(shapes, try attributes.int("axis"))
            },
            evaluate: { operands, attributes throws(CoreOpError) in
                try concatenate(operands, try attributes.int("axis"))
            }
        ),
        CoreOp(
            name: "reverse", summary: "Reverses the order of elements along each of axes.",
            operands: .fixed(1), attributes: [.required("axes", .intOrInts)],
            shape: { shapes, attributes throws(CoreOpError) in
                _ = try ShapeRules.axes(try attributes.ints("axes"), shape: shapes[0])
                return shapes[0]
            },
            evaluate: { operands, attributes throws(CoreOpError) in
                let x = operands[0]
                let axes = Set(try ShapeRules.axes(try attributes.ints("axes"), shape: ShapeRules.known(x.shape)))
                return Tensor(shape: x.shape) { (index: [Int]) -> Double in
                    x[
                        index.enumerated().map {
                            axes.contains($0.offset) ? x.shape[$0.offset] - 1 - $0.element : $0.element
                        }]
                }
            }
        ),
    ]

    /// The shape `reshape` gives: -1 is inferred from the input's size when that is known.
    private static func reshapeTarget(_ input: [Int?], _ target: [Int]) throws(CoreOpError) -> [Int?] {
        let described = "\(ShapeRules.describe(input)) to \(ShapeRules.describe(target))"
        if target.contains(where: { $0 < -1 }) || target.filter({ $0 == -1 }).count > 1 {
            throw CoreOpError("cannot reshape \(described): dimensions must be >= 0, with at most one -1")
        }
        let fixed = try ShapeRules.product(ShapeRules.known(target.filter { $0 != -1 })) ?? 0
        let knownInput = try ShapeRules.product(input.filter { $0 != nil }) ?? 0
        guard let total = try ShapeRules.product(input) else {
            // Unknown input size: only a target that cannot be a multiple of the known part is wrong.
            if !target.contains(-1) && knownInput > 0 && fixed % knownInput != 0 {
                throw CoreOpError("cannot reshape \(described): sizes are incompatible")
            }
            return target.map { $0 == -1 ? nil : $0 }
        }
        guard target.contains(-1) else {
            guard fixed == total else {
                throw CoreOpError("cannot reshape \(described): \(total) values do not fill \(fixed)")
            }
            return target
        }
        guard fixed > 0, total % fixed == 0 else {
            throw CoreOpError("cannot reshape \(described): \(total) values do not divide into \(fixed)")
        }
        return target.map { $0 == -1 ? total / fixed : $0 }
    }

    /// `perm` checked to be a permutation of the input's dimensions; nil reverses them.
    private static func permutation(_ perm: [Int]?, _ input: [Int?]) throws(CoreOpError) -> [Int] {
        guard let perm else { return Array(input.indices.reversed()) }
        guard perm.sorted() == Array(input.indices) else {
            throw CoreOpError("perm \(perm) is not a permutation of the dimensions of \(ShapeRules.describe(input))")
        }
        return perm
    }

    private static func expandedShape(_ input: [Int?], _ axis: Int) throws(CoreOpError) -> [Int?] {
        let position = try ShapeRules.axis(axis, rank: input.count + 1, shape: input)
        var result = input
        result.insert(1, at: position)
        return result
    }

    private static func squeezedShape(_ input: [Int?], _ axes: [Int]?) throws(CoreOpError) -> [Int?] {
        // With no axes, an unknown dimension is kept: it is the batch far more often than a 1.
        guard let axes else { return input.filter { $0 != 1 } }
        let removed = try ShapeRules.axes(axes, shape: input)
        for axis in removed where input[axis] != nil && input[axis] != 1 {
            throw CoreOpError("cannot squeeze axis \(axis) of shape \(ShapeRules.describe(input)): its size is not 1")
        }
        return input.enumerated().filter { !removed.contains($0.offset) }.map(\.element)
    }

    private static func tiledShape(_ input: [Int?], _ multiples: [Int]) throws(CoreOpError) -> [Int?] {
        guard multiples.count == input.count, multiples.allSatisfy({ $0 >= 0 }) else {
            throw CoreOpError(
                "multiples \(multiples) must be one non-negative count per dimension of \(ShapeRules.describe(input))")
        }
        var result: [Int?] = []
        for (dimension, multiple) in zip(input, multiples) {
            result.append(
                multiple == 0
                    ? 0
                    : try ShapeRules.map(dimension) { (size: Int) throws(CoreOpError) in
                        try ShapeRules.multiply(size, multiple)
                    })
        }
        return result
    }

    private static func concatenatedShape(_ shapes: [[Int?]], _ axis: Int) throws(CoreOpError) -> [Int?] {
        let first = shapes[0]
        let position = try ShapeRules.axis(axis, rank: first.count, shape: first)
        var result = first
        let described = shapes.map(ShapeRules.describe).joined(separator: ", ")
        for shape in shapes.dropFirst() {
            guard shape.count == first.count else {
                throw CoreOpError("operands \(described) differ in rank")
            }
            for dimension in shape.indices where dimension != position {
                result[dimension] = try ShapeRules.unify(
                    result[dimension], shape[dimension], "operands \(described) differ outside axis \(axis)")
            }
            if let total = result[position], let size = shape[position] {
                result[position] = try ShapeRules.add(total, size)
            } else {
                result[position] = nil
            }
        }
        return result
    }

    private static func concatenate(_ operands: [Tensor], _ axis: Int) throws(CoreOpError) -> Tensor {
        let shape = try concatenatedShape(operands.map { ShapeRules.known($0.shape) }, axis)
        let position = try ShapeRules.axis(axis, rank: shape.count, shape: shape)
        // Row-major: each block before the axis is the operands' blocks laid end to end.
        let outer = operands[0].shape[..<position].reduce(1, *)
        var values: [Double] = []
        for block in 0..<outer {
            for operand in operands {
                let chunk = operand.shape[position...].reduce(1, *)
                values += operand.values[(block * chunk)..<((block + 1) * chunk)]
            }
        }
        return Tensor(unchecked: shape.map { $0 ?? 0 }, values: values)
    }
}
