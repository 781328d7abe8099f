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

    struct ErrorPage: Encodable {
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
        case let abort as any AbortError:
            status = abort.status
            message = Self.chinese(abort.reason, status: status)
            headers = abort.headers
        case is DecodingError:
            status = .badRequest
            message = "提交的数据格式不正确，请检查后重新提交"
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
        do {
            let response = try await request.view.render("errors/error", page).encodeResponse(status: status, for: request)
            for (name, value) in headers where name.lowercased() != "content-type" && name.lowercased() != "content-length" {
                response.headers.replaceOrAdd(name: name, value: value)
            }
            return response
        } catch {
            request.logger.error("error page failed to render: \(String(reflecting: error))")
            let response = Response(status: status, body: .init(string: message))
            response.headers.contentType = .plainText
            return response
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
