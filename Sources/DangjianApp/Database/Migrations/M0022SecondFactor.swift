import Fluent
import SQLKit

/// 两步验证: a sealed TOTP secret per account, whether it is confirmed, the last counter used (a code is good once) and
/// the keyed hashes of the unused recovery codes.
struct M0022SecondFactor: AsyncMigration {
    func prepare(on database: any Database) async throws {
        let sql = database.sql
        try await sql.alter(table: AccountModel.schema).column("otp_secret", type: .text).run()
        try await sql.alter(table: AccountModel.schema)
            .column("otp_enabled", type: .custom(SQLRaw("BOOLEAN")), .notNull, .default(SQLLiteral.boolean(false))).run()
        try await sql.alter(table: AccountModel.schema).column("otp_counter", type: .bigint).run()
        try await sql.alter(table: AccountModel.schema).column("recovery_codes", type: .text).run()
    }

    func revert(on database: any Database) async throws {
        for column in ["recovery_codes", "otp_counter", "otp_enabled", "otp_secret"] {
            try await database.sql.alter(table: AccountModel.schema).dropColumn(column).run()
        }
    }
}
