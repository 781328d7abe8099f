import DangjianCore
import Fluent
import Testing
import VaporTesting
@testable import DangjianApp

@Suite("Every route declares its permission")
struct RoutePermissionTests {
    @Test("no registered route is without a permission, and only login, health and the API description are public")
    func everyRouteDeclaresPermission() async throws {
        try await withWorld { world in
            let routes = world.app.routes.all
            #expect(routes.count > 60)
            let undeclared = routes.filter { $0.requiredPermission == nil }.map { "\($0.method) /\($0.path.string)" }
            #expect(undeclared.isEmpty, "routes without a permission: \(undeclared)")
            let publicRoutes = Set(routes.filter { $0.requiredPermission == .public }.map { "\($0.method) /\($0.path.string)" })
            #expect(publicRoutes == ["GET /health", "GET /login", "POST /login", "POST /api/v1/auth/login", "GET /api/v1/openapi.json"])
        }
    }

    @Test("anonymous callers are sent to the login page or told to log in, never served and never shown a 500")
    func anonymousIsRefusedEverywhere() async throws {
        try await withWorld { world in
            for route in world.app.routes.all where route.requiredPermission != .public {
                let path = "/" + route.path.map { component -> String in
                    if case .parameter = component { return "1" }
                    return component.description
                }.joined(separator: "/")
                let response = try await world.send(route.method, path)
                if path.hasPrefix("/api/") {
                    #expect(response.status == .unauthorized, "\(route.method) \(path) answered \(response.status)")
                } else if route.method == .GET {
                    #expect(response.status == .seeOther, "\(route.method) \(path) answered \(response.status)")
                    #expect(response.headers.first(name: .location)?.hasPrefix("/login") == true)
                } else {
                    // A form post without a session is refused before it reaches the handler.
                    #expect(response.status == .forbidden, "\(route.method) \(path) answered \(response.status)")
                }
            }
        }
    }

    @Test("a route with no permission is refused by the middleware (deny by default)")
    func undeclaredRouteIsRefused() async throws {
        try await withWorld { world in
            world.app.get("undeclared") { _ in "should not be served" }
            let token = try await world.token("county-admin")
            let response = try await world.send(.GET, "/undeclared", token: token)
            #expect(response.status == .forbidden)
            #expect(!response.body.string.contains("should not be served"))
        }
    }

    @Test("the OpenAPI document lists every API route with its permission")
    func openAPIListsRoutes() async throws {
        try await withWorld { world in
            let response = try await world.send(.GET, "/api/v1/openapi.json")
            #expect(response.status == .ok)
            let body = response.body.string
            #expect(body.contains("\"/api/v1/members/{id}\""))
            #expect(body.range(of: #""x-permission"\s*:\s*"memberReveal""#, options: .regularExpression) != nil)
        }
    }
}
