import Fluent
import Foundation
import SQLKit
import Vapor

/// 服务进程 — every `dangjian serve` process on the database says it is alive every few seconds. Work a process owns
/// (an import job checking or importing) is known to be abandoned when its process has stopped saying so: a job left
/// by a killed process ends as failed within seconds, while another live process's job goes on (several processes
/// on one PostgreSQL database).
final class ServerProcessModel: Model, @unchecked Sendable {
    static let schema = "server_processes"

    @ID(custom: "id", generatedBy: .user) var id: String?
    @Field(key: "host") var host: String
    @Field(key: "pid") var pid: Int
    @Field(key: "started_at") var startedAt: Double
    @Field(key: "heartbeat_at") var heartbeatAt: Double

    init() {}
}

struct M0026ServerProcesses: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(ServerProcessModel.schema)
            .field("id", .string, .identifier(auto: false))
            .field("host", .string, .required)
            .field("pid", .int, .required)
            .field("started_at", .double, .required)
            .field("heartbeat_at", .double, .required)
            .create()
        try await database.schema(ImportJobModel.schema).field("process_id", .string).update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(ImportJobModel.schema).deleteField("process_id").update()
        try await database.schema(ServerProcessModel.schema).delete()
    }
}

enum ServerProcesses {
    /// How often a process says it is alive, and after how long without it its work is taken as abandoned.
    static let heartbeat: TimeInterval = 5
    static let stoppedAfter: TimeInterval = 20

    /// Says this process is alive (creating its row the first time), forgets processes long gone, and fails the
    /// import jobs whose process has stopped.
    static func beat(_ services: AppServices, on database: any Database) async throws -> Int {
        let now = services.clock.now().timeIntervalSince1970
        return try await services.writer.transaction(on: database) { database in
            if let mine = try await ServerProcessModel.find(services.processID, on: database) {
                mine.heartbeatAt = now
                try await mine.update(on: database)
            } else {
                let mine = ServerProcessModel()
                mine.id = services.processID
                mine.host = ProcessInfo.processInfo.hostName
                mine.pid = Int(ProcessInfo.processInfo.processIdentifier)
                mine.startedAt = now
                mine.heartbeatAt = now
                try await mine.create(on: database)
            }
            try await ServerProcessModel.query(on: database).filter(\.$heartbeatAt < now - 86400).delete()
            return try await ImportJobs.failInterrupted(on: database, alive: try await alive(now: now, on: database), now: now)
        }
    }

    /// The processes that said they were alive lately.
    static func alive(now: Double, on database: any Database) async throws -> Set<String> {
        Set(try await ServerProcessModel.query(on: database).filter(\.$heartbeatAt >= now - stoppedAfter).all().compactMap(\.id))
    }

    static func leave(_ services: AppServices, on database: any Database) async {
        _ = try? await services.writer.transaction(on: database) { database in
            try await ServerProcessModel.query(on: database).filter(\.$id == services.processID).delete()
        }
    }
}

/// Runs the heartbeat while `dangjian serve` runs.
final class ProcessHeartbeat: LifecycleHandler, @unchecked Sendable {
    private var task: Task<Void, Never>?

    func didBootAsync(_ app: Application) async throws {
        let services = app.dangjian
        _ = try await ServerProcesses.beat(services, on: app.db)
        task = Task {
            while !Task.isCancelled {
                do {
                    try await Task.sleep(for: .seconds(ServerProcesses.heartbeat))
                    let failed = try await ServerProcesses.beat(services, on: app.db)
                    if failed > 0 { app.logger.notice("\(failed) import jobs of a stopped process are marked failed") }
                } catch is CancellationError {
                    return
                } catch {
                    app.logger.error("heartbeat: \(error)")
                }
            }
        }
    }

    func shutdownAsync(_ app: Application) async {
        task?.cancel()
        task = nil
        await ServerProcesses.leave(app.dangjian, on: app.db)
    }
}
