import Fluent
import SQLKit

struct M0003CreateCommittees: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(CommitteeTermModel.schema)
            .field("id", .int, .identifier(auto: true))
            .field("organization_id", .int, .required, .references(OrganizationModel.schema, "id"))
            .field("elected_on", .string, .required)
            .field("years", .int, .required)
            .field("note", .string)
            .field("created_at", .string)
            .create()
        try await database.schema(CommitteeOfficeModel.schema)
            .field("id", .int, .identifier(auto: true))
            .field("organization_id", .int, .required, .references(OrganizationModel.schema, "id"))
            .field("member_id", .int, .required, .references(MemberModel.schema, "id"))
            .field("office", .string, .required)
            .field("since", .string, .required)
            .field("until", .string)
            .field("created_at", .string)
            .create()
        try await database.sql.create(index: "committee_terms_organization").on(CommitteeTermModel.schema).column("organization_id").run()
        try await database.sql.create(index: "committee_offices_organization").on(CommitteeOfficeModel.schema).column("organization_id").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(CommitteeOfficeModel.schema).delete()
        try await database.schema(CommitteeTermModel.schema).delete()
    }
}
