import Fluent
import SQLKit

/// 留党察看 on member records, stored files (scans, photos), and published 公示 notices.
struct M0009DevelopmentRecords: AsyncMigration {
    func prepare(on database: any Database) async throws {
        let sql = database.sql
        for (column, type) in [("discipline_from", SQLDataType.text), ("discipline_years", .bigint), ("discipline_note", .text),
                               ("rights_restored_on", .text)] {
            try await sql.alter(table: MemberModel.schema).column(column, type: type).run()
        }
        // Only the few members under 留党察看 now: the to-do list reads them on every visit.
        try await sql.raw("""
            CREATE INDEX members_under_discipline ON \(ident: MemberModel.schema) (path)
            WHERE discipline_from IS NOT NULL AND rights_restored_on IS NULL
            """).run()
        try await database.schema(AttachmentModel.schema)
            .field("id", .int, .identifier(auto: true))
            .field("owner_type", .string, .required)
            .field("owner_id", .int, .required)
            .field("organization_id", .int, .required, .references(OrganizationModel.schema, "id"))
            .field("path", .string, .required)
            .field("permission", .string, .required)
            .field("file_name", .string, .required)
            .field("kind", .string, .required)
            .field("size", .int64, .required)
            .field("sha256", .string, .required)
            .field("caption", .string)
            .field("account_id", .int)
            .field("created_at", .string)
            .create()
        try await database.usePathCollation(table: AttachmentModel.schema)
        try await sql.create(index: "attachments_owner").on(AttachmentModel.schema).column("owner_type").column("owner_id").run()
        try await database.schema(DevelopmentNoticeModel.schema)
            .field("id", .int, .identifier(auto: true))
            .field("case_id", .int, .required, .references(DevelopmentCaseModel.schema, "id"))
            .field("organization_id", .int, .required, .references(OrganizationModel.schema, "id"))
            .field("path", .string, .required)
            .field("step", .int, .required)
            .field("title", .string, .required)
            .field("body", .string, .required)
            .field("starts_on", .string, .required)
            .field("ends_on", .string, .required)
            .field("withdrawn", .bool, .required)
            .field("account_id", .int)
            .field("actor_name", .string, .required)
            .field("created_at", .string)
            .create()
        try await database.usePathCollation(table: DevelopmentNoticeModel.schema)
        try await sql.create(index: "development_notices_path").on(DevelopmentNoticeModel.schema).column("path").column("ends_on").run()
        try await sql.create(index: "development_notices_case").on(DevelopmentNoticeModel.schema).column("case_id").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(DevelopmentNoticeModel.schema).delete()
        try await database.schema(AttachmentModel.schema).delete()
        for column in ["discipline_from", "discipline_years", "discipline_note", "rights_restored_on"] {
            try await database.sql.alter(table: MemberModel.schema).dropColumn(column).run()
        }
    }
}
