import CoreMLSpec

extension MILProgramBuilder {
    /// Appends MIL's `classify`, which makes the program a classifier: from `probabilities` (fp32,
    /// one value per label) its outputs are the most probable label, named `label`, and the
    /// dictionary from label to probability, named `dictionary`. The labels are a list literal
    /// bound to the operation's `classes` parameter, not a `const` operation; no other operation
    /// may read its outputs. Returns the outputs' names: the label's, then the dictionary's.
    mutating func classify(
        _ probabilities: String, labels: ClassLabels, label: String, dictionary: String
    ) -> (label: String, dictionary: String) {
        let elementType: MILDataType
        let values: [MILValue]
        switch labels {
        case .strings(let strings):
            elementType = .string
            values = strings.map { text in
                var value = MILValue()
                value.type = Self.valueType(.string, shape: [])
                value.immediateValue.tensor.strings.values = [text]
                return value
            }
        case .integers(let integers):
            elementType = .int64
            values = integers.map { number in
                var value = MILValue()
                value.type = Self.valueType(.int64, shape: [])
                value.immediateValue.tensor.longInts.values = [number]
                return value
            }
        }
        var list = CoreML_Specification_MILSpec_ListType()
        list.type = Self.valueType(elementType, shape: [])
        list.length.constant.size = UInt64(labels.count)
        var classes = MILValue()
        classes.type.listType = list
        classes.immediateValue.list.values = values

        var operation = MILOperation()
        operation.type = "classify"
        var probabilitiesBinding = CoreML_Specification_MILSpec_Argument.Binding()
        probabilitiesBinding.name = probabilities
        operation.inputs["probabilities"] = .with { $0.arguments = [probabilitiesBinding] }
        var classesBinding = CoreML_Specification_MILSpec_Argument.Binding()
        classesBinding.value = classes
        operation.inputs["classes"] = .with { $0.arguments = [classesBinding] }

        var dictionaryType = CoreML_Specification_MILSpec_DictionaryType()
        dictionaryType.keyType = Self.valueType(elementType, shape: [])
        dictionaryType.valueType = Self.valueType(.float64, shape: [])
        var dictionaryOutput = CoreML_Specification_MILSpec_NamedValueType()
        dictionaryOutput.name = dictionary
        dictionaryOutput.type.dictionaryType = dictionaryType
        operation.outputs = [Self.namedType(label, elementType, shape: []), dictionaryOutput]
        appendOperation(operation)
        return (label, dictionary)
    }
}
