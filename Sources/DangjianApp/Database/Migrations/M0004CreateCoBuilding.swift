import Fluent
import SQLKit

struct M0004CreateCoBuilding: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(ResidentUnitModel.schema)
            .field("id", .int, .identifier(auto: true))
            .field("organization_id", .int, .required, .references(OrganizationModel.schema, "id"))
            .field("name", .string, .required)
            .field("unit_type", .string, .required)
            .field("representative", .string)
            .field("joined_on", .string, .required)
            .field("left_on", .string)
            .create()
        try await database.schema(PairingModel.schema)
            .field("id", .int, .identifier(auto: true))
            .field("city_id", .int, .required, .references(OrganizationModel.schema, "id"))
            .field("village_id", .int, .required, .references(OrganizationModel.schema, "id"))
            .field("started_on", .string, .required)
            .field("ended_on", .string)
            .field("focus", .string, .required)
            .create()
        try await database.sql.create(index: "resident_units_organization").on(ResidentUnitModel.schema).column("organization_id").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(PairingModel.schema).delete()
        try await database.schema(ResidentUnitModel.schema).delete()
    }
}
