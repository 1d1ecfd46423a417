import CoreMLSpec
import Foundation

typealias MILOperation = CoreML_Specification_MILSpec_Operation
typealias MILValue = CoreML_Specification_MILSpec_Value
typealias MILDataType = CoreML_Specification_MILSpec_DataType

/// The operations of the program's one block under construction, with the static shape of
/// every value (batch as 1) and the constants written so far.
///
/// Tensors stay channels-last as in Keras; operations MIL defines on channels-first data are
/// wrapped in transposes, and a transpose that undoes the one before it hands back the earlier
/// value (the unused pair is left out by ``usedOperations(outputs:)``). Constants are `const`
/// operations: small ones hold their values, the rest are blobs of the weight file, written as
/// they come and shared by every use of the same key.
struct MILProgramBuilder {
    let precision: MILPrecision
    let weights: MILBlobWriter
    private(set) var operations: [MILOperation] = []
    var shapes: [String: [Int]] = [:]
    private var names: Set<String> = []
    private var transposes: [String: (source: String, perm: [Int])] = [:]
    private var constants: [String: String] = [:]

    /// Tensors of more elements than this go to the weight file.
    static let immediateLimit = 10

    init(precision: MILPrecision, weights: MILBlobWriter) {
        self.precision = precision
        self.weights = weights
    }

    /// The element type of computed float values.
    var computeType: MILDataType { precision == .float16 ? .float16 : .float32 }

    /// `base` made a MIL identifier (letters, digits, `_`), suffixed `_N` when taken; it is taken.
    mutating func unique(_ base: String) -> String {
        var cleaned = String(base.map { $0.isASCII && ($0.isLetter || $0.isNumber) ? $0 : "_" })
        if cleaned.first.map({ !$0.isLetter && $0 != "_" }) ?? true { cleaned = "_" + cleaned }
        var name = cleaned
        var suffix = 1
        while names.contains(name) {
            name = "\(cleaned)_\(suffix)"
            suffix += 1
        }
        names.insert(name)
        return name
    }

    /// Appends an operation built elsewhere (one with literal-bound or non-tensor values).
    mutating func appendOperation(_ operation: MILOperation) {
        operations.append(operation)
    }

    /// Declares a function input `name` of `shape`.
    mutating func input(_ name: String, shape: [Int]) {
        names.insert(name)
        shapes[name] = shape
    }

    /// Appends an operation of `type` whose parameters are bound to the named values `inputs`;
    /// returns its output, named from `name`, of `dataType` (the compute type by default).
    @discardableResult
    mutating func op(
        _ type: String, _ inputs: [String: String], name: String, shape: [Int]?, dataType: MILDataType? = nil
    ) -> String {
        op(type, inputs.mapValues { [$0] }, name: name, shape: shape, dataType: dataType)
    }

    /// Appends an operation whose parameters may each bind several values (`concat`'s `values`).
    @discardableResult
    mutating func op(
        _ type: String, _ inputs: [String: [String]], name: String, shape: [Int]?, dataType: MILDataType? = nil
    ) -> String {
        op(type, inputs, output: unique(name), shape: shape, dataType: dataType)
    }

    /// Appends an operation of several outputs (`topk`'s values and indices), each named from
    /// `name` and its suffix, of the given shape and type; returns their names.
    mutating func op(
        _ type: String, _ inputs: [String: String], outputs: [(suffix: String, shape: [Int], dataType: MILDataType)],
        name: String
    ) -> [String] {
        let names = outputs.map { unique(name + $0.suffix) }
        var operation = MILOperation()
        operation.type = type
        for (key, value) in inputs {
            var binding = CoreML_Specification_MILSpec_Argument.Binding()
            binding.name = value
            var argument = CoreML_Specification_MILSpec_Argument()
            argument.arguments = [binding]
            operation.inputs[key] = argument
        }
        operation.outputs = zip(names, outputs).map { Self.namedType($0, $1.dataType, shape: $1.shape) }
        operations.append(operation)
        for (output, description) in zip(names, outputs) { shapes[output] = description.shape }
        return names
    }

    /// Appends an operation whose output takes `output` as it is (a name set aside by
    /// ``unique(_:)`` beforehand, such as a model output's).
    @discardableResult
    mutating func op(
        _ type: String, _ inputs: [String: [String]], output: String, shape: [Int]?, dataType: MILDataType? = nil
    ) -> String {
        var operation = MILOperation()
        operation.type = type
        for (key, values) in inputs {
            var argument = CoreML_Specification_MILSpec_Argument()
            argument.arguments = values.map { value in
                var binding = CoreML_Specification_MILSpec_Argument.Binding()
                binding.name = value
                return binding
            }
            operation.inputs[key] = argument
        }
        operation.outputs = [Self.namedType(output, dataType ?? computeType, shape: shape ?? [])]
        operations.append(operation)
        if let shape { shapes[output] = shape }
        return output
    }

    /// A float constant of `shape` in the compute type; `key` (such as a weight's dataset path)
    /// shares it between uses, so a shared layer's weights are stored once.
    mutating func floats(
        _ values: [Float], shape: [Int], name: String, key: String? = nil
    ) throws(MLProgramConversionError) -> String {
        if let key, let known = constants[key] { return known }
        var value = MILValue()
        value.type = Self.valueType(computeType, shape: shape)
        if values.count > Self.immediateLimit {
            let offset = try weights.append(values, as: precision == .float16 ? .float16 : .float32)
            value.blobFileValue.fileName = "@model_path/weights/weight.bin"
            value.blobFileValue.offset = offset
        } else if precision == .float16 {
            value.immediateValue.tensor.bytes.values = MILBlobWriter.encode(values, as: .float16)
        } else {
            value.immediateValue.tensor.floats.values = values
        }
        let output = constant(value, name: name, dataType: computeType, shape: shape)
        if let key { constants[key] = output }
        return output
    }

    /// A float scalar in the compute type, shared by every use of the same value.
    mutating func scalar(_ number: Double) -> String {
        let key = "scalar:\(number)"
        if let known = constants[key] { return known }
        var value = MILValue()
        value.type = Self.valueType(computeType, shape: [])
        if precision == .float16 {
            value.immediateValue.tensor.bytes.values = MILBlobWriter.encode([Float(number)], as: .float16)
        } else {
            value.immediateValue.tensor.floats.values = [Float(number)]
        }
        let output = constant(value, name: "const_\(constants.count)", dataType: computeType, shape: [])
        constants[key] = output
        return output
    }

    /// An int32 constant: a list (rank 1), or a scalar when `scalar` is set.
    mutating func ints(_ values: [Int], scalar: Bool = false) -> String {
        let key = "ints:\(scalar):\(values)"
        if let known = constants[key] { return known }
        let shape = scalar ? [] : [values.count]
        var value = MILValue()
        value.type = Self.valueType(.int32, shape: shape)
        value.immediateValue.tensor.ints.values = values.map { Int32(clamping: $0) }
        let output = constant(value, name: "const_\(constants.count)", dataType: .int32, shape: shape)
        constants[key] = output
        return output
    }

    /// A bool scalar or list constant.
    mutating func bools(_ values: [Bool], scalar: Bool = false) -> String {
        let key = "bools:\(scalar):\(values)"
        if let known = constants[key] { return known }
        let shape = scalar ? [] : [values.count]
        var value = MILValue()
        value.type = Self.valueType(.bool, shape: shape)
        value.immediateValue.tensor.bools.values = values
        let output = constant(value, name: "const_\(constants.count)", dataType: .bool, shape: shape)
        constants[key] = output
        return output
    }

    /// A string scalar constant (`pad_type`, `mode`, `dtype`).
    mutating func string(_ text: String) -> String {
        let key = "string:\(text)"
        if let known = constants[key] { return known }
        var value = MILValue()
        value.type = Self.valueType(.string, shape: [])
        value.immediateValue.tensor.strings.values = [text]
        let output = constant(value, name: "const_\(constants.count)", dataType: .string, shape: [])
        constants[key] = output
        return output
    }

    private mutating func constant(_ value: MILValue, name: String, dataType: MILDataType, shape: [Int]) -> String {
        let output = unique(name)
        var operation = MILOperation()
        operation.type = "const"
        var nameValue = MILValue()
        nameValue.type = Self.valueType(.string, shape: [])
        nameValue.immediateValue.tensor.strings.values = [output]
        operation.attributes["name"] = nameValue
        operation.attributes["val"] = value
        operation.outputs = [Self.namedType(output, dataType, shape: shape)]
        operations.append(operation)
        shapes[output] = shape
        return output
    }

    /// `input` transposed by `perm`; the earlier value itself when this undoes its transpose.
    mutating func transpose(_ input: String, perm: [Int], name: String) -> String {
        if perm == Array(perm.indices) { return input }
        if let earlier = transposes[input] {
            let composed = perm.map { earlier.perm[$0] }
            if composed == Array(composed.indices) { return earlier.source }
        }
        let shape = shapes[input].map { shape in perm.map { $0 < shape.count ? shape[$0] : 1 } }
        let output = op("transpose", ["x": input, "perm": ints(perm)], name: name, shape: shape)
        transposes[output] = (input, perm)
        return output
    }

    /// The operations the `outputs` depend on, in order: transposes that cancelled and constants
    /// no longer read are left out.
    func usedOperations(outputs: [String]) -> [MILOperation] {
        var needed = Set(outputs)
        var kept: [MILOperation] = []
        for operation in operations.reversed() where operation.outputs.contains(where: { needed.contains($0.name) }) {
            kept.append(operation)
            for argument in operation.inputs.values {
                for binding in argument.arguments { needed.insert(binding.name) }
            }
        }
        return kept.reversed()
    }

    static func valueType(_ dataType: MILDataType, shape: [Int]) -> CoreML_Specification_MILSpec_ValueType {
        var tensor = CoreML_Specification_MILSpec_TensorType()
        tensor.dataType = dataType
        tensor.rank = Int64(shape.count)
        tensor.dimensions = shape.map { size in
            var dimension = CoreML_Specification_MILSpec_Dimension()
            dimension.constant.size = UInt64(max(size, 0))
            return dimension
        }
        var type = CoreML_Specification_MILSpec_ValueType()
        type.tensorType = tensor
        return type
    }

    static func namedType(
        _ name: String, _ dataType: MILDataType, shape: [Int]
    ) -> CoreML_Specification_MILSpec_NamedValueType {
        var named = CoreML_Specification_MILSpec_NamedValueType()
        named.name = name
        named.type = valueType(dataType, shape: shape)
        return named
    }
}
