import Fluent
import SQLKit

struct M0001CreateOrganizations: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(OrganizationModel.schema)
            .field("id", .int, .identifier(auto: true))
            .field("parent_id", .int, .references(OrganizationModel.schema, "id"))
            .field("path", .string, .required)
            .field("county_id", .int)
            .field("name", .string, .required)
            .field("kind", .string, .required)
            .field("sector", .string, .required)
            .field("established_on", .string)
            .field("covered_units", .int)
            .field("full_count", .int, .required, .sql(.default(0)))
            .field("probationary_count", .int, .required, .sql(.default(0)))
            .field("created_at", .string)
            .field("updated_at", .string)
            .create()
        try await database.usePathCollation(table: OrganizationModel.schema)
        try await database.sql.create(index: "organizations_path").unique().on(OrganizationModel.schema).column("path").run()
        try await database.sql.create(index: "organizations_parent").on(OrganizationModel.schema).column("parent_id").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(OrganizationModel.schema).delete()
    }
}

extension Database {
    /// Paths compare byte by byte so that a subtree is one index range; PostgreSQL needs the C collation for that,
    /// SQLite compares bytes by default (DESIGN: Data).
    func usePathCollation(table: String) async throws {
        guard isPostgres else { return }
        try await sql.raw("ALTER TABLE \(ident: table) ALTER COLUMN path TYPE TEXT COLLATE \"C\"").run()
    }
}
