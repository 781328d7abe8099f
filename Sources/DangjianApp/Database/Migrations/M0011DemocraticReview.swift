import Fluent
import SQLKit

/// 民主评议党员 on the attendance of a review: the member's own grade, the ballot, and the grade set by the meeting.
struct M0011DemocraticReview: AsyncMigration {
    static let columns = [("self_grade", "TEXT"), ("votes_excellent", "INTEGER"), ("votes_qualified", "INTEGER"),
                          ("votes_basic", "INTEGER"), ("votes_unqualified", "INTEGER"), ("grade", "TEXT")]

    func prepare(on database: any Database) async throws {
        for (column, type) in Self.columns {
            try await database.sql.raw("ALTER TABLE \(ident: AttendanceModel.schema) ADD COLUMN \(ident: column) \(unsafeRaw: type)").run()
        }
    }

    func revert(on database: any Database) async throws {
        for (column, _) in Self.columns {
            try await database.sql.raw("ALTER TABLE \(ident: AttendanceModel.schema) DROP COLUMN \(ident: column)").run()
        }
    }
}
