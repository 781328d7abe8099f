import DangjianCore
import Fluent
import Foundation
import SQLKit
import Vapor

/// 备份记录 — every backup made (by the command, the schedule or the page), with its result: what the security
/// administrators' page shows and what the missed-backup to-do is decided from.
final class BackupRunModel: Model, Content, @unchecked Sendable {
    static let schema = "backup_runs"

    enum Trigger: String, Codable, Sendable {
        case command, schedule, page

        var chinese: String {
            switch self {
            case .command: "命令行"
            case .schedule: "定时"
            case .page: "页面"
            }
        }
    }

    @ID(custom: "id", generatedBy: .database) var id: Int?
    @Field(key: "started_at") var startedAt: String
    @Field(key: "seconds") var seconds: Double
    @Field(key: "succeeded") var succeeded: Bool
    @Field(key: "trigger") var trigger: Trigger
    @Field(key: "location") var location: String
    @Field(key: "bytes") var bytes: Int
    @Field(key: "sealed") var sealed: Bool
    @Field(key: "members") var members: Int
    /// What went wrong, for a failed one.
    @OptionalField(key: "problem") var problem: String?

    init() {}
}

struct M0025BackupRuns: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(BackupRunModel.schema)
            .field("id", .int, .identifier(auto: true))
            .field("started_at", .string, .required)
            .field("seconds", .double, .required)
            .field("succeeded", .bool, .required)
            .field("trigger", .string, .required)
            .field("location", .string, .required)
            .field("bytes", .int64, .required)
            .field("sealed", .bool, .required)
            .field("members", .int, .required)
            .field("problem", .string)
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(BackupRunModel.schema).delete()
    }
}

enum BackupRuns {
    /// Makes a backup and records it, succeeded or failed, with an audit entry; rethrows a failure.
    @discardableResult
    static func make(into directory: URL, passphrase: String?, trigger: BackupRunModel.Trigger, actor: AuditOrigin? = nil,
                     app: Application) async throws -> Backup.Result {
        let services = app.dangjian
        let started = services.clock.now()
        let run = BackupRunModel()
        run.startedAt = started.formatted(.iso8601)
        run.trigger = trigger
        run.location = directory.path
        run.sealed = passphrase != nil
        let outcome: Swift.Result<Backup.Result, any Error>
        do {
            outcome = .success(try await Backup.make(into: directory, passphrase: passphrase, configuration: services.configuration,
                                                     cipher: services.cipher, database: app.db, logger: app.logger))
        } catch {
            outcome = .failure(error)
        }
        switch outcome {
        case .success(let result):
            run.succeeded = true
            run.seconds = result.seconds
            run.bytes = result.bytes
            run.members = result.manifest.members
        case .failure(let error):
            run.succeeded = false
            run.seconds = services.clock.now().timeIntervalSince(started)
            run.bytes = 0
            run.members = 0
            run.problem = String("\(error)".prefix(2000))
        }
        let recorded = run
        try await services.writer.transaction(on: app.db) { database in
            try await recorded.create(on: database)
            try await AuditLog.append(
                AuditEvent("system.backup", target: "backup", id: recorded.id, outcome: recorded.succeeded ? .success : .failed,
                           detail: recorded.succeeded ? "备份到 \(recorded.location)（\(recorded.bytes) 字节\(recorded.sealed ? "，已加密" : "")）"
                                                      : "备份到 \(recorded.location) 失败：\(recorded.problem ?? "")"),
                origin: actor ?? .system("dangjian backup（\(trigger.chinese)）"), at: services.clock.now(), cipher: services.cipher, on: database)
        }
        // The missed-backup to-do is kept with the others until a write.
        await services.homeCache.dataChanged()
        return try outcome.get()
    }

    static func recent(on database: any Database, limit: Int = 30) async throws -> [BackupRunModel] {
        try await BackupRunModel.query(on: database).sort(\.$id, .descending).limit(limit).all()
    }

    /// The missed-backup to-do, for those who keep the security policy.
    static func todos(on request: Request) async throws -> [ToDo] {
        guard try request.policy.holds(.securityPolicy) else { return [] }
        let lastSuccess = try await BackupRunModel.query(on: request.db).filter(\.$succeeded == true).sort(\.$id, .descending).first()
        let installed = try await AuditEntryModel.query(on: request.db).sort(\.$id).first()
        let lastDay = lastSuccess.flatMap { try? Date($0.startedAt, strategy: .iso8601) }.map { CalendarDate($0) }
        let installedDay = installed.flatMap { try? Date($0.at, strategy: AuditLog.timestampFormat) }.map { CalendarDate($0) }
        return BackupToDos(rules: request.services.rules).todos(
            for: .init(lastSuccess: lastDay, installedOn: installedDay ?? request.today), today: request.today)
    }
}
