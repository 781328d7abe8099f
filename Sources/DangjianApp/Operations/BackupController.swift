import DangjianCore
import Fluent
import Vapor

/// One backup as the page and the API show it.
struct BackupRunView: Content {
    let id: Int
    let startedAt: Date
    let trigger: String
    let triggerLabel: String
    let succeeded: Bool
    let seconds: Double
    let bytes: Int
    let sealed: Bool
    let members: Int
    let location: String
    let problem: String?

    init(_ model: BackupRunModel) {
        id = model.id ?? 0
        startedAt = (try? Date(model.startedAt, strategy: .iso8601)) ?? Date(timeIntervalSince1970: 0)
        trigger = model.trigger.rawValue
        triggerLabel = model.trigger.chinese
        succeeded = model.succeeded
        seconds = model.seconds
        bytes = model.bytes
        sealed = model.sealed
        members = model.members
        location = model.location
        problem = model.problem
    }
}

/// The backup settings and the latest backups.
struct BackupOverview: Content {
    struct Schedule: Content {
        let directory: String
        /// Seconds between scheduled backups; absent when backups are made only on request.
        let everySeconds: Int?
        let keep: Int
        let sealed: Bool
    }

    let schedule: Schedule?
    let runs: [BackupRunView]
    let lastSuccess: BackupRunView?

    static func load(on request: Request) async throws -> BackupOverview {
        let runs = try await BackupRuns.recent(on: request.db).map(BackupRunView.init)
        let lastSuccess = try await BackupRunModel.query(on: request.db).filter(\.$succeeded == true).sort(\.$id, .descending).first()
        return BackupOverview(
            schedule: request.services.configuration.backups.map {
                Schedule(directory: $0.directory.path, everySeconds: $0.every.map { Int($0) }, keep: $0.keep, sealed: $0.passphrase != nil)
            },
            runs: runs, lastSuccess: lastSuccess.map(BackupRunView.init))
    }
}

/// One backup at a time in a process.
actor BackupGate {
    private var running = false

    func run<T: Sendable>(_ work: @Sendable () async throws -> T) async throws -> T {
        guard !running else { throw Abort(.conflict, reason: "正在备份，请等这次备份完成后再试") }
        running = true
        defer { running = false }
        return try await work()
    }
}

enum BackupNow {
    /// A backup into the configured directory, asked for by a security administrator on the page or through the API.
    static func run(on request: Request) async throws -> BackupRunView {
        guard let settings = request.services.configuration.backups else {
            throw FormProblems(field: "directory", "没有设置备份目录：请在启动服务时加上 --backup-dir 目录（或设置 DANGJIAN_BACKUP_DIR）")
        }
        let app = request.application
        let origin = request.auditOrigin
        do {
            _ = try await request.services.backupGate.run {
                try await BackupRotation.run(settings, trigger: .page, actor: origin, app: app)
            }
        } catch let abort as AbortError where abort.status == .conflict {
            throw FormProblems(field: "directory", abort.reason)
        } catch {
            // Recorded as a failed backup with its reason; the page shows it.
            request.logger.error("backup failed: \(error)")
        }
        guard let latest = try await BackupRuns.recent(on: request.db, limit: 1).first else { throw Abort(.internalServerError) }
        return BackupRunView(latest)
    }
}

/// 数据备份 page: the last backup's time, size and result, the schedule, the latest runs, and “立即备份”.
struct BackupPages: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("backups", use: index).requires(.securityPolicy)
        routes.post("backups", use: backUp).requires(.securityPolicy)
    }

    struct IndexPage {
        let layout: Layout
        let overview: BackupOverview
        let errors: [FieldError]
    }

    func render(_ request: Request, errors: [FieldError]) async throws -> Page {
        Page(IndexPage(layout: Layout(request, title: "数据备份"), overview: try await BackupOverview.load(on: request), errors: errors).node)
    }

    @Sendable func index(_ request: Request) async throws -> Page {
        try await render(request, errors: [])
    }

    @Sendable func backUp(_ request: Request) async throws -> Response {
        do {
            let run = try await BackupNow.run(on: request)
            if run.succeeded { return request.redirect(to: "/backups?notice=backedUp") }
            return try await render(request, errors: [FieldError(field: "directory", message: "备份失败：\(run.problem ?? "原因不明")")])
                .encodeResponse(status: .internalServerError, for: request)
        } catch let problems as FormProblems {
            return try await render(request, errors: problems.errors).encodeResponse(status: .unprocessableEntity, for: request)
        }
    }
}

struct BackupAPI: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.api(.GET, "backups", requires: .securityPolicy, summary: "备份设置与最近的备份（安全管理员）", use: overview)
        routes.api(.POST, "backups", requires: .securityPolicy, summary: "立即备份到设置的备份目录；答复这次备份的结果（失败时 succeeded 为 false 并写明原因）",
                   status: .created, use: backUp)
    }

    @Sendable func overview(_ request: Request) async throws -> BackupOverview { try await BackupOverview.load(on: request) }

    @Sendable func backUp(_ request: Request) async throws -> BackupRunView { try await BackupNow.run(on: request) }
}
