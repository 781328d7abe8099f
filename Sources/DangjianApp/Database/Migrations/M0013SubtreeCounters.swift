import Fluent
import SQLKit

/// Subtree totals on every organization's row, computed once here and kept by `SubtreeCounters` from then on.
struct M0013SubtreeCounters: AsyncMigration {
    func prepare(on database: any Database) async throws {
        for column in SubtreeCounters.columns {
            try await database.sql.alter(table: OrganizationModel.schema).column(column, type: .bigint, .notNull, .default(SQLLiteral.numeric("0"))).run()
        }
        try await SubtreeCounters.recompute(under: nil, on: database)
    }

    func revert(on database: any Database) async throws {
        for column in SubtreeCounters.columns {
            try await database.sql.alter(table: OrganizationModel.schema).dropColumn(column).run()
        }
    }
}
