import Foundation

/// A JSON Schema (the OpenAPI 3.1 dialect) for one value: what the API document says a parameter, a request body or
/// a response holds. Built from the Swift types by `SchemaReader`, never written by hand beside them.
final class Schema: Encodable, @unchecked Sendable {
    var ref: String?
    var type: [String]?
    var format: String?
    var pattern: String?
    var enumeration: [String]?
    var minimum: Int?
    var maximum: Int?
    var minLength: Int?
    var maxLength: Int?
    var items: Schema?
    var properties: [String: Schema]?
    var required: [String]?
    var additionalProperties: Schema?
    var description: String?
    var example: String?
    /// For text that carries JSON (a server-sent event's `data`): its media type and schema.
    var contentMediaType: String?
    var contentSchema: Schema?

    init(ref: String? = nil, type: [String]? = nil, format: String? = nil, pattern: String? = nil, enumeration: [String]? = nil,
         minimum: Int? = nil, maximum: Int? = nil, minLength: Int? = nil, maxLength: Int? = nil, items: Schema? = nil,
         properties: [String: Schema]? = nil, required: [String]? = nil, additionalProperties: Schema? = nil, description: String? = nil) {
        self.ref = ref
        self.type = type
        self.format = format
        self.pattern = pattern
        self.enumeration = enumeration
        self.minimum = minimum
        self.maximum = maximum
        self.minLength = minLength
        self.maxLength = maxLength
        self.items = items
        self.properties = properties
        self.required = required
        self.additionalProperties = additionalProperties
        self.description = description
    }

    static func string(format: String? = nil, pattern: String? = nil, description: String? = nil) -> Schema {
        Schema(type: ["string"], format: format, pattern: pattern, description: description)
    }

    static func integer(minimum: Int? = nil, maximum: Int? = nil, description: String? = nil) -> Schema {
        Schema(type: ["integer"], format: "int64", minimum: minimum, maximum: maximum, description: description)
    }

    static func strings(_ values: [String], description: String? = nil) -> Schema {
        Schema(type: ["string"], enumeration: values, description: description)
    }

    static func array(of items: Schema) -> Schema { Schema(type: ["array"], items: items) }

    static let binary = Schema.string(format: "binary")

    /// The same schema, also allowing `null` (an optional property that is sent as null).
    var nullable: Schema {
        if let ref {
            let either = Schema()
            either.anyOf = [Schema(ref: ref), Schema(type: ["null"])]
            return either
        }
        let copy = self.copy()
        if let type = copy.type, !type.contains("null") { copy.type = type + ["null"] }
        if var values = copy.enumeration { values.append("\u{0}null"); copy.enumeration = values }
        return copy
    }

    var anyOf: [Schema]?

    func copy() -> Schema {
        let copy = Schema(ref: ref, type: type, format: format, pattern: pattern, enumeration: enumeration, minimum: minimum, maximum: maximum,
                          minLength: minLength, maxLength: maxLength, items: items, properties: properties, required: required,
                          additionalProperties: additionalProperties, description: description)
        copy.anyOf = anyOf
        copy.example = example
        copy.contentMediaType = contentMediaType
        copy.contentSchema = contentSchema
        return copy
    }

    enum CodingKeys: String, CodingKey {
        case ref = "$ref", type, format, pattern, enumeration = "enum", minimum, maximum, minLength, maxLength, items, properties, required
        case additionalProperties, description, anyOf, example, contentMediaType, contentSchema
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encodeIfPresent(ref, forKey: .ref)
        if let type { type.count == 1 ? try container.encode(type[0], forKey: .type) : try container.encode(type, forKey: .type) }
        try container.encodeIfPresent(format, forKey: .format)
        try container.encodeIfPresent(pattern, forKey: .pattern)
        if let enumeration {
            // A nullable enumeration lists null among its values (JSON null, not the text "null").
            var values = container.nestedUnkeyedContainer(forKey: .enumeration)
            for value in enumeration { value == "\u{0}null" ? try values.encodeNil() : try values.encode(value) }
        }
        try container.encodeIfPresent(minimum, forKey: .minimum)
        try container.encodeIfPresent(maximum, forKey: .maximum)
        try container.encodeIfPresent(minLength, forKey: .minLength)
        try container.encodeIfPresent(maxLength, forKey: .maxLength)
        try container.encodeIfPresent(items, forKey: .items)
        try container.encodeIfPresent(properties, forKey: .properties)
        if let required, !required.isEmpty { try container.encode(required, forKey: .required) }
        try container.encodeIfPresent(additionalProperties, forKey: .additionalProperties)
        try container.encodeIfPresent(description, forKey: .description)
        try container.encodeIfPresent(anyOf, forKey: .anyOf)
        try container.encodeIfPresent(example, forKey: .example)
        try container.encodeIfPresent(contentMediaType, forKey: .contentMediaType)
        try container.encodeIfPresent(contentSchema, forKey: .contentSchema)
    }
}

/// A type that states its own schema, because its JSON form is not the shape of its stored properties (a date written
/// as `2026-03-01`, an id sent as a number or a string) or because its decoder refuses a made-up value.
protocol APISchemaProviding {
    static var apiSchema: Schema { get }
    /// A valid value, so that the reader can build the types that contain this one.
    static var apiExample: Self { get }
}

/// Per-property constraints a type adds to what its Swift types say (a year's range, a text's length).
protocol APISchemaHints {
    static var schemaHints: [String: Schema] { get }
}

protocol OptionalSchema { static var wrappedType: any Decodable.Type { get } }
extension Optional: OptionalSchema where Wrapped: Decodable {
    static var wrappedType: any Decodable.Type { Wrapped.self }
}

protocol SequenceSchema { static var elementType: any Decodable.Type { get }; static var empty: Self { get } }
extension Array: SequenceSchema where Element: Decodable {
    static var elementType: any Decodable.Type { Element.self }
    static var empty: Self { [] }
}
extension Set: SequenceSchema where Element: Decodable {
    static var elementType: any Decodable.Type { Element.self }
    static var empty: Self { [] }
}

protocol DictionarySchema { static var valueType: any Decodable.Type { get }; static var empty: Self { get } }
extension Dictionary: DictionarySchema where Key == String, Value: Decodable {
    static var valueType: any Decodable.Type { Value.self }
    static var empty: Self { [:] }
}

enum SchemaReadingError: Error, CustomStringConvertible {
    case unsupported(String)

    var description: String {
        switch self {
        case .unsupported(let what): "cannot describe \(what)"
        }
    }
}

/// Reads a `Decodable` type's shape by decoding it from a decoder that answers every question with a made-up value
/// and writes down what was asked: each key, whether it was required, and the type read for it. Object types land
/// in `components` under their Swift name and are referred to by `$ref`, so recursive types end.
final class SchemaReader {
    private(set) var components: [String: Schema] = [:]
    private var reading: Set<String> = []
    private(set) var problems: [String] = []

    /// The schema for `type`; a type the reader cannot build is recorded in `problems` and described as any value.
    func schema(for type: any Decodable.Type) -> Schema {
        do { return try read(type).schema } catch {
            problems.append("\(Self.name(of: type)): \(error)")
            return Schema(description: "（无法生成结构说明）")
        }
    }

    static func name(of type: Any.Type) -> String {
        var name = String(reflecting: type)
        for module in ["DangjianApp.", "DangjianCore.", "Swift.", "Foundation."] { name = name.replacingOccurrences(of: module, with: "") }
        return String(name.map { $0.isLetter || $0.isNumber || $0 == "." || $0 == "_" ? $0 : "_" })
    }

    /// The schema of `type` and a value of it.
    func read<T: Decodable>(_ type: T.Type) throws -> (schema: Schema, value: T) {
        if let provided = type as? any APISchemaProviding.Type {
            guard let value = provided.apiExample as? T else { throw SchemaReadingError.unsupported(Self.name(of: type)) }
            return (provided.apiSchema, value)
        }
        if let optional = type as? any OptionalSchema.Type {
            let inner = schema(for: optional.wrappedType)
            guard let none = Self.nilValue(T.self) else { throw SchemaReadingError.unsupported(Self.name(of: type)) }
            return (inner.nullable, none)
        }
        if let sequence = type as? any SequenceSchema.Type {
            guard let empty = sequence.empty as? T else { throw SchemaReadingError.unsupported(Self.name(of: type)) }
            return (.array(of: schema(for: sequence.elementType)), empty)
        }
        if let dictionary = type as? any DictionarySchema.Type {
            guard let empty = dictionary.empty as? T else { throw SchemaReadingError.unsupported(Self.name(of: type)) }
            return (Schema(type: ["object"], additionalProperties: schema(for: dictionary.valueType)), empty)
        }
        if let values = Self.stringCases(type) {
            let decoder = ValueDecoder(reader: self, string: values.first ?? "")
            return (.strings(values), try T(from: decoder))
        }
        if let primitive = Self.primitive(type) { return primitive }
        let decoder = ValueDecoder(reader: self, string: nil)
        let name = Self.name(of: type)
        if reading.contains(name) {
            // A type that contains itself: the outer reading writes the component; this one only refers to it.
            let value = try T(from: decoder)
            return (Schema(ref: "#/components/schemas/\(name)"), value)
        }
        reading.insert(name)
        defer { reading.remove(name) }
        let value = try T(from: decoder)
        let schema: Schema
        if let shape = decoder.object {
            let hints = (type as? any APISchemaHints.Type)?.schemaHints ?? [:]
            for (key, hint) in hints where shape.properties[key] != nil {
                let property = shape.properties[key] ?? hint
                Self.merge(hint, into: property)
            }
            schema = Schema(type: ["object"], properties: shape.properties, required: shape.required.sorted())
            components[name] = schema
            return (Schema(ref: "#/components/schemas/\(name)"), value)
        } else if let single = decoder.single {
            schema = single
        } else {
            schema = Schema(type: ["array"])
        }
        return (schema, value)
    }

    private static func nilValue<T>(_ type: T.Type) -> T? {
        (type as? any ExpressibleByNilLiteral.Type).flatMap { $0.init(nilLiteral: ()) as? T }
    }

    static func merge(_ hint: Schema, into property: Schema) {
        if property.ref != nil { return }
        property.minimum = hint.minimum ?? property.minimum
        property.maximum = hint.maximum ?? property.maximum
        property.minLength = hint.minLength ?? property.minLength
        property.maxLength = hint.maxLength ?? property.maxLength
        property.pattern = hint.pattern ?? property.pattern
        property.format = hint.format ?? property.format
        property.description = hint.description ?? property.description
        if let values = hint.enumeration { property.enumeration = property.type?.contains("null") == true ? values + ["\u{0}null"] : values }
    }

    /// The raw values of a string-backed enumeration, from its `CaseIterable` cases.
    static func stringCases(_ type: Any.Type) -> [String]? {
        guard let iterable = type as? any CaseIterable.Type else { return nil }
        func values<E: CaseIterable>(_: E.Type) -> [String]? {
            let raw = E.allCases.map { ($0 as? any RawRepresentable)?.rawValue as? String }
            return raw.allSatisfy { $0 != nil } ? raw.compactMap { $0 } : nil
        }
        return values(iterable)
    }

    static func primitive<T>(_ type: T.Type) -> (schema: Schema, value: T)? {
        func answer(_ schema: Schema, _ value: Any) -> (schema: Schema, value: T)? { (value as? T).map { (schema, $0) } }
        switch type {
        case is String.Type: return answer(.string(), "")
        case is Int.Type: return answer(.integer(), 0)
        case is Int64.Type: return answer(.integer(), Int64(0))
        case is Int32.Type: return answer(Schema(type: ["integer"], format: "int32"), Int32(0))
        case is Double.Type: return answer(Schema(type: ["number"]), 0.0)
        case is Bool.Type: return answer(Schema(type: ["boolean"]), false)
        case is Date.Type: return answer(.string(format: "date-time"), Date(timeIntervalSince1970: 0))
        case is UUID.Type: return answer(.string(format: "uuid"), UUID())
        default: return nil
        }
    }
}

/// The shape written down while a type decodes itself from `ValueDecoder`.
final class ObjectShape {
    var properties: [String: Schema] = [:]
    var required: Set<String> = []
}

/// A decoder that answers with made-up values (the first case of an enumeration, empty text, zero) and records
/// what the type asked for.
final class ValueDecoder: Decoder {
    let reader: SchemaReader
    /// The text to answer a single-value string request with (an enumeration's first raw value).
    let string: String?
    var codingPath: [any CodingKey] = []
    var userInfo: [CodingUserInfoKey: Any] = [:]
    private(set) var object: ObjectShape?
    var single: Schema?

    init(reader: SchemaReader, string: String?) {
        self.reader = reader
        self.string = string
    }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        let shape = object ?? ObjectShape()
        object = shape
        return KeyedDecodingContainer(KeyedReader<Key>(reader: reader, shape: shape))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        single = Schema(type: ["array"])
        return EmptyUnkeyed()
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer { SingleReader(decoder: self) }
}

struct KeyedReader<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let reader: SchemaReader
    let shape: ObjectShape
    var codingPath: [any CodingKey] = []
    var allKeys: [Key] { [] }

    func contains(_ key: Key) -> Bool { true }
    func decodeNil(forKey key: Key) throws -> Bool { false }

    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
        let (schema, value) = try reader.read(type)
        shape.properties[key.stringValue] = schema
        shape.required.insert(key.stringValue)
        return value
    }

    func decodeIfPresent<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T? {
        let schema = reader.schema(for: type)
        if shape.properties[key.stringValue] == nil { shape.properties[key.stringValue] = schema.nullable }
        return nil
    }

    // The standard library gives these their own defaults (contains, decodeNil, decode), which would mark an optional
    // property required; they are routed to the generic reading above.
    func decodeIfPresent(_ type: String.Type, forKey key: Key) throws -> String? { try optional(type, key) }
    func decodeIfPresent(_ type: Bool.Type, forKey key: Key) throws -> Bool? { try optional(type, key) }
    func decodeIfPresent(_ type: Int.Type, forKey key: Key) throws -> Int? { try optional(type, key) }
    func decodeIfPresent(_ type: Int64.Type, forKey key: Key) throws -> Int64? { try optional(type, key) }
    func decodeIfPresent(_ type: Int32.Type, forKey key: Key) throws -> Int32? { try optional(type, key) }
    func decodeIfPresent(_ type: Double.Type, forKey key: Key) throws -> Double? { try optional(type, key) }

    private func optional<T: Decodable>(_ type: T.Type, _ key: Key) throws -> T? {
        let generic: (T.Type, Key) throws -> T? = decodeIfPresent
        return try generic(type, key)
    }

    func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws -> KeyedDecodingContainer<NestedKey> {
        let nested = ObjectShape()
        let schema = Schema(type: ["object"])
        shape.properties[key.stringValue] = schema
        shape.required.insert(key.stringValue)
        defer { schema.properties = nested.properties; schema.required = nested.required.sorted() }
        return KeyedDecodingContainer(KeyedReader<NestedKey>(reader: reader, shape: nested))
    }

    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
        shape.properties[key.stringValue] = Schema(type: ["array"])
        return EmptyUnkeyed()
    }

    func superDecoder() throws -> any Decoder { throw SchemaReadingError.unsupported("superDecoder") }
    func superDecoder(forKey key: Key) throws -> any Decoder { throw SchemaReadingError.unsupported("superDecoder") }
}

struct SingleReader: SingleValueDecodingContainer {
    let decoder: ValueDecoder
    var codingPath: [any CodingKey] { decoder.codingPath }

    func decodeNil() -> Bool { false }

    func decode<T: Decodable>(_ type: T.Type) throws -> T {
        if type == String.self, let text = decoder.string, let value = text as? T {
            if decoder.single == nil { decoder.single = .string() }
            return value
        }
        let (schema, value) = try decoder.reader.read(type)
        if decoder.single == nil { decoder.single = schema }
        return value
    }
}

struct EmptyUnkeyed: UnkeyedDecodingContainer {
    var codingPath: [any CodingKey] = []
    var count: Int? { 0 }
    var isAtEnd: Bool { true }
    var currentIndex: Int { 0 }

    mutating func decodeNil() throws -> Bool { true }
    mutating func decode<T: Decodable>(_ type: T.Type) throws -> T { throw SchemaReadingError.unsupported("array element") }
    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws -> KeyedDecodingContainer<NestedKey> {
        throw SchemaReadingError.unsupported("nested array")
    }
    mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer { throw SchemaReadingError.unsupported("nested array") }
    mutating func superDecoder() throws -> any Decoder { throw SchemaReadingError.unsupported("superDecoder") }
}
