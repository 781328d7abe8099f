import Fluent
import SQLKit

/// Funds: 党建经费 budgets by purpose and the spending against them; the 党内温暖工程 fund's money in and grants out.
struct M0016CreateFunds: AsyncMigration {
    func prepare(on database: any Database) async throws {
        let sql = database.sql
        try await database.schema(FundBudgetModel.schema)
            .field("id", .int, .identifier(auto: true))
            .field("organization_id", .int, .required, .references(OrganizationModel.schema, "id"))
            .field("path", .string, .required)
            .field("year", .int, .required)
            .field("purpose", .string, .required)
            .field("amount_fen", .int, .required)
            .field("note", .string)
            .field("account_id", .int)
            .field("updated_at", .string)
            .unique(on: "organization_id", "year", "purpose")
            .create()
        try await database.usePathCollation(table: FundBudgetModel.schema)
        try await sql.create(index: "fund_budgets_path_year").on(FundBudgetModel.schema).column("path").column("year").run()

        try await database.schema(FundSpendingModel.schema)
            .field("id", .int, .identifier(auto: true))
            .field("organization_id", .int, .required, .references(OrganizationModel.schema, "id"))
            .field("path", .string, .required)
            .field("year", .int, .required)
            .field("purpose", .string, .required)
            .field("amount_fen", .int, .required)
            .field("spent_on", .string, .required)
            .field("payee", .string, .required)
            .field("description", .string, .required)
            .field("override_reason", .string)
            .field("account_id", .int)
            .field("created_at", .string)
            .create()
        try await database.usePathCollation(table: FundSpendingModel.schema)
        try await sql.create(index: "fund_spendings_organization_year").on(FundSpendingModel.schema).column("organization_id").column("year").run()
        try await sql.create(index: "fund_spendings_path_date").on(FundSpendingModel.schema).column("path").column("spent_on").run()

        try await database.schema(WarmthEntryModel.schema)
            .field("id", .int, .identifier(auto: true))
            .field("organization_id", .int, .required, .references(OrganizationModel.schema, "id"))
            .field("path", .string, .required)
            .field("kind", .string, .required)
            .field("source", .string)
            .field("party", .string, .required)
            .field("member_id", .int, .references(MemberModel.schema, "id"))
            .field("amount_fen", .int, .required)
            .field("reason", .string, .required)
            .field("state", .string, .required)
            .field("on_date", .string, .required)
            .field("decided_on", .string)
            .field("decision_note", .string)
            .field("account_id", .int)
            .field("created_at", .string)
            .create()
        try await database.usePathCollation(table: WarmthEntryModel.schema)
        try await sql.create(index: "warmth_entries_organization").on(WarmthEntryModel.schema).column("organization_id").column("on_date").run()
        try await sql.create(index: "warmth_entries_member").on(WarmthEntryModel.schema).column("member_id").run()
    }

    func revert(on database: any Database) async throws {
        for schema in [WarmthEntryModel.schema, FundSpendingModel.schema, FundBudgetModel.schema] {
            try await database.schema(schema).delete()
        }
    }
}
