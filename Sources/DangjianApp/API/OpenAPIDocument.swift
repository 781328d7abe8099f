import DangjianCore
import Foundation
import Vapor

/// `GET /api/v1/openapi.json` — OpenAPI 3.1, read off the registered routes: each operation's permission
/// (`x-permission`), path and query parameters, request body and the responses for success and for errors, with
/// schemas read from the Swift types the route decodes and returns (`SchemaReader`).
struct OpenAPIController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.download("openapi.json", requires: .public, summary: "本接口说明（OpenAPI 3.1）", produces: ["application/json"], use: document)
    }

    @Sendable func document(_ request: Request) async throws -> Response {
        let response = Response(status: .ok, body: .init(data: try OpenAPIDocument.build(request.application.routes.all, today: request.today)))
        response.headers.contentType = .json
        return response
    }
}

/// Builds the document (its shape is OpenAPI's, so it is assembled as JSON objects rather than as our types).
enum OpenAPIDocument {
    /// The statuses every operation may answer with an error body, and when.
    static let errors: [(code: Int, meaning: String)] = [
        (400, "请求格式不正确（字段类型不对、JSON 无法解析）"), (401, "未登录或登录已失效"), (403, "没有所需权限"),
        (404, "不存在，或不在您负责的范围内"), (413, "提交的内容超过大小上限"), (415, "不支持的提交格式"),
        (422, "输入有误：fields 逐项说明，rule 给出依据"), (429, "请求过于频繁，请按 Retry-After 稍后再试"),
    ]

    struct Document: Encodable {
        struct Info: Encodable { let title: String; let version: String; let description: String }
        struct Components: Encodable {
            struct Scheme: Encodable { let type: String; let scheme: String }
            let securitySchemes: [String: Scheme]
            let schemas: [String: Schema]
        }
        let openapi = "3.1.0"
        let info: Info
        let components: Components
        let paths: [String: [String: Operation]]
    }

    struct Operation: Encodable {
        let operationId: String
        let summary: String
        let permission: String
        var parameters: [Parameter]?
        var requestBody: RequestBody?
        var responses: [String: Answer] = [:]
        var security: [[String: [String]]]?

        enum CodingKeys: String, CodingKey {
            case operationId, summary, permission = "x-permission", parameters, requestBody, responses, security
        }
    }

    struct Parameter: Encodable {
        let name: String
        let location: String
        let required: Bool?
        let schema: Schema

        enum CodingKeys: String, CodingKey { case name, location = "in", required, schema }
    }

    struct MediaType: Encodable { let schema: Schema }

    struct RequestBody: Encodable {
        let required = true
        var description: String?
        let content: [String: MediaType]
    }

    struct Answer: Encodable {
        struct Link: Encodable { let operationId: String; let parameters: [String: String] }
        let description: String
        var content: [String: MediaType]?
        var links: [String: Link]?
    }

    static func files(_ mediaTypes: [String]) -> [String: MediaType] {
        Dictionary(mediaTypes.map { ($0, MediaType(schema: .binary)) }, uniquingKeysWith: { first, _ in first })
    }

    static func build(_ routes: [Route], today: CalendarDate) throws -> Data {
        let reader = SchemaReader()
        let errorSchema = reader.schema(for: ErrorPageMiddleware.APIError.self)
        let api = routes.filter { $0.path.first == .constant("api") && $0.apiOperation != nil }
        let operations = api.map { (path: Self.path(of: $0), id: Self.operationID($0)) }
        var paths: [String: [String: Operation]] = [:]
        for route in api {
            guard let described = route.apiOperation else { continue }
            let permission = route.requiredPermission ?? .authenticated
            var operation = Operation(operationId: Self.operationID(route), summary: described.summary, permission: permission.rawValue)
            var parameters: [Parameter] = []
            for component in route.path {
                guard case .parameter(let name) = component else { continue }
                let schema: Schema
                switch described.pathValues[name] {
                case .oneOf(let values): schema = .strings(values)
                case .uuid: schema = .string(format: "uuid")
                case nil: schema = .integer(minimum: 1)
                }
                parameters.append(Parameter(name: name, location: "path", required: true, schema: schema))
            }
            if let query = described.query {
                let schema = Self.resolve(query(reader), in: reader)
                for (name, property) in (schema.properties ?? [:]).sorted(by: { $0.key < $1.key }) {
                    parameters.append(Parameter(name: name, location: "query", required: schema.required?.contains(name) == true ? true : nil,
                                                schema: Self.forQuery(property, in: reader)))
                }
            }
            if !parameters.isEmpty { operation.parameters = parameters }
            switch described.body {
            case .none: break
            case .json(let body):
                operation.requestBody = RequestBody(content: ["application/json": MediaType(schema: body(reader))])
            case .multipart(let fields, let maximum):
                var properties: [String: Schema] = ["file": .binary]
                for field in fields { properties[field] = .string() }
                let form = Schema(type: ["object"], properties: properties, required: ["file"])
                operation.requestBody = RequestBody(description: "最大 \(maximum / 1_048_576) MB", content: ["multipart/form-data": MediaType(schema: form)])
            case .stream(let mediaTypes):
                operation.requestBody = RequestBody(content: Self.files(mediaTypes))
            }
            let code = String(described.status.code)
            switch described.answer {
            case .json(let answer):
                var success = Answer(description: "成功", content: ["application/json": MediaType(schema: answer(reader))])
                var links: [String: Answer.Link] = [:]
                for target in described.leadsTo {
                    for next in operations where next.path == target || next.path.hasPrefix(target + "/") {
                        links[next.id] = .init(operationId: next.id, parameters: ["id": "$response.body#/id"])
                    }
                }
                if !links.isEmpty { success.links = links }
                operation.responses[code] = success
            case .empty:
                operation.responses[code] = Answer(description: "成功，无内容")
            case .file(let mediaTypes):
                operation.responses[code] = Answer(description: "文件", content: Self.files(mediaTypes))
            case .events(let event):
                // Each event as an object (how OpenAPI tools read a stream): its `data` is text holding this JSON.
                let data = Schema.string()
                data.contentMediaType = "application/json"
                data.contentSchema = event(reader)
                let message = Schema(type: ["object"], properties: ["data": data, "event": .string(), "id": .string(), "retry": .integer(minimum: 0)],
                                     required: ["data"])
                operation.responses[code] = Answer(description: "服务器推送事件（text/event-stream），每条 data 为一段 JSON",
                                                   content: ["text/event-stream": MediaType(schema: message)])
            }
            for error in errors {
                operation.responses[String(error.code)] = Answer(description: error.meaning, content: ["application/json": MediaType(schema: errorSchema)])
            }
            if permission != .public { operation.security = [["bearer": []]] }
            paths[Self.path(of: route), default: [:]][route.method.rawValue.lowercased()] = operation
        }
        guard reader.problems.isEmpty else {
            throw Abort(.internalServerError, reason: "接口说明无法生成：" + reader.problems.joined(separator: "；"))
        }
        let years = AcceptedYears.range(today: today)
        let document = Document(
            info: .init(title: "智慧党建平台 API", version: "1",
                        description: "与网页相同的权限与范围。登录：POST /api/v1/auth/login 取得 token，之后以 Authorization: Bearer 发送。年份 \(years.lowerBound)–\(years.upperBound)。"),
            components: .init(securitySchemes: ["bearer": .init(type: "http", scheme: "bearer")], schemas: reader.components),
            paths: paths)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(document)
    }

    static func path(of route: Route) -> String {
        "/" + route.path.map { component -> String in
            if case .parameter(let name) = component { return "{\(name)}" }
            return component.description
        }.joined(separator: "/")
    }

    static func operationID(_ route: Route) -> String {
        let parts = route.path.dropFirst(2).map { component -> String in
            if case .parameter(let name) = component { return "by_" + name }
            return component.description.replacingOccurrences(of: ".", with: "_").replacingOccurrences(of: "-", with: "_")
        }
        return ([route.method.rawValue.lowercased()] + parts).joined(separator: "_")
    }

    /// An object schema given by reference, looked up in the components.
    static func resolve(_ schema: Schema, in reader: SchemaReader) -> Schema {
        guard let ref = schema.ref, let name = ref.split(separator: "/").last else { return schema }
        return reader.components[String(name)] ?? schema
    }

    /// Query parameters are flat text: an object-valued property (an id sent as a number or a string) stays as it is;
    /// a nullable one drops its null (a query parameter is absent, never null).
    static func forQuery(_ schema: Schema, in reader: SchemaReader) -> Schema {
        if let alternatives = schema.anyOf, let first = alternatives.first(where: { $0.type != ["null"] }) { return first }
        let copy = schema.copy()
        copy.type = copy.type?.filter { $0 != "null" }
        copy.enumeration = copy.enumeration?.filter { $0 != "\u{0}null" }
        return copy
    }
}
