import DangjianCore
import Vapor

/// A path parameter that is not an id (a whole number from 1).
enum PathParameter: Sendable {
    /// One of these words.
    case oneOf([String])
    /// A UUID in lower case (an import job).
    case uuid
}

/// No query parameters / no request body / no response body: the markers the typed registration uses.
struct NoQuery: Decodable, Sendable {}
struct NoBody: Decodable, Sendable {}
struct NoContent: Content {}

/// What one JSON API operation reads and answers, stored on its route. The OpenAPI document is read off the
/// registered routes, and the types here are the ones the route decodes and its handler returns, so the two cannot
/// drift apart.
struct APIOperation: Sendable {
    enum Body: Sendable {
        case none
        case json(@Sendable (SchemaReader) -> Schema)
        /// A form upload: a file and the named text fields beside it.
        case multipart(fields: [String], maximumBytes: Int)
        /// The raw file as the body (an .xlsx or .csv roster), read as a stream.
        case stream(mediaTypes: [String])
    }

    enum Answer: Sendable {
        case json(@Sendable (SchemaReader) -> Schema)
        case empty
        /// A document or file download in one of these media types.
        case file([String])
        /// Server-sent events whose `data:` lines carry this JSON.
        case events(@Sendable (SchemaReader) -> Schema)
    }

    let summary: String
    let status: HTTPStatus
    let query: (@Sendable (SchemaReader) -> Schema)?
    let body: Body
    let answer: Answer
    /// Path parameters that are not ids, with what they may be.
    let pathValues: [String: PathParameter]
    /// For a create operation: the paths its answer's `id` fills in (`/api/v1/activities/{id}`); every operation at or
    /// under them gets an OpenAPI link, which stateful testing follows.
    let leadsTo: [String]

    static let key = "dangjian.api"
}

extension Route {
    var apiOperation: APIOperation? { userInfo[APIOperation.key] as? APIOperation }
}

extension RoutesBuilder {
    /// A JSON operation without query or body.
    @discardableResult
    func api<Output: Content>(_ method: HTTPMethod, _ path: PathComponent..., requires permission: Permission, summary: String,
                              status: HTTPStatus = .ok, pathValues: [String: PathParameter] = [:],
                              use handler: @escaping @Sendable (Request) async throws -> Output) -> Route {
        register(method, path, permission, summary, status, pathValues, [], query: NoQuery.self, body: NoBody.self) { request, _, _ in
            try await handler(request)
        }
    }

    /// A JSON operation that reads its query string as `Query`.
    @discardableResult
    func api<Query: Decodable & Sendable, Output: Content>(_ method: HTTPMethod, _ path: PathComponent..., requires permission: Permission,
                                                          summary: String, query: Query.Type, status: HTTPStatus = .ok,
                                                          use handler: @escaping @Sendable (Request, Query) async throws -> Output) -> Route {
        register(method, path, permission, summary, status, [:], [], query: Query.self, body: NoBody.self) { request, query, _ in
            try await handler(request, query)
        }
    }

    /// A JSON operation that reads its JSON body as `Body` (or, with `maximumBytes`, also a form upload of that size).
    @discardableResult
    func api<Body: Decodable & Sendable, Output: Content>(_ method: HTTPMethod, _ path: PathComponent..., requires permission: Permission,
                                                         summary: String, body: Body.Type, status: HTTPStatus = .ok,
                                                         pathValues: [String: PathParameter] = [:], leadsTo: [String] = [], maximumBytes: Int? = nil,
                                                         use handler: @escaping @Sendable (Request, Body) async throws -> Output) -> Route {
        let route = register(method, path, permission, summary, status, pathValues, leadsTo, query: NoQuery.self, body: Body.self,
                             maximumBytes: maximumBytes) { request, _, body in
            try await handler(request, body)
        }
        if let maximumBytes { route.acceptsBody(upTo: maximumBytes) }
        return route
    }

    /// A JSON operation with both a query and a JSON body.
    @discardableResult
    func api<Query: Decodable & Sendable, Body: Decodable & Sendable, Output: Content>(
        _ method: HTTPMethod, _ path: PathComponent..., requires permission: Permission, summary: String, query: Query.Type, body: Body.Type,
        status: HTTPStatus = .ok, use handler: @escaping @Sendable (Request, Query, Body) async throws -> Output
    ) -> Route {
        register(method, path, permission, summary, status, [:], [], query: Query.self, body: Body.self, handler)
    }

    /// A download (.xlsx, .docx, .csv, SVG, a stored file): the handler builds the response itself.
    @discardableResult
    func download(_ path: PathComponent..., method: HTTPMethod = .GET, requires permission: Permission, summary: String,
                  pathValues: [String: PathParameter] = [:], produces mediaTypes: [String],
                  use handler: @escaping @Sendable (Request) async throws -> Response) -> Route {
        raw(method, path, permission, APIOperation(summary: summary, status: .ok, query: nil, body: .none, answer: .file(mediaTypes),
                                                   pathValues: pathValues, leadsTo: []), handler)
    }

    /// A download whose query string is read as `Query`.
    @discardableResult
    func download<Query: Decodable & Sendable>(_ path: PathComponent..., method: HTTPMethod = .GET, requires permission: Permission,
                                              summary: String, query: Query.Type, produces mediaTypes: [String],
                                              use handler: @escaping @Sendable (Request, Query) async throws -> Response) -> Route {
        raw(method, path, permission, APIOperation(summary: summary, status: .ok, query: APIRegistration.querySchema(Query.self), body: .none,
                                                   answer: .file(mediaTypes), pathValues: [:], leadsTo: [])) { request in
            try await handler(request, try APIRegistration.decodeQuery(Query.self, request))
        }
    }

    /// A download that reads a query string and a JSON body (a reason given for an unmasked export).
    @discardableResult
    func download<Query: Decodable & Sendable, Body: Decodable & Sendable>(
        _ path: PathComponent..., method: HTTPMethod, requires permission: Permission, summary: String, query: Query.Type, body: Body.Type,
        produces mediaTypes: [String], use handler: @escaping @Sendable (Request, Query, Body) async throws -> Response
    ) -> Route {
        raw(method, path, permission, APIOperation(summary: summary, status: .ok, query: APIRegistration.querySchema(Query.self),
                                                   body: .json({ $0.schema(for: Body.self) }), answer: .file(mediaTypes),
                                                   pathValues: [:], leadsTo: [])) { request in
            try await handler(request, try APIRegistration.decodeQuery(Query.self, request), try request.content.decode(Body.self))
        }
    }

    /// Server-sent events, each carrying `Event` as JSON.
    @discardableResult
    func events<Event: Content>(_ path: PathComponent..., requires permission: Permission, summary: String, carrying event: Event.Type,
                                use handler: @escaping @Sendable (Request) async throws -> Response) -> Route {
        raw(.GET, path, permission, APIOperation(summary: summary, status: .ok, query: nil, body: .none,
                                                 answer: .events({ $0.schema(for: Event.self) }), pathValues: [:], leadsTo: []), handler)
    }

    /// A form upload (a file and text fields), collected up to `maximumBytes`, answered with `Output`.
    @discardableResult
    func upload<Output: Content>(_ path: PathComponent..., requires permission: Permission, summary: String, fields: [String],
                                 maximumBytes: Int, status: HTTPStatus = .created,
                                 use handler: @escaping @Sendable (Request) async throws -> Output) -> Route {
        let operation = APIOperation(summary: summary, status: status, query: nil, body: .multipart(fields: fields, maximumBytes: maximumBytes),
                                     answer: .json({ $0.schema(for: Output.self) }), pathValues: [:], leadsTo: [])
        return raw(.POST, path, permission, operation, body: .collect(maxSize: ByteCount(value: maximumBytes))) { request in
            try await handler(request).encodeResponse(status: status, for: request)
        }.acceptsBody(upTo: maximumBytes)
    }

    /// A raw file as the request body, read as a stream by the handler; the query string is read as `Query`.
    @discardableResult
    func streamUpload<Query: Decodable & Sendable, Output: Content>(_ path: PathComponent..., requires permission: Permission, summary: String,
                                                                   query: Query.Type, mediaTypes: [String], status: HTTPStatus = .created,
                                                                   use handler: @escaping @Sendable (Request, Query) async throws -> Output) -> Route {
        let operation = APIOperation(summary: summary, status: status, query: APIRegistration.querySchema(Query.self),
                                     body: .stream(mediaTypes: mediaTypes), answer: .json({ $0.schema(for: Output.self) }), pathValues: [:],
                                     leadsTo: [])
        return raw(.POST, path, permission, operation, body: .stream) { request in
            try await handler(request, try APIRegistration.decodeQuery(Query.self, request)).encodeResponse(status: status, for: request)
        }.streamsBody()
    }

    private func register<Query: Decodable & Sendable, Body: Decodable & Sendable, Output: Content>(
        _ method: HTTPMethod, _ path: [PathComponent], _ permission: Permission, _ summary: String, _ status: HTTPStatus,
        _ pathValues: [String: PathParameter], _ leadsTo: [String], query: Query.Type, body: Body.Type, maximumBytes: Int? = nil,
        _ handler: @escaping @Sendable (Request, Query, Body) async throws -> Output
    ) -> Route {
        let empty = Output.self == NoContent.self
        let bodySchema: APIOperation.Body
        if Body.self == NoBody.self { bodySchema = .none } else { bodySchema = .json({ reader in reader.schema(for: Body.self) }) }
        let answer: APIOperation.Answer
        if empty { answer = .empty } else { answer = .json({ reader in reader.schema(for: Output.self) }) }
        let operation = APIOperation(summary: summary, status: empty ? .noContent : status, query: APIRegistration.querySchema(Query.self),
                                     body: bodySchema, answer: answer, pathValues: pathValues, leadsTo: leadsTo)
        return raw(method, path, permission, operation, body: maximumBytes.map { .collect(maxSize: ByteCount(value: $0)) } ?? .collect) { request in
            let query = try APIRegistration.decodeQuery(Query.self, request)
            let body: Body
            if let none = NoBody() as? Body { body = none } else { body = try request.content.decode(Body.self) }
            let output = try await handler(request, query, body)
            if empty { return Response(status: .noContent) }
            return try await output.encodeResponse(status: status, for: request)
        }
    }

    private func raw(_ method: HTTPMethod, _ path: [PathComponent], _ permission: Permission, _ operation: APIOperation,
                     body: HTTPBodyStreamStrategy = .collect, _ handler: @escaping @Sendable (Request) async throws -> Response) -> Route {
        let parameters = path.compactMap { component -> String? in
            if case .parameter(let name) = component { return name }
            return nil
        }
        let values = operation.pathValues
        let route = on(method, path, body: body) { request async throws -> Response in
            try APIRegistration.checkPathParameters(parameters, values: values, of: request)
            return try await handler(request)
        }
        route.requires(permission)
        route.userInfo[APIOperation.key] = operation
        return route
    }
}

/// The pieces of a typed registration that do not depend on the routes builder.
enum APIRegistration {
    static func querySchema<Query: Decodable & Sendable>(_ type: Query.Type) -> (@Sendable (SchemaReader) -> Schema)? {
        if type == NoQuery.self { return nil }
        return { reader in reader.schema(for: Query.self) }
    }

    static func decodeQuery<Query: Decodable>(_ type: Query.Type, _ request: Request) throws -> Query {
        if let none = NoQuery() as? Query { return none }
        return try request.query.decode(Query.self)
    }

    /// Ids in the path are whole numbers from 1; named values are one of their list. Anything else is a 422 that
    /// names the parameter, before any handler runs.
    static func checkPathParameters(_ names: [String], values: [String: PathParameter], of request: Request) throws {
        for name in names {
            let text = request.parameters.get(name) ?? ""
            switch values[name] {
            case .oneOf(let allowed):
                guard allowed.contains(text) else { throw FormProblems(field: name, "\(name) 只能是 \(allowed.joined(separator: "、"))") }
            case .uuid:
                guard UUID(uuidString: text) != nil else { throw FormProblems(field: name, "\(name) 应为任务编号（UUID）") }
            case nil:
                guard let id = Int(text), id >= 1 else { throw FormProblems(field: name, "\(name) 应为不小于 1 的整数") }
            }
        }
    }
}
