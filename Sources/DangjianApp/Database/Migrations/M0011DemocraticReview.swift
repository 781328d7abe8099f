import Fluent
import SQLKit

/// 民主评议党员 on the attendance of a review: the member's own grade, what the others said (党员互评), the ballot, and
/// the grade set by the meeting.
struct M0011DemocraticReview: AsyncMigration {
    static let columns: [(String, SQLDataType)] = [("self_grade", .text), ("votes_excellent", .bigint), ("votes_qualified", .bigint),
                                                   ("votes_basic", .bigint), ("votes_unqualified", .bigint), ("grade", .text),
                                                   ("peer_note", .text)]

    func prepare(on database: any Database) async throws {
        for (column, type) in Self.columns {
            try await database.sql.alter(table: AttendanceModel.schema).column(column, type: type).run()
        }
    }

    func revert(on database: any Database) async throws {
        for (column, _) in Self.columns {
            try await database.sql.alter(table: AttendanceModel.schema).dropColumn(column).run()
        }
    }
}
