import DangjianCore
import Vapor

/// Input problems, field by field, reported all at once: 422 with the fields on the API; forms re-render with them.
struct FormProblems: Error, AbortError {
    let errors: [FieldError]

    init(_ errors: [FieldError]) { self.errors = errors }

    init(field: String, _ message: String) { self.errors = [FieldError(field: field, message: message)] }

    var status: HTTPResponseStatus { .unprocessableEntity }
    var reason: String { errors.map(\.message).joined(separator: "；") }

    func message(for field: String) -> String? { errors.first { $0.field == field }?.message }
}

extension ValidationFailure {
    var problems: FormProblems { FormProblems(errors) }
}

/// One place where errors become answers: JSON `{"error": {...}}` on the API, a Chinese page in the browser.
/// Unexpected errors are logged with the request id and shown without internals, never as a bare 500.
struct ErrorPageMiddleware: AsyncMiddleware {
    struct APIError: Content {
        struct Body: Content {
            let status: Int
            let message: String
            let fields: [FieldError]?
            let rule: RuleInfo?
            let earliest: CalendarDate?
            let requestID: String
        }
        let error: Body
    }

    struct RuleInfo: Content {
        let id: String
        let title: String
        let source: String
        let citation: String
    }

    struct ErrorPage {
        let layout: Layout
        let status: Int
        let title: String
        let message: String
    }

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        do {
            return try await next.respond(to: request)
        } catch {
            return await answer(error, for: request)
        }
    }

    private func answer(_ error: any Error, for request: Request) async -> Response {
        let status: HTTPResponseStatus
        let message: String
        var fields: [FieldError]?
        var headers = HTTPHeaders()
        var rule: RuleInfo?
        var earliest: CalendarDate?
        switch error {
        case let refusal as RuleRefusal:
            status = refusal.status
            message = refusal.reason
            rule = refusal.refusal.rule.map { RuleInfo(id: $0.id.rawValue, title: $0.title, source: $0.source, citation: $0.citation) }
            earliest = refusal.refusal.earliest
        case let problems as FormProblems:
            status = problems.status
            message = problems.reason
            fields = problems.errors
        case let failure as ValidationFailure:
            status = .unprocessableEntity
            message = failure.errors.map(\.message).joined(separator: "；")
            fields = failure.errors
        // Before AbortError: Vapor makes DecodingError one, with an English reason.
        case let decoding as DecodingError:
            status = .badRequest
            let problem = Self.describe(decoding)
            message = problem.message
            fields = problem.field.map { [FieldError(field: $0, message: problem.message)] }
        case let abort as any AbortError:
            status = abort.status
            message = Self.chinese(abort.reason, status: status)
            headers = abort.headers
        case _ where Self.isMalformedBody(error):
            status = .badRequest
            message = "提交的表单或文件格式不正确，请检查后重新提交"
        default:
            status = .internalServerError
            message = "服务器处理出错，请稍后再试；如反复出现，请把编号 \(request.id) 告知系统管理员"
            request.logger.error("unexpected error: \(String(reflecting: error))")
        }
        // Compared by name: HTTPMediaType's == lets a browser's */* match JSON.
        if request.isAPI || request.headers.accept.contains(where: { $0.mediaType.type == "application" && $0.mediaType.subType == "json" }) {
            let body = APIError(error: .init(status: Int(status.code), message: message, fields: fields, rule: rule,
                                                     earliest: earliest, requestID: request.id))
            let response = Response(status: status, headers: headers)
            try? response.content.encode(body)
            return response
        }
        let page = ErrorPage(layout: Layout(request, title: "出错了"), status: Int(status.code), title: Self.title(status),
                             message: message)
        // Rendered in Swift, the page cannot fail to render.
        let response = (try? await Page(page.node).encodeResponse(status: status, for: request)) ?? Response(status: status)
        for (name, value) in headers where name.lowercased() != "content-type" && name.lowercased() != "content-length" {
            response.headers.replaceOrAdd(name: name, value: value)
        }
        return response
    }

    /// A body the multipart or form parser could not read: the caller's mistake, not the server's.
    static func isMalformedBody(_ error: any Error) -> Bool {
        let name = String(reflecting: type(of: error))
        return name.hasPrefix("MultipartKit.") || name.contains("URLEncodedForm")
    }

    /// Which field a decoding failure is about, and a Chinese sentence saying what it should have been.
    static func describe(_ error: DecodingError) -> (field: String?, message: String) {
        func name(_ path: [any CodingKey]) -> String? {
            let parts = path.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }
            return parts.isEmpty ? nil : parts.joined(separator: ".").replacingOccurrences(of: ".[", with: "[")
        }
        func kind(_ type: Any.Type) -> String {
            switch type {
            case is Int.Type, is Int64.Type, is Int32.Type: "整数"
            case is Double.Type, is Float.Type: "数字"
            case is Bool.Type: "true 或 false"
            case is String.Type: "文字"
            default: String(describing: type).hasPrefix("Array") ? "列表" : String(describing: type).hasPrefix("Dictionary") ? "对象" : "正确的格式"
            }
        }
        switch error {
        case .typeMismatch(let type, let context):
            let field = name(context.codingPath)
            return (field, field.map { "字段 \($0) 应为\(kind(type))" } ?? "提交的内容应为\(kind(type))")
        case .valueNotFound(let type, let context):
            let field = name(context.codingPath)
            return (field, field.map { "字段 \($0) 不能为空（应为\(kind(type))）" } ?? "提交的内容不能为空")
        case .keyNotFound(let key, let context):
            let field = name(context.codingPath + [key]) ?? key.stringValue
            return (field, "缺少字段 \(field)")
        case .dataCorrupted(let context):
            let field = name(context.codingPath)
            let said = context.debugDescription
            if said.unicodeScalars.contains(where: { $0.value >= 0x4E00 && $0.value <= 0x9FFF }) { return (field, field.map { "字段 \($0)：\(said)" } ?? said) }
            return (field, field.map { "字段 \($0) 的格式不正确" } ?? "提交的数据不是有效的 JSON 或表单")
        @unknown default:
            return (nil, "提交的数据格式不正确，请检查后重新提交")
        }
    }

    static func title(_ status: HTTPResponseStatus) -> String {
        switch status.code {
        case 400, 422: "提交的内容有误"
        case 401: "请先登录"
        case 403: "没有权限"
        case 404: "没有找到"
        case 413: "提交的内容太大"
        case 429: "请稍后再试"
        default: "出错了"
        }
    }

    /// Our own reasons are Chinese already; Vapor's built-in English reasons are replaced by status.
    static func chinese(_ reason: String, status: HTTPResponseStatus) -> String {
        if reason.unicodeScalars.contains(where: { $0.value >= 0x4E00 && $0.value <= 0x9FFF }) { return reason }
        switch status.code {
        case 400: return "请求格式不正确"
        case 401: return "请先登录"
        case 403: return "您没有执行此操作的权限"
        case 404: return "没有找到这条记录，或它不在您负责的范围内"
        case 405: return "不支持这种请求方式"
        case 413: return "提交的内容超过了大小上限"
        case 415: return "不支持这种提交格式"
        default: return "服务器处理出错，请稍后再试"
        }
    }
}

/// The name of the id field that `Placed` reads beside a record's own fields.
protocol PlacementKey: Sendable { static var field: String { get } }

/// A record's fields and, in the same JSON object, the organization it is placed in (`parentID` for a new
/// organization, `organizationID` for a new member).
struct Placed<Key: PlacementKey, Input: Decodable & Sendable>: Decodable, Sendable {
    let organizationID: Int?
    let input: Input

    private struct Field: CodingKey {
        let stringValue: String
        init(stringValue: String) { self.stringValue = stringValue }
        var intValue: Int? { nil }
        init?(intValue: Int) { nil }
    }

    init(from decoder: any Decoder) throws {
        organizationID = try decoder.container(keyedBy: Field.self).decodeIfPresent(LenientID.self, forKey: Field(stringValue: Key.field))?.value
        input = try Input(from: decoder)
    }
}

/// An id sent either as a JSON number or as a string (forms send strings; scripts send numbers).
struct LenientID: Codable, Sendable, Equatable {
    let value: Int?

    init(_ value: Int?) { self.value = value }

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() { value = nil }
        else if let number = try? container.decode(Int.self) { value = number }
        else { value = Int(try container.decode(String.self).trimmingCharacters(in: .whitespaces)) }
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(value)
    }
}
