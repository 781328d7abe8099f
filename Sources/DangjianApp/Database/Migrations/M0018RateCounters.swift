import Fluent
import SQLKit

/// Counters of guesses and refusals per key and time window, in the database so that every process of a deployment
/// counts the same (login failures by source and by name, sign-in codes, exact-number searches, CSRF rejections).
struct M0018RateCounters: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.sql.create(table: RateCounter.table)
            .column("key", type: .text, .notNull)
            .column("window_start", type: .bigint, .notNull)
            .column("count", type: .bigint, .notNull)
            .column("expires_at", type: .bigint, .notNull)
            .column("sample", type: .text)
            .primaryKey("key", "window_start")
            .run()
        try await database.sql.create(index: "rate_counters_expiry").on(RateCounter.table).column("expires_at").run()
    }

    func revert(on database: any Database) async throws {
        try await database.sql.drop(table: RateCounter.table).run()
    }
}
