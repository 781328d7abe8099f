import Fluent
import SQLKit

/// Who filed a hardship reduction (nobody decides on what they filed), the reason a payment was recorded late, and
/// initial passwords that must be changed at the first login.
struct M0020SeparationOfDuties: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.sql.alter(table: DuesReductionModel.schema).column("account_id", type: .bigint).run()
        try await database.sql.alter(table: DuesPaymentModel.schema).column("late_reason", type: .text).run()
        try await database.sql.alter(table: AccountModel.schema)
            .column("must_change_password", type: .custom(SQLRaw("BOOLEAN")), .notNull, .default(SQLLiteral.boolean(false))).run()
    }

    func revert(on database: any Database) async throws {
        try await database.sql.alter(table: AccountModel.schema).dropColumn("must_change_password").run()
        try await database.sql.alter(table: DuesPaymentModel.schema).dropColumn("late_reason").run()
        try await database.sql.alter(table: DuesReductionModel.schema).dropColumn("account_id").run()
    }
}
