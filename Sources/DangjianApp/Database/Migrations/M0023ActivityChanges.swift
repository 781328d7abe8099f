import Fluent
import SQLKit

/// 活动变更记录: what was changed in a planned meeting (rescheduled, moved, another host), by whom and when.
struct M0023ActivityChanges: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(ActivityChangeModel.schema)
            .field("id", .int, .identifier(auto: true))
            .field("activity_id", .int, .required, .references(ActivityModel.schema, "id"))
            .field("account_id", .int)
            .field("author_name", .string, .required)
            .field("detail", .string, .required)
            .field("created_at", .string)
            .create()
        try await database.sql.create(index: "activity_changes_activity").on(ActivityChangeModel.schema).column("activity_id").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(ActivityChangeModel.schema).delete()
    }
}
