import DangjianCore
import Vapor

/// Text with a NUL character in it is refused where it is decoded — JSON, forms, multipart fields and query strings —
/// with a Chinese message, before it can reach a database: SQLite would keep only what comes before the NUL (a silent
/// loss) and PostgreSQL refuses the whole statement.
enum NulFreeInput {
    static let message = "填写的内容中有一个看不见的空字符（\\0），请删除后再提交"

    /// Installs the checking decoders in place of Vapor's for every media type a request body can have here.
    static func install() {
        var configuration = ContentConfiguration.global
        for mediaType in [HTTPMediaType.json, .jsonAPI, .urlEncodedForm, .formData, .plainText] {
            guard let base = try? configuration.requireDecoder(for: mediaType) else { continue }
            guard !(base is Decoder) else { continue }
            configuration.use(decoder: Decoder(base: base), for: mediaType)
        }
        if let base = try? configuration.requireURLDecoder(), !(base is QueryDecoder) {
            configuration.use(urlDecoder: QueryDecoder(base: base))
        }
        ContentConfiguration.global = configuration
    }

    /// The first string inside `value` holding a NUL, with the name of the field it was in.
    static func field(holdingNulIn value: Any, named name: String = "", depth: Int = 0) -> String? {
        if depth > 16 || value is ByteBuffer || value is Data { return nil }
        if let text = value as? String { return text.contains("\u{0}") ? name : nil }
        if let text = value as? Substring { return text.contains("\u{0}") ? name : nil }
        let mirror = Mirror(reflecting: value)
        if mirror.displayStyle == .dictionary {
            // A dictionary's keys are the names the sender used.
            for pair in mirror.children {
                let parts = Array(Mirror(reflecting: pair.value).children)
                guard parts.count == 2 else { continue }
                let key = parts[0].value as? String ?? name
                if let found = field(holdingNulIn: parts[0].value, named: key, depth: depth + 1)
                    ?? field(holdingNulIn: parts[1].value, named: key, depth: depth + 1) { return found }
            }
            return nil
        }
        for child in mirror.children {
            // The field a person filled in: the outermost name (wrappers inside it call their value `value`).
            let childName = name.isEmpty ? child.label.map { $0.hasPrefix("_") ? String($0.dropFirst()) : $0 } ?? "" : name
            if let found = field(holdingNulIn: child.value, named: childName, depth: depth + 1) { return found }
        }
        return nil
    }

    static func check<D>(_ value: D) throws -> D {
        if let field = field(holdingNulIn: value) { throw FormProblems(field: field, message) }
        return value
    }

    static let malformedMultipart = "上传的内容格式有误（分段的头部名称含有非 ASCII 字符或没有分隔符），请重新选择文件后提交"

    /// A multipart body the framework's parser would stop the process on (an empty boundary, a byte outside ASCII in
    /// a part's header name) is refused before it is parsed.
    static func refuseHazardousMultipart(_ body: ByteBuffer, headers: HTTPHeaders) throws {
        guard let type = headers.contentType, type.type == "multipart" else { return }
        guard let boundary = type.parameters["boundary"] else { return }
        if boundary.isEmpty || MultipartNames.hasNonASCIIName(in: body.readableBytesView, boundary: boundary) {
            throw FormProblems(field: "file", malformedMultipart)
        }
    }

    struct Decoder: ContentDecoder {
        let base: any ContentDecoder

        func decode<D: Decodable>(_ decodable: D.Type, from body: ByteBuffer, headers: HTTPHeaders) throws -> D {
            try refuseHazardousMultipart(body, headers: headers)
            return try check(base.decode(decodable, from: body, headers: headers))
        }

        func decode<D: Decodable>(_ decodable: D.Type, from body: ByteBuffer, headers: HTTPHeaders,
                                  userInfo: [CodingUserInfoKey: any Sendable]) throws -> D {
            try refuseHazardousMultipart(body, headers: headers)
            return try check(base.decode(decodable, from: body, headers: headers, userInfo: userInfo))
        }
    }

    struct QueryDecoder: URLQueryDecoder {
        let base: any URLQueryDecoder

        func decode<D: Decodable>(_ decodable: D.Type, from url: URI) throws -> D {
            try check(base.decode(decodable, from: url))
        }

        func decode<D: Decodable>(_ decodable: D.Type, from url: URI, userInfo: [CodingUserInfoKey: any Sendable]) throws -> D {
            try check(base.decode(decodable, from: url, userInfo: userInfo))
        }
    }
}
