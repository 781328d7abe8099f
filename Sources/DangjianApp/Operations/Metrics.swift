import Fluent
import Foundation
import Prometheus
import SQLKit
import Vapor

/// `/metrics` in Prometheus' text format, for the county's one IT person or a province's monitoring: requests and
/// their latency per route and status, the wait for the write queue, import jobs, open event streams, how long to-dos
/// take to compute, and the last backup. Only from the addresses `DANGJIAN_METRICS_ALLOW` lists (default this machine)
/// or with `Authorization: Bearer` and `DANGJIAN_METRICS_TOKEN`; anyone else gets the 404 a missing page gets, counted
/// for the auditors.
final class PlatformMetrics: Sendable {
    let registry = PrometheusCollectorRegistry()
    static let latencyBuckets: [Duration] = [.milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(50), .milliseconds(100),
                                             .milliseconds(250), .milliseconds(500), .seconds(1), .seconds(2.5), .seconds(5), .seconds(10)]

    private static func name(_ name: String, _ unit: String, _ help: String) -> MetricNameDescriptor {
        MetricNameDescriptor(namespace: "dangjian", metricName: name, unitName: unit, helpText: help)
    }
    static var requests: MetricNameDescriptor { name("http_requests", "total", "Requests by method, route pattern and status") }
    static var requestDuration: MetricNameDescriptor { name("http_request_duration", "seconds", "Time to answer, by method and route pattern") }
    static var writeWait: MetricNameDescriptor { name("db_write_queue_wait", "seconds", "How long a write waited for the ones before it") }
    static var todoCompute: MetricNameDescriptor { name("todo_compute", "seconds", "Time to work out an account's to-dos") }

    func request(method: String, route: String, status: UInt, duration: Duration) {
        registry.makeCounter(descriptor: Self.requests, labels: [("method", method), ("route", route), ("status", String(status))])
            .increment()
        registry.makeDurationHistogram(descriptor: Self.requestDuration, labels: [("method", method), ("route", route)],
                                       buckets: Self.latencyBuckets).record(duration)
    }

    /// How long a write waited for the ones before it (SQLite writes one at a time).
    func writeWait(_ duration: Duration) {
        registry.makeDurationHistogram(descriptor: Self.writeWait, labels: [], buckets: Self.latencyBuckets).record(duration)
    }

    func todos(_ duration: Duration) {
        registry.makeDurationHistogram(descriptor: Self.todoCompute, labels: [], buckets: Self.latencyBuckets).record(duration)
    }

    private func gauge(_ name: String, _ help: String, labels: [(String, String)] = []) -> Gauge {
        registry.makeGauge(descriptor: MetricNameDescriptor(namespace: "dangjian", metricName: name, unitName: "", helpText: help), labels: labels)
    }

    /// Gauges read when scraped: the database's state, so that every process (and `dangjian backup` run from the
    /// command line) is seen the same.
    func refresh(services: AppServices, on database: any Database) async throws {
        struct JobRow: Decodable { let status: String; let n: Int }
        let jobs = try await database.sql.select().column("status").column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n")
            .from(ImportJobModel.schema).where("status", .in, SQLBind.group(["checking", "importing"])).groupBy("status")
            .all(decoding: JobRow.self)
        for status in ["checking", "importing"] {
            gauge("import_jobs_running", "Import jobs checking or importing now", labels: [("status", status)]).set(Double(jobs.first { $0.status == status }?.n ?? 0))
        }
        gauge("event_streams_open", "Live sign-in boards streaming to browsers in this process").set(Double(services.liveStreams.total))
        let last = try await BackupRunModel.query(on: database).sort(\.$id, .descending).first()
        let success = try await BackupRunModel.query(on: database).filter(\.$succeeded == true).sort(\.$id, .descending).first()
        let successAt = success.flatMap { try? Date($0.startedAt, strategy: .iso8601) }
        gauge("backup_last_success_timestamp_seconds", "When the last successful backup started (Unix time)").set(successAt?.timeIntervalSince1970 ?? 0)
        gauge("backup_last_success_bytes", "Size of the last successful backup").set(Double(success?.bytes ?? 0))
        gauge("backup_last_succeeded", "1 when the last backup succeeded").set(Double(last.map { $0.succeeded ? 1 : 0 } ?? 0))
    }
}

/// Counts every request by its route's pattern (`/api/v1/members/:id`, never the path a caller typed, so that the
/// series stay few) and its final status, after the error pages have made theirs.
struct MetricsMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let start = ContinuousClock.now
        let metrics = request.services.metrics
        func route() -> String {
            request.route.map { "/" + $0.path.map(\.description).joined(separator: "/") } ?? "unmatched"
        }
        do {
            let response = try await next.respond(to: request)
            metrics.request(method: request.method.rawValue, route: route(), status: response.status.code, duration: ContinuousClock.now - start)
            return response
        } catch {
            let status = (error as? any AbortError)?.status.code ?? 500
            metrics.request(method: request.method.rawValue, route: route(), status: status, duration: ContinuousClock.now - start)
            throw error
        }
    }
}

struct MetricsRoutes: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("metrics", use: metrics).requires(.public)
    }

    @Sendable func metrics(_ request: Request) async throws -> Response {
        let configuration = request.services.configuration
        // Behind nginx, the address it forwarded for: a scrape from outside through the proxy is not a local one.
        let address = request.clientAddress ?? ""
        let tokenGiven = request.headers.bearerAuthorization?.token
        let byToken = configuration.metricsToken.map { token in tokenGiven.map { constantTimeEquals($0, token) } ?? false } ?? false
        guard configuration.metricsAllow.contains(address) || byToken else {
            _ = try await RateCounter.hit(.metricsRefusals, key: request.rateSource, sample: nil, now: request.now.timeIntervalSince1970, on: request)
            throw Abort(.notFound)
        }
        try await request.services.metrics.refresh(services: request.services, on: request.db)
        var headers = HTTPHeaders()
        headers.contentType = HTTPMediaType(type: "text", subType: "plain", parameters: ["version": "0.0.4", "charset": "utf-8"])
        headers.cacheControl = .init(noStore: true)
        return Response(status: .ok, headers: headers, body: .init(data: Data(request.services.metrics.registry.emitToBuffer())))
    }
}
