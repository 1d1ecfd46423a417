/// The shapes a Core ML multi-array input accepts: a default shape (batch first) and either a
/// range per dimension or a list of whole shapes. Keras inputs with unknown (`None`) dimensions
/// become such inputs; the converter writes the same layers (or ML Program operations) for every
/// accepted shape or refuses.
///
/// Written by hand beside the generated messages (scripts/generate_proto.sh replaces only the
/// `.pb.swift` files).
public struct FlexibleInputShape: Sendable, Hashable {
    /// The sizes one dimension accepts: `lower...upper`, or `lower...` when `upper` is nil.
    public struct SizeRange: Sendable, Hashable, CustomStringConvertible {
        public var lower: Int
        public var upper: Int?

        public init(lower: Int, upper: Int?) {
            self.lower = lower
            self.upper = upper
        }

        public init(fixed size: Int) { self.init(lower: size, upper: size) }

        public var isFixed: Bool { upper == lower }

        public func contains(_ size: Int) -> Bool { size >= lower && upper.map { size <= $0 } ?? true }

        /// `40`, `1..512` or `1..` (unbounded).
        public var description: String {
            isFixed ? "\(lower)" : "\(lower)..\(upper.map(String.init) ?? "")"
        }
    }

    public enum Flexibility: Sendable, Hashable {
        case ranges([SizeRange])
        case enumerated([[Int]])
    }

    /// The shape the model is converted at and declares first.
    public var defaultShape: [Int]
    public var flexibility: Flexibility

    public init(defaultShape: [Int], flexibility: Flexibility) {
        self.defaultShape = defaultShape
        self.flexibility = flexibility
    }

    /// Whether some dimension can take another size than the default one.
    public var isFlexible: Bool {
        switch flexibility {
        case .ranges(let ranges): return ranges.contains { !$0.isFixed }
        case .enumerated(let shapes): return shapes.count > 1
        }
    }

    /// Whether the batch dimension can be other than the default.
    public var hasFlexibleBatch: Bool {
        switch flexibility {
        case .ranges(let ranges): return ranges.first.map { !$0.isFixed } ?? false
        case .enumerated(let shapes): return Set(shapes.compactMap(\.first)).count > 1
        }
    }

    /// Other shapes the layers must not depend on, each with the dimension it changes (nil when
    /// a whole enumerated shape changes): two sizes per flexible dimension, one dimension at a
    /// time, that differ from the default in parity and modulo 3; every enumerated shape.
    public var probes: [(shape: [Int], dimension: Int?)] {
        switch flexibility {
        case .enumerated(let shapes):
            return shapes.filter { $0 != defaultShape }.map { ($0, nil) }
        case .ranges(let ranges):
            var probes: [(shape: [Int], dimension: Int?)] = []
            for (axis, range) in ranges.enumerated() where !range.isFixed && axis < defaultShape.count {
                let size = defaultShape[axis]
                let candidates = [size + 1, size + 2, size - 1, size - 2, size + 3, size - 3]
                for candidate in candidates.filter({ $0 >= 1 && range.contains($0) }).prefix(2) {
                    var shape = defaultShape
                    shape[axis] = candidate
                    probes.append((shape, axis))
                }
            }
            return probes
        }
    }

    /// `1 x 1..512 (default 16) x 40`, or the enumerated shapes, as printed when converting.
    public var description: String {
        switch flexibility {
        case .enumerated(let shapes):
            return shapes.map { $0.map(String.init).joined(separator: "x") }.joined(separator: ", ")
                + " (default \(defaultShape.map(String.init).joined(separator: "x")))"
        case .ranges(let ranges):
            return zip(ranges, defaultShape).map { range, size in
                range.isFixed ? "\(size)" : "\(range) (default \(size))"
            }.joined(separator: " x ")
        }
    }

    /// The `ArrayFeatureType` flexibility Core ML reads (specification version 3 and later).
    public func apply(to array: inout CoreML_Specification_ArrayFeatureType) {
        guard isFlexible else { return }
        switch flexibility {
        case .enumerated(let shapes):
            var enumerated = CoreML_Specification_ArrayFeatureType.EnumeratedShapes()
            enumerated.shapes = shapes.map { shape in
                var item = CoreML_Specification_ArrayFeatureType.Shape()
                item.shape = shape.map(Int64.init)
                return item
            }
            array.enumeratedShapes = enumerated
        case .ranges(let ranges):
            var range = CoreML_Specification_ArrayFeatureType.ShapeRange()
            range.sizeRanges = ranges.map { size in
                var item = CoreML_Specification_SizeRange()
                item.lowerBound = UInt64(size.lower)
                item.upperBound = Int64(size.upper ?? -1)
                return item
            }
            array.shapeRange = range
        }
    }
}
