import DangjianCore
import DangjianDocuments
import Fluent
import Foundation
import SQLKit
import Vapor

/// A job as its page and the API show it.
struct ImportJobView: Content {
    let id: String
    let fileName: String
    let status: ImportJobModel.Status
    let statusLabel: String
    let mode: ImportJobModel.Mode
    let totalRows: Int
    let validRows: Int
    let problemRows: Int
    let existingRows: Int
    let insertedRows: Int
    let updatedRows: Int
    let skippedRows: Int
    let problemCounts: [String: Int]
    let problems: [RowProblem]
    let message: String?
    let progress: ImportProgress?
    let hasReport: Bool

    init(_ job: ImportJobModel, progress: ImportProgress?, hasReport: Bool) {
        id = job.id!
        fileName = job.fileName
        status = job.status
        statusLabel = job.status.chinese
        mode = job.mode
        totalRows = job.totalRows
        validRows = job.validRows
        problemRows = job.problemRows
        existingRows = job.existingRows
        insertedRows = job.insertedRows
        updatedRows = job.updatedRows
        skippedRows = job.skippedRows
        problemCounts = (try? JSONDecoder().decode([String: Int].self, from: Data(job.problemCounts.utf8))) ?? [:]
        problems = (try? JSONDecoder().decode([RowProblem].self, from: Data(job.sampleProblems.utf8))) ?? []
        message = job.message
        self.progress = progress
        self.hasReport = hasReport
    }
}

/// Uploading a roster, checking it in the background, importing it on request.
enum ImportJobs {
    static let maximumUploadBytes = 512 * 1024 * 1024

    static func directory(_ services: AppServices) -> URL {
        services.configuration.dataDirectory.appendingPathComponent("imports", isDirectory: true)
    }

    static func file(_ id: String, _ services: AppServices) -> URL { directory(services).appendingPathComponent("\(id).upload") }
    static func report(_ id: String, _ services: AppServices) -> URL { directory(services).appendingPathComponent("\(id)-问题报告.xlsx") }

    /// How long an upload and its problem report are kept when the job is not run (they hold ID numbers in clear).
    static let keepSeconds: TimeInterval = 24 * 3600

    /// Removes a job's upload and problem report: when the job ends.
    static func discard(_ id: String, _ services: AppServices) {
        try? FileManager.default.removeItem(at: file(id, services))
        try? FileManager.default.removeItem(at: report(id, services))
    }

    /// Jobs that a stopped process left checking or importing end as failed, saying so: the import is one
    /// transaction, so nothing of it was written. A job belongs to the process that started it; its process is
    /// stopped when it is not among those `alive` (`ServerProcesses`). A job from before processes were recorded counts
    /// as abandoned after `abandonedAfter`.
    static func failInterrupted(on database: any Database, alive: Set<String>, now: Double) async throws -> Int {
        let running = try await ImportJobModel.query(on: database).filter(\.$status ~~ [.checking, .importing]).all()
        let stopped = running.filter { job in
            job.processID.map { !alive.contains($0) } ?? (job.createdAt < now - abandonedAfter)
        }
        for job in stopped {
            job.message = job.status == .importing ? "服务在导入过程中停止，本次导入没有写入任何数据，请重新上传" : "服务在检查过程中停止，请重新上传"
            job.status = .failed
            job.finishedAt = now
            try await job.update(on: database)
        }
        return stopped.count
    }

    static let abandonedAfter: TimeInterval = 6 * 3600

    /// Removes every upload and report older than `keepSeconds`, whatever became of its job.
    static func sweep(_ services: AppServices, now: Date) {
        let manager = FileManager.default
        guard let names = try? manager.contentsOfDirectory(atPath: directory(services).path) else { return }
        for name in names {
            let url = directory(services).appendingPathComponent(name)
            guard let modified = (try? manager.attributesOfItem(atPath: url.path))?[.modificationDate] as? Date,
                  now.timeIntervalSince(modified) > keepSeconds else { continue }
            try? manager.removeItem(at: url)
        }
    }

    /// Stores an upload: a collected form file, or the request body streamed to disk under the upload cap.
    static func receive(_ request: Request, id: String, upload: ByteBuffer? = nil) async throws -> URL {
        let services = request.services
        try FileManager.default.createDirectory(at: directory(services), withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        let url = file(id, services)
        guard FileManager.default.createFile(atPath: url.path, contents: nil, attributes: [.posixPermissions: 0o600]) else {
            throw Abort(.internalServerError, reason: "无法保存上传的文件")
        }
        let handle = try FileHandle(forWritingTo: url)
        var written = 0
        do {
            if let collected = upload ?? request.body.data {
                written = collected.readableBytes
                try handle.write(contentsOf: Data(buffer: collected))
            } else {
                for try await chunk in request.body {
                    written += chunk.readableBytes
                    guard written <= maximumUploadBytes else { throw Abort(.payloadTooLarge, reason: "文件超过 512 MB，请分成几个文件导入") }
                    try handle.write(contentsOf: Data(buffer: chunk))
                }
            }
            try handle.close()
        } catch {
            try? handle.close()
            try? FileManager.default.removeItem(at: url)
            throw error
        }
        guard written > 0 else {
            try? FileManager.default.removeItem(at: url)
            throw FormProblems(field: "file", "请选择要导入的 Excel（.xlsx）或 CSV 文件")
        }
        return url
    }

    /// Creates the job for a stored upload and starts its check.
    static func start(_ request: Request, id: String, fileName: String, organizationID: Int?, mode: ImportJobModel.Mode) async throws -> ImportJobModel {
        sweep(request.services, now: request.now)
        var organization: OrganizationModel?
        if let organizationID { organization = try await OrganizationStore.find(organizationID, for: .memberWrite, on: request) }
        let url = file(id, request.services)
        let format = try SpreadsheetFormat.detect(url)
        let actor = try request.requireActor()
        let cleanName = String(fileName.replacingOccurrences(of: "/", with: "_").prefix(120))
        let job = ImportJobModel(id: id, accountID: actor.accountID, fileName: cleanName.isEmpty ? "未命名.\(format.rawValue)" : cleanName,
                                 format: format.rawValue, mode: mode, organizationID: organization?.id, now: request.now.timeIntervalSince1970)
        job.processID = request.services.processID
        try await request.writer.transaction(on: request.db) { try await job.create(on: $0) }
        let importer = RosterImport(services: request.services, application: request.application, jobID: id, file: url,
                                    scopes: try request.policy.scopes(for: .memberWrite), origin: request.auditOrigin)
        request.services.imports.start(id, phase: "检查", total: nil)
        Task.detached { await importer.check(defaultOrganization: organization?.id) }
        return job
    }

    /// The caller's own job; anyone else's answers like a missing one.
    static func find(_ request: Request) async throws -> ImportJobModel {
        guard let id = request.parameters.get("id"), let job = try await ImportJobModel.find(id, on: request.db),
              job.accountID == (try request.requireActor()).accountID else {
            throw Abort(.notFound, reason: "没有找到该导入任务")
        }
        // A job that was running when the server stopped did not finish; its transaction was rolled back. A job whose
        // task ended between the first read and the registry check has saved its result by then: read it again
        // before calling it interrupted (otherwise a finished check was reported as failed now and then).
        // Another process's job is its own to finish; when that process stops, the heartbeat ends the job.
        if let owner = job.processID, owner != request.services.processID { return job }
        if job.status.isRunning && !request.services.imports.isRunning(job.id!) {
            guard let fresh = try await ImportJobModel.find(id, on: request.db) else { throw Abort(.notFound, reason: "没有找到该导入任务") }
            guard fresh.status.isRunning else { return fresh }
            fresh.status = .failed
            fresh.message = "服务重启，任务未完成；党员信息库保持原样，请重新检查或导入"
            try await request.writer.transaction(on: request.db) { try await fresh.update(on: $0) }
            return fresh
        }
        return job
    }

    static func view(_ job: ImportJobModel, _ services: AppServices) -> ImportJobView {
        ImportJobView(job, progress: services.imports.snapshot(job.id!) ?? ImportProgress(sharedBy: job, now: services.clock.now()),
                      hasReport: FileManager.default.fileExists(atPath: report(job.id!, services).path))
    }

    /// Writes a running job's progress on its row for the other processes, outside the import's transaction; the job
    /// goes on if the write fails.
    static func share(_ id: String, rows: Int, since: Date, on database: any Database) async {
        _ = try? await database.sql.update(ImportJobModel.schema).set("progress_rows", to: SQLBind(rows))
            .set("progress_since", to: SQLBind(since.timeIntervalSince1970)).where("id", .equal, SQLBind(id)).run()
    }

    /// Starts the import of a checked job.
    static func run(_ request: Request, job: ImportJobModel, mode: ImportJobModel.Mode) async throws {
        guard job.status == .checked else {
            throw FormProblems(field: "mode", job.status == .done ? "该文件已导入" : "请等检查完成后再导入")
        }
        guard job.validRows > 0 else { throw FormProblems(field: "mode", "文件中没有可以导入的行，请按问题报告修改后重新上传") }
        guard let jobID = job.id, FileManager.default.fileExists(atPath: file(jobID, request.services).path) else {
            throw FormProblems(field: "mode", "上传的文件已超过 24 小时，按规定已删除，请重新上传")
        }
        job.status = .importing
        job.mode = mode
        job.processID = request.services.processID
        job.progressRows = nil
        job.progressSince = nil
        try await request.writer.transaction(on: request.db) { try await job.update(on: $0) }
        let importer = RosterImport(services: request.services, application: request.application, jobID: job.id!,
                                    file: file(job.id!, request.services), scopes: try request.policy.scopes(for: .memberWrite),
                                    origin: request.auditOrigin)
        request.services.imports.start(job.id!, phase: "导入", total: job.totalRows)
        let organization = job.organizationID
        let expected = job.validRows - (mode == .update ? 0 : job.existingRows)
        Task.detached { await importer.apply(mode: mode, defaultOrganization: organization, expectedRows: expected) }
    }
}

extension RosterImport {
    private func save(_ update: @escaping @Sendable (ImportJobModel) -> Void) async {
        let database = application.backgroundDatabase
        do {
            try await services.writer.transaction(on: database) { database in
                guard let job = try await ImportJobModel.find(jobID, on: database) else { return }
                update(job)
                try await job.update(on: database)
            }
        } catch {
            application.logger.error("import \(jobID): could not save the job: \(String(reflecting: error))")
        }
    }

    static func encode<T: Encodable>(_ value: T) -> String {
        (try? String(decoding: JSONEncoder().encode(value), as: UTF8.self)) ?? "{}"
    }

    /// The dry run: reads every row, writes the problem report, records the counts; changes nothing in the register.
    func check(defaultOrganization: Int?) async {
        defer { services.imports.finish(jobID) }
        let reportURL = ImportJobs.report(jobID, services)
        do {
            let report = try XLSXWriter(url: reportURL, sheetName: "问题报告", widths: [8])
            let tally = try await scan(.check(report: report), defaultOrganization: defaultOrganization, on: application.backgroundDatabase)
            try report.finish()
            if tally.problemRows == 0 { try? FileManager.default.removeItem(at: reportURL) }
            let now = services.clock.now().timeIntervalSince1970
            await save { job in
                job.status = .checked
                job.totalRows = tally.total
                job.validRows = tally.valid
                job.problemRows = tally.problemRows
                job.existingRows = tally.existing
                job.problemCounts = Self.encode(tally.counts)
                job.sampleProblems = Self.encode(tally.samples)
                job.finishedAt = now
            }
        } catch {
            ImportJobs.discard(jobID, services)
            application.logger.error("import \(jobID) check failed: \(String(reflecting: error))")
            let message = Self.explain(error)
            await save { job in
                job.status = .failed
                job.message = message
            }
        }
    }

    /// The import: every valid row in one transaction, all or none, and one audit entry with the counts.
    func apply(mode: ImportJobModel.Mode, defaultOrganization: Int?, expectedRows: Int = 0) async {
        defer {
            // The job has ended: the roster and its report, which hold ID numbers in clear, go.
            ImportJobs.discard(jobID, services)
            services.imports.finish(jobID)
        }
        let origin = self.origin
        let now = services.clock.now()
        let cipher = services.cipher
        let jobID = self.jobID
        do {
            var tally = try await services.writer.transaction(on: application.backgroundDatabase) { database in
                // Writes go into the transaction; who is in the register already is read on another connection, which
                // sees the register as it was (the file's own repeats are found in the file). On one SQLite connection
                // each lookup waited for the batch being written before it.
                let (scanned, indexing) = try await MemberRow.withoutSecondaryIndexes(expecting: expectedRows, on: database) {
                    try await scan(.apply(mode: mode, database: database), defaultOrganization: defaultOrganization, on: application.db)
                }
                var tally = scanned
                tally.phases.indexing = indexing
                try await Phases.time(&tally.phases.counting) { try await MemberRow.recount(under: scopes, on: database) }
                let detail = "导入党员名册（任务 \(jobID.prefix(8))）：新增 \(tally.inserted) 人，更新 \(tally.updated) 人，跳过已在册 \(tally.skipped) 人，有问题未导入 \(tally.problemRows) 行"
                try await AuditLog.append(AuditEvent("member.import", target: "import", id: jobID, detail: detail),
                                          origin: origin, at: now, cipher: cipher, on: database)
                // Done in the same transaction as the rows: a crash right after the commit leaves a job that says so
                // (`scripts/crash-test` found one saying 正在导入 over rows already written).
                if let job = try await ImportJobModel.find(jobID, on: database) {
                    job.status = .done
                    job.insertedRows = tally.inserted
                    job.updatedRows = tally.updated
                    job.skippedRows = tally.skipped
                    job.finishedAt = services.clock.now().timeIntervalSince1970
                    try await job.update(on: database)
                }
                // The job ends here whether or not the commit succeeds: whoever sees it done finds its files gone.
                ImportJobs.discard(jobID, services)
                return tally
            }
            await services.homeCache.dataChanged()
            // ANALYZE writes the planner's statistics: under the writer like every other write.
            try? await Phases.time(&tally.phases.counting) {
                try await services.writer.transaction(on: application.backgroundDatabase) {
                    try await MemberRow.analyze([MemberModel.schema, OrganizationModel.schema], on: $0)
                }
            }
            application.logger.notice("import \(jobID): \(tally.inserted) inserted, \(tally.updated) updated; \(tally.phases)")
        } catch {
            let message = "导入中断，党员信息库保持原样：" + Self.explain(error)
            application.logger.error("import \(jobID) failed: \(String(reflecting: error))")
            await save { job in
                job.status = .failed
                job.message = message
            }
        }
    }

    static func explain(_ error: any Error) -> String {
        switch error {
        case let fatal as Fatal: fatal.message
        case let spreadsheet as SpreadsheetError: spreadsheet.description
        default: "处理文件时出错，请确认文件可以用 Excel 或 WPS 正常打开"
        }
    }
}
