import Fluent
import SQLKit

struct M0008CreateDevelopmentCases: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(DevelopmentCaseModel.schema)
            .field("id", .int, .identifier(auto: true))
            .field("organization_id", .int, .required, .references(OrganizationModel.schema, "id"))
            .field("path", .string, .required)
            .field("county_id", .int)
            .field("name", .string, .required)
            .field("gender", .string, .required)
            .field("birth_date", .string, .required)
            .field("id_cipher", .string, .required)
            .field("id_hash", .string, .required)
            .field("id_mask", .string, .required)
            .field("phone_cipher", .string)
            .field("phone_mask", .string)
            .field("stage", .int, .required)
            .field("next_step", .int)
            .field("stage_since", .string, .required)
            .field("state", .string, .required)
            .field("member_id", .int, .references(MemberModel.schema, "id"))
            .field("closed", .bool, .required)
            .field("created_at", .string)
            .field("updated_at", .string)
            .create()
        try await database.usePathCollation(table: DevelopmentCaseModel.schema)
        let sql = database.sql
        try await sql.create(index: "development_cases_path").on(DevelopmentCaseModel.schema).column("path").column("id").run()
        try await sql.create(index: "development_cases_id_hash").on(DevelopmentCaseModel.schema).column("id_hash").run()
        try await database.schema(DevelopmentEventModel.schema)
            .field("id", .int, .identifier(auto: true))
            .field("case_id", .int, .required, .references(DevelopmentCaseModel.schema, "id"))
            .field("step", .int)
            .field("action", .string, .required)
            .field("on_date", .string, .required)
            .field("summary", .string, .required)
            .field("rule", .string)
            .field("account_id", .int)
            .field("actor_name", .string, .required)
            .field("created_at", .string)
            .create()
        try await sql.create(index: "development_events_case").on(DevelopmentEventModel.schema).column("case_id").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(DevelopmentEventModel.schema).delete()
        try await database.schema(DevelopmentCaseModel.schema).delete()
    }
}
