import DangjianCore
import Vapor

/// `GET /api/v1/openapi.json` — an OpenAPI 3.1 description generated from the registered routes, so it cannot
/// drift from them; each operation names the permission it needs (`x-permission`).
struct OpenAPIController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("openapi.json", use: document).requires(.public)
    }

    @Sendable func document(_ request: Request) async throws -> Response {
        var paths: [String: [String: Any]] = [:]
        for route in request.application.routes.all where route.path.first == .constant("api") {
            var parameters: [[String: Any]] = []
            let path = "/" + route.path.map { component -> String in
                if case .parameter(let name) = component {
                    parameters.append(["name": name, "in": "path", "required": true, "schema": ["type": "integer"]])
                    return "{\(name)}"
                }
                return component.description
            }.joined(separator: "/")
            let permission = route.requiredPermission ?? .authenticated
            var operation: [String: Any] = [
                "summary": "\(route.method.rawValue) \(path)",
                "x-permission": permission.rawValue,
                "responses": ["200": ["description": "成功"], "401": ["description": "未登录"], "403": ["description": "无权限"],
                              "404": ["description": "不存在或不在管理范围内"], "422": ["description": "输入有误，fields 逐项说明"]],
            ]
            if !parameters.isEmpty { operation["parameters"] = parameters }
            if permission != .public { operation["security"] = [["bearer": [String]()]] }
            if route.bodyLimit != nil {
                operation["requestBody"] = ["content": ["multipart/form-data": ["schema": [
                    "type": "object", "properties": ["file": ["type": "string", "format": "binary"], "caption": ["type": "string"]]]]]]
            } else if [.POST, .PATCH, .PUT].contains(route.method) {
                operation["requestBody"] = ["content": ["application/json": ["schema": ["type": "object"]]]]
            }
            paths[path, default: [:]][route.method.rawValue.lowercased()] = operation
        }
        let document: [String: Any] = [
            "openapi": "3.1.0",
            "info": ["title": "智慧党建平台 API", "version": "1"],
            "components": ["securitySchemes": ["bearer": ["type": "http", "scheme": "bearer"]]],
            "paths": paths,
        ]
        let data = try JSONSerialization.data(withJSONObject: document, options: [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes])
        let response = Response(status: .ok, body: .init(data: data))
        response.headers.contentType = .json
        return response
    }
}
