import DangjianCore
import Foundation
import NIOCore
import Testing
import VaporTesting
@testable import DangjianApp

@Suite("Metrics and the caller's address")
struct MetricsTests {
    @Test("/metrics counts requests by route pattern and status, and shows backups and imports; only from allowed addresses or with the token")
    func metrics() async throws {
        let token = String(repeating: "m", count: 32)
        try await withWorld(adjusting: { $0.metricsToken = token; $0.metricsAllow = ["10.0.0.9"] }) { world in
            let secretary = try await world.token("branch-secretary")
            let member = try #require(try await world.member(in: "柳河镇东岗村党支部").id)
            #expect(try await world.send(.GET, "/api/v1/members/\(member)", token: secretary).status == .ok)
            #expect(try await world.send(.GET, "/api/v1/members/999999", token: secretary).status == .notFound)

            // The test client's address is not allowed: without the token, the 404 of a missing page, counted.
            let refused = try await world.send(.GET, "/metrics")
            #expect(refused.status == .notFound)
            #expect(try await world.send(.GET, "/metrics", token: "wrong-\(token)").status == .notFound)
            let counted = try await RefusalCounts.list(.init(kind: "metrics"), on: world.app.db)
            // Counted by minute: two refusals either side of a minute's turn are two rows of one.
            #expect(counted.items.reduce(0) { $0 + $1.count } == 2)

            let scraped = try await world.send(.GET, "/metrics", token: token)
            #expect(scraped.status == .ok && scraped.headers.contentType?.subType == "plain")
            let text = scraped.body.string
            #expect(text.contains(#"dangjian_http_requests_total{method="GET",route="/api/v1/members/:id",status="200"} 1"#), "\(text.prefix(2000))")
            #expect(text.contains(#"dangjian_http_requests_total{method="GET",route="/api/v1/members/:id",status="404"} 1"#))
            #expect(text.contains(#"dangjian_http_request_duration_seconds_bucket{method="GET",route="/api/v1/members/:id",le="+Inf"} 2"#))
            #expect(text.contains("dangjian_backup_last_succeeded 0") && text.contains("dangjian_event_streams_open 0"))
            #expect(text.contains(#"dangjian_import_jobs_running{status="importing"} 0"#))
            #expect(text.contains("dangjian_db_write_queue_wait_seconds") == !world.app.db.isPostgres, "SQLite's writes queue")
            #expect(!text.contains("999999"), "the path a caller typed is never a label")
        }
    }

    @Test("behind a trusted proxy the caller is the address it forwarded for; anyone else's X-Forwarded-For is ignored")
    func forwarded() async throws {
        try await withWorld(adjusting: { $0.trustedProxies = ["127.0.0.1"] }) { world in
            let request = Request(application: world.app, method: .GET, url: "/", headers: ["X-Forwarded-For": "203.0.113.7, 198.51.100.20"],
                                  remoteAddress: try SocketAddress(ipAddress: "127.0.0.1", port: 40000), on: world.app.eventLoopGroup.any())
            #expect(request.clientAddress == "198.51.100.20", "the nearest hop the proxy saw")
            #expect(request.rateSource == "198.51.100.20")
            let direct = Request(application: world.app, method: .GET, url: "/", headers: ["X-Forwarded-For": "127.0.0.1"],
                                 remoteAddress: try SocketAddress(ipAddress: "192.0.2.44", port: 40000), on: world.app.eventLoopGroup.any())
            #expect(direct.clientAddress == "192.0.2.44", "a caller cannot claim to be someone else")
        }
    }

    @Test("a JSON log line is one object with the time, level, label, message and metadata, quotes and newlines escaped")
    func jsonLog() throws {
        var handler = JSONLogHandler(label: "dangjian.test", level: .debug)
        handler[metadataKey: "request-id"] = "ABC"
        let data = try #require(handler.line(level: .error, message: "导入失败：\"名册.csv\"\n第 3 行", metadata: ["job": "42"],
                                             at: Date(timeIntervalSince1970: 0)))
        #expect(data.last == 0x0A && data.dropLast().firstIndex(of: 0x0A) == nil, "one line")
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(object["level"] as? String == "error" && object["label"] as? String == "dangjian.test")
        #expect(object["message"] as? String == "导入失败：\"名册.csv\"\n第 3 行" && object["time"] as? String == "1970-01-01T00:00:00Z")
        #expect(object["metadata"] as? [String: String] == ["request-id": "ABC", "job": "42"])
    }
}
