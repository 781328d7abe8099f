import Fluent
import SQLKit

struct M0007CreateImportJobs: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(ImportJobModel.schema)
            .field("id", .string, .identifier(auto: false))
            .field("account_id", .int, .required, .references(AccountModel.schema, "id", onDelete: .cascade))
            .field("file_name", .string, .required)
            .field("format", .string, .required)
            .field("status", .string, .required)
            .field("mode", .string, .required)
            .field("organization_id", .int)
            .field("total_rows", .int, .required)
            .field("valid_rows", .int, .required)
            .field("problem_rows", .int, .required)
            .field("existing_rows", .int, .required)
            .field("inserted_rows", .int, .required)
            .field("updated_rows", .int, .required)
            .field("skipped_rows", .int, .required)
            .field("problem_counts", .string, .required)
            .field("sample_problems", .string, .required)
            .field("message", .string)
            .field("created_at", .double, .required)
            .field("finished_at", .double)
            .create()
        try await database.sql.create(index: "import_jobs_account").on(ImportJobModel.schema).column("account_id").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(ImportJobModel.schema).delete()
    }
}
