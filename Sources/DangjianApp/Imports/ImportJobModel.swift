import DangjianCore
import Fluent
import Foundation
import Vapor

/// 导入任务 — one uploaded roster: checked first (a dry run that writes nothing), then imported all at once.
final class ImportJobModel: Model, @unchecked Sendable {
    static let schema = "import_jobs"

    enum Status: String, Codable, Sendable, CaseIterable {
        case checking, checked, importing, done, failed

        var chinese: String {
            switch self {
            case .checking: "正在检查"
            case .checked: "检查完成，待导入"
            case .importing: "正在导入"
            case .done: "导入完成"
            case .failed: "未完成"
            }
        }

        var isRunning: Bool { self == .checking || self == .importing }
    }

    /// What to do with a person whose ID number is already in the register.
    enum Mode: String, Codable, Sendable, CaseIterable {
        case skip, update
    }

    @ID(custom: "id", generatedBy: .user) var id: String?
    @Field(key: "account_id") var accountID: Int
    @Field(key: "file_name") var fileName: String
    @Field(key: "format") var format: String
    @Field(key: "status") var status: Status
    @Field(key: "mode") var mode: Mode
    /// The organization for rows without a 所在党组织 column.
    @OptionalField(key: "organization_id") var organizationID: Int?
    @Field(key: "total_rows") var totalRows: Int
    @Field(key: "valid_rows") var validRows: Int
    @Field(key: "problem_rows") var problemRows: Int
    @Field(key: "existing_rows") var existingRows: Int
    @Field(key: "inserted_rows") var insertedRows: Int
    @Field(key: "updated_rows") var updatedRows: Int
    @Field(key: "skipped_rows") var skippedRows: Int
    /// JSON: problem kind → rows.
    @Field(key: "problem_counts") var problemCounts: String
    /// JSON: the first problems, for the page; the full list is in the report file.
    @Field(key: "sample_problems") var sampleProblems: String
    @OptionalField(key: "message") var message: String?
    @Field(key: "created_at") var createdAt: Double
    @OptionalField(key: "finished_at") var finishedAt: Double?
    /// The `dangjian serve` process running it (`ServerProcesses`).
    @OptionalField(key: "process_id") var processID: String?
    /// Rows read so far and when the running phase began, written by its process for the others (PostgreSQL).
    @OptionalField(key: "progress_rows") var progressRows: Int?
    @OptionalField(key: "progress_since") var progressSince: Double?

    init() {}

    init(id: String, accountID: Int, fileName: String, format: String, mode: Mode, organizationID: Int?, now: Double) {
        self.id = id
        self.accountID = accountID
        self.fileName = fileName
        self.format = format
        self.status = .checking
        self.mode = mode
        self.organizationID = organizationID
        self.totalRows = 0
        self.validRows = 0
        self.problemRows = 0
        self.existingRows = 0
        self.insertedRows = 0
        self.updatedRows = 0
        self.skippedRows = 0
        self.problemCounts = "{}"
        self.sampleProblems = "[]"
        self.createdAt = now
    }
}

/// Where a running job has got, on its row for the other processes (`ImportProgressRegistry`).
struct M0028ImportProgress: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(ImportJobModel.schema).field("progress_rows", .int).update()
        try await database.schema(ImportJobModel.schema).field("progress_since", .double).update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(ImportJobModel.schema).deleteField("progress_since").update()
        try await database.schema(ImportJobModel.schema).deleteField("progress_rows").update()
    }
}
