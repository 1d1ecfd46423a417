import CoreMLSpec
import CoreOps

/// What an operation's evaluation reads: its parameters by name, bound to earlier values or to
/// constants, with typed accessors that fail naming the operation.
struct MILOpContext {
    let name: String
    let arguments: [String: [MILTensor]]

    init(
        _ operation: CoreML_Specification_MILSpec_Operation, name: String, environment: [String: MILTensor]
    ) throws(MILEvaluationError) {
        self.name = name
        var arguments: [String: [MILTensor]] = [:]
        for (key, argument) in operation.inputs {
            var values: [MILTensor] = []
            for binding in argument.arguments {
                switch binding.binding {
                case .name(let reference)?:
                    guard let value = environment[reference] else {
                        throw MILEvaluationError(operation: name, "'\(key)' reads '\(reference)', not computed before")
                    }
                    values.append(value)
                case .value(let value)?:
                    values.append(try MILTensor.decode(value, weights: nil, operation: name))
                case nil: throw MILEvaluationError(operation: name, "'\(key)' has an empty binding")
                }
            }
            arguments[key] = values
        }
        self.arguments = arguments
    }

    func failure(_ message: String) -> MILEvaluationError { MILEvaluationError(operation: name, message) }

    func tensor(_ key: String) throws(MILEvaluationError) -> Tensor {
        guard let value = arguments[key]?.first else { throw failure("parameter '\(key)' is missing") }
        return value.tensor
    }

    func optional(_ key: String) -> Tensor? { arguments[key]?.first?.tensor }

    func list(_ key: String) throws(MILEvaluationError) -> [Tensor] {
        guard let values = arguments[key], !values.isEmpty else { throw failure("parameter '\(key)' is missing") }
        return values.map(\.tensor)
    }

    func ints(_ key: String, default value: [Int]? = nil) throws(MILEvaluationError) -> [Int] {
        guard let tensor = optional(key) else {
            guard let value else { throw failure("parameter '\(key)' is missing") }
            return value
        }
        return tensor.values.map { Int($0) }
    }

    func int(_ key: String, default value: Int? = nil) throws(MILEvaluationError) -> Int {
        guard let tensor = optional(key) else {
            guard let value else { throw failure("parameter '\(key)' is missing") }
            return value
        }
        guard tensor.values.count == 1 else { throw failure("parameter '\(key)' must be a scalar") }
        return Int(tensor.values[0])
    }

    func double(_ key: String, default value: Double? = nil) throws(MILEvaluationError) -> Double {
        guard let tensor = optional(key) else {
            guard let value else { throw failure("parameter '\(key)' is missing") }
            return value
        }
        guard tensor.values.count == 1 else { throw failure("parameter '\(key)' must be a scalar") }
        return tensor.values[0]
    }

    func bool(_ key: String, default value: Bool) throws(MILEvaluationError) -> Bool {
        guard let tensor = optional(key) else { return value }
        return tensor.values.first.map { $0 != 0 } ?? value
    }

    func bools(_ key: String, count: Int) -> [Bool] {
        optional(key).map { $0.values.map { $0 != 0 } } ?? Array(repeating: false, count: count)
    }

    func string(_ key: String, default value: String? = nil) throws(MILEvaluationError) -> String {
        guard let text = arguments[key]?.first?.string ?? value else { throw failure("parameter '\(key)' is missing") }
        return text
    }

    /// An axis resolved against `rank` (negative ones count from the end).
    func axis(_ axis: Int, rank: Int) throws(MILEvaluationError) -> Int {
        let resolved = axis < 0 ? axis + rank : axis
        guard resolved >= 0, resolved < max(rank, 1) else {
            throw failure("axis \(axis) out of range for rank \(rank)")
        }
        return resolved
    }
}
