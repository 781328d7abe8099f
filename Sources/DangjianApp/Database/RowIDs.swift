import Fluent
import SQLKit

/// Ids for rows that must know theirs before they are written: their sealed numbers name the row (`SealContext`).
/// On PostgreSQL each batch takes values from the table's sequence; on SQLite, where one transaction writes at a time,
/// the ids follow the largest one the transaction saw when the reservation began.
final class RowIDs: @unchecked Sendable {
    private let table: String
    private let database: any Database
    private var next: Int?

    /// For ids in `table`, read on `database` — on SQLite the writing transaction's own connection.
    init(_ table: String, on database: any Database) {
        self.table = table
        self.database = database
    }

    /// `count` ids, unused and increasing. Called from one task at a time.
    func take(_ count: Int) async throws -> [Int] {
        guard count > 0 else { return [] }
        if database.isPostgres {
            struct Row: Decodable { let id: Int }
            return try await database.sql.raw("""
                SELECT nextval(pg_get_serial_sequence(\(bind: table), 'id')) AS id FROM generate_series(1, \(bind: count))
                """).all(decoding: Row.self).map(\.id)
        }
        if next == nil {
            struct Top: Decodable { let top: Int? }
            next = (try await database.sql.raw("SELECT MAX(id) AS top FROM \(ident: table)").first(decoding: Top.self)?.top ?? 0) + 1
        }
        let first = next ?? 1
        next = first + count
        return Array(first..<(first + count))
    }

    /// One id, for a single row written in the current transaction.
    static func one(_ table: String, on database: any Database) async throws -> Int {
        guard let id = try await RowIDs(table, on: database).take(1).first else { throw FluentError.idRequired }
        return id
    }
}
