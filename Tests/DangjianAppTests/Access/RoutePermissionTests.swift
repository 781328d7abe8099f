import DangjianCore
import Foundation
import Fluent
import Testing
import VaporTesting
@testable import DangjianApp

@Suite("Every route declares its permission")
struct RoutePermissionTests {
    @Test("no registered route is without a permission, and only login, registration, health, the API description, the metrics (which check the caller's address or token themselves) and the public pages are public")
    func everyRouteDeclaresPermission() async throws {
        try await withWorld { world in
            let routes = world.app.routes.all
            #expect(routes.count > 60)
            let undeclared = routes.filter { $0.requiredPermission == nil }.map { "\($0.method) /\($0.path.string)" }
            #expect(undeclared.isEmpty, "routes without a permission: \(undeclared)")
            let publicRoutes = Set(routes.filter { $0.requiredPermission == .public }.map { "\($0.method) /\($0.path.string)" })
            #expect(publicRoutes == ["GET /health", "GET /login", "POST /login", "POST /api/v1/auth/login", "GET /api/v1/openapi.json", "GET /metrics",
                                     // A resident's registration, the lookup by tracking code and the public pages of organizations.
                                     "GET /register", "POST /register", "POST /api/v1/auth/register", "GET /track", "GET /api/v1/public/track",
                                     "GET /public/organizations/:id", "GET /api/v1/public/organizations/:id",
                                     // 三务公开 as published, with its versions and answered questions.
                                     "GET /public/publicity/:id", "GET /public/publicity/:id/files/:file", "GET /api/v1/public/publicity/:id", "GET /api/v1/public/organizations/:id/publicity",
                                     // 四议两公开 progress, without the minutes.
                                     "GET /public/deliberations/:id", "GET /api/v1/public/deliberations/:id",
                                     // The quarterly board of volunteers' hours, stars and balances, names masked.
                                     "GET /public/organizations/:id/volunteers", "GET /api/v1/public/organizations/:id/volunteers",
                                     // The 一站式服务 catalogue with its hours.
                                     "GET /api/v1/public/organizations/:id/services",
                                     // 干部群众面对面: which cadres serve at which market-day point on which day.
                                     "GET /public/organizations/:id/face-to-face", "GET /api/v1/public/organizations/:id/face-to-face",
                                     // 监督举报, possibly anonymous.
                                     "GET /reports/new", "POST /reports", "POST /api/v1/public/reports",
                                     // A member's meeting calendar, which a calendar app fetches by its secret address.
                                     "GET /calendar/:file"])
        }
    }

    @Test("anonymous callers are sent to the login page or told to log in, never served and never shown a 500")
    func anonymousIsRefusedEverywhere() async throws {
        try await withWorld { world in
            for (index, route) in world.app.routes.all.filter({ $0.requiredPermission != .public }).enumerated() {
                // More anonymous posts than one source may send in a minute (RateLimit.anonymousPosts): a new minute now and then.
                if index % 100 == 99 { world.app.dangjian.clock.advance(by: 61) }
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

    @Test("every API route is registered typed, and the OpenAPI document describes each: permission, parameters, body and answers")
    func openAPIDescribesEveryRoute() async throws {
        try await withWorld { world in
            let api = world.app.routes.all.filter { $0.path.first == .constant("api") }
            let untyped = api.filter { $0.apiOperation == nil }.map { "\($0.method) /\($0.path.string)" }
            #expect(untyped.isEmpty, "API routes registered without their types: \(untyped)")
            let response = try await world.send(.GET, "/api/v1/openapi.json")
            #expect(response.status == .ok, "\(response.body.string)")
            let document = try #require(try JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: Any])
            let paths = try #require(document["paths"] as? [String: [String: [String: Any]]])
            #expect(paths.values.map(\.count).reduce(0, +) == api.count)
            for route in api {
                let path = OpenAPIDocument.path(of: route)
                let operation = try #require(paths[path]?[route.method.rawValue.lowercased()], "\(route.method) \(path)")
                #expect(operation["x-permission"] as? String == route.requiredPermission?.rawValue)
                let responses = try #require(operation["responses"] as? [String: Any])
                #expect(responses["422"] != nil && responses["404"] != nil)
                let parameters = (operation["parameters"] as? [[String: Any]]) ?? []
                for case .parameter(let name) in route.path {
                    #expect(parameters.contains { $0["name"] as? String == name && $0["in"] as? String == "path" }, "\(path) \(name)")
                }
            }
            // The sheet's query and answer come from the Swift types: the year's range, the answer's fields.
            let sheet = try #require(paths["/api/v1/dues/fixing"]?["get"])
            let year = try #require((sheet["parameters"] as? [[String: Any]])?.first { $0["name"] as? String == "year" }?["schema"] as? [String: Any])
            #expect(year["minimum"] as? Int == AcceptedYears.first && year["type"] as? String == "integer")
            let schemas = try #require((document["components"] as? [String: Any])?["schemas"] as? [String: [String: Any]])
            let fixing = try #require(schemas["DuesViews.FixingSheet"]?["properties"] as? [String: Any])
            #expect(Set(fixing.keys).isSuperset(of: ["organizationID", "year", "rows", "fixedCount"]))
        }
    }
}
