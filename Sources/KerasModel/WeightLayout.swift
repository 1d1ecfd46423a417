/// Reorders the axes of a weight tensor: Keras stores kernels in other axis orders than Core ML,
/// MIL and ONNX take, and the largest models move hundreds of megabytes through here, so it walks
/// the destination in order with the source position kept by per-axis strides (no division per
/// element). One implementation for every backend.
public enum WeightLayout {
    /// `values`, row-major of `shape`, with its axes reordered: axis `i` of the result is axis
    /// `perm[i]` of the source. `perm` must be a permutation of `shape`'s axes and `values.count`
    /// their product.
    public static func permuted(_ values: [Float], shape: [Int], perm: [Int]) -> [Float] {
        precondition(perm.sorted() == Array(shape.indices) && values.count == shape.reduce(1, *))
        guard perm != Array(shape.indices), !values.isEmpty else { return values }
        // Kernels: [in, out] to [out, in], and [taps, in, out] to [out, in, taps], by cache tiles.
        if perm == [1, 0] { return transposed(values, rows: shape[0], columns: shape[1]) }
        if perm == [2, 1, 0] {
            // A 1×1 kernel's [1, in, out] is a plain transpose.
            if shape[0] == 1 { return transposed(values, rows: shape[1], columns: shape[2]) }
            return reversedThree(values, shape)
        }
        var sourceStrides = [Int](repeating: 1, count: shape.count)
        for axis in shape.indices.dropLast().reversed() {
            sourceStrides[axis] = sourceStrides[axis + 1] * shape[axis + 1]
        }
        let sizes = perm.map { shape[$0] }
        let strides = perm.map { sourceStrides[$0] }
        let last = sizes.count - 1
        let (innerSize, innerStride) = (sizes[last], strides[last])
        return [Float](unsafeUninitializedCapacity: values.count) { result, count in
            values.withUnsafeBufferPointer { source in
                var counters = [Int](repeating: 0, count: sizes.count)
                var base = 0
                var written = 0
                while written < values.count {
                    var position = base
                    for offset in 0..<innerSize {
                        result[written + offset] = source[position]
                        position += innerStride
                    }
                    written += innerSize
                    // Advance the outer axes like an odometer.
                    var axis = last - 1
                    while axis >= 0 {
                        counters[axis] += 1
                        base += strides[axis]
                        if counters[axis] < sizes[axis] { break }
                        base -= strides[axis] * sizes[axis]
                        counters[axis] = 0
                        axis -= 1
                    }
                }
            }
            count = values.count
        }
    }

    /// `[rows, columns]` to `[columns, rows]` by tiles of 8 × 8: each destination row is written
    /// 8 contiguous floats at a time, and a tile's 8 source rows stay in cache while its columns
    /// are read. Tiles of 8, not 32: kernel sizes are powers of two, and 16 or 32 source rows a
    /// power of two apart fall into one cache set and evict each other (measured: 2.5 against
    /// 7 ns per element for 1024 × 2048).
    private static func transposed(_ values: [Float], rows: Int, columns: Int) -> [Float] {
        byTiles(values, rows: rows, columns: columns, tile: 8) { source, destination, rowTile, columnTile in
            for column in columnTile {
                let to = destination + column * rows
                var from = source + rowTile.lowerBound * columns + column
                for row in rowTile {
                    to[row] = from.pointee
                    from += columns
                }
            }
        }
    }

    /// `[a, b, c]` to `[c, b, a]` by tiles of `b` and `c`: within a tile the reads run along `c`
    /// and the writes along `a`, and both stay in a few cache lines.
    private static func reversedThree(_ values: [Float], _ shape: [Int]) -> [Float] {
        let (outer, middle, inner) = (shape[0], shape[1], shape[2])
        let plane = middle * inner
        return byTiles(values, rows: middle, columns: inner, tile: 32) { source, destination, bTile, cTile in
            for b in bTile {
                for c in cTile {
                    let to = destination + (c * middle + b) * outer
                    var from = source + b * inner + c
                    for a in 0..<outer {
                        to[a] = from.pointee
                        from += plane
                    }
                }
            }
        }
    }

    /// A new array of `values.count` floats, filled by `move` one tile of `rows` × `columns` at a
    /// time (source and destination base pointers, the tile's row and column ranges).
    @inline(__always)
    private static func byTiles(
        _ values: [Float], rows: Int, columns: Int, tile: Int,
        _ move: (UnsafePointer<Float>, UnsafeMutablePointer<Float>, Range<Int>, Range<Int>) -> Void
    ) -> [Float] {
        [Float](unsafeUninitializedCapacity: values.count) { result, count in
            guard let destination = result.baseAddress else { return }
            values.withUnsafeBufferPointer { buffer in
                guard let source = buffer.baseAddress else { return }
                for rowStart in stride(from: 0, to: rows, by: tile) {
                    for columnStart in stride(from: 0, to: columns, by: tile) {
                        move(
                            source, destination, rowStart..<min(rowStart + tile, rows),
                            columnStart..<min(columnStart + tile, columns))
                    }
                }
            }
            count = values.count
        }
    }
}
