import Foundation

/// Reading every byte a reader of the file could ask libhdf5 for, for a child process that
/// finds out whether libhdf5 survives the file before the real reader touches it.
extension HDF5File {
    /// How much `readEverything()` touched, and how many reads libhdf5 refused.
    public struct TraversalCount: Sendable, Equatable {
        public var groups = 0
        public var datasets = 0
        public var attributes = 0
        public var refused = 0
        /// Datasets whose elements were not read: declared larger than any read may take, or
        /// past the element budget.
        public var skipped = 0
    }

    /// The most objects `readEverything()` visits: groups hard-linked into each other can make the
    /// tree of paths endless, while the objects themselves are few.
    public static let traversalLimit = 200_000

    /// The most element bytes `readEverything()` reads: 1 GiB, or 16 times the file's size if
    /// that is more. What a file stores decompresses to far less (gzip's best is about 1000:1 on
    /// zeros, and weights are not zeros); a dataset that declares more is filled from nothing, and
    /// reading that exercises no code that parses the file.
    public var elementByteBudget: Int {
        let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? NSNumber)?.intValue ?? 0
        return max(1 << 30, size.multipliedReportingOverflow(by: 16).partialValue)
    }

    /// Reads every attribute of every group and dataset reachable from the root, and every
    /// chunked or filtered dataset's elements in bounded blocks (of a contiguous or compact one,
    /// unfiltered, its first and last element), up to `elementBytes` in all (a dataset declared larger
    /// than a read may take, `HDF5Dataset.readLimit`, is skipped as every reader refuses it). A read
    /// libhdf5 refuses is counted and skipped: the point is to exercise libhdf5 on all of the file,
    /// not to judge it.
    @discardableResult
    public func readEverything(elementBytes: Int? = nil) -> TraversalCount {
        var count = TraversalCount()
        var budget = elementBytes ?? elementByteBudget
        guard let root = try? root else {
            count.refused += 1
            return count
        }
        var pending: [HDF5Group] = [root]
        var visited = 0
        while let group = pending.popLast(), visited < Self.traversalLimit {
            visited += 1
            count.groups += 1
            readAttributes(group.attributes, into: &count)
            guard let names = try? group.childNames() else {
                count.refused += 1
                continue
            }
            for name in names where visited < Self.traversalLimit {
                switch group.kind(of: name) {
                case .group?:
                    if let child = try? group.group(name) { pending.append(child) } else { count.refused += 1 }
                case .dataset?:
                    visited += 1
                    guard let dataset = try? group.dataset(name) else {
                        count.refused += 1
                        continue
                    }
                    count.datasets += 1
                    readAttributes(dataset.attributes, into: &count)
                    readElements(of: dataset, budget: &budget, into: &count)
                case .other?, nil:
                    continue
                }
            }
        }
        return count
    }

    private func readAttributes(_ attributes: HDF5Attributes, into count: inout TraversalCount) {
        guard let names = try? attributes.names() else {
            count.refused += 1
            return
        }
        for name in names {
            if (try? attributes.read(name)) != nil { count.attributes += 1 } else { count.refused += 1 }
        }
    }

    private func readElements(of dataset: HDF5Dataset, budget: inout Int, into count: inout TraversalCount) {
        let bytes = dataset.count.multipliedReportingOverflow(by: 4)
        guard !bytes.overflow, bytes.partialValue <= min(budget, HDF5Dataset.readLimit) else {
            count.skipped += 1
            return
        }
        budget -= bytes.partialValue
        do {
            switch dataset.elementType {
            case .string:
                _ = try dataset.readStrings()
            case .float, .integer:
                // Plain bytes at a checked address parse nothing: both ends exercise the read and
                // the type conversion. Chunked or filtered storage is read whole (its index and
                // filters are what a damaged file breaks).
                if dataset.storesPlainBytes {
                    _ = try dataset.readEnds()
                } else {
                    try dataset.forEachBlock(maxElements: 1 << 20) { _, _ in }
                }
            default:
                return
            }
        } catch {
            count.refused += 1
        }
    }
}
