import DangjianCore
import Fluent
import SQLKit

/// A member is also found by the given name without the surname and by the pinyin initials (`NameKeys`): two
/// columns beside the name, filled for the rows already there.
///
/// Each of the three searched columns gets an index that carries (path, id, status) after it, so that a search reads
/// its page in the index's order and alone (`NameSearch`); the name's plain index (and on PostgreSQL M0012's pattern
/// index) are replaced by such an index. On PostgreSQL the column is indexed in the `"C"` collation, byte order, which
/// keeps a prefix's names together whatever the database's collation, as SQLite's order does. Measured with
/// `scripts/bench` at 1,000,000 members (BENCHMARKS.md).
struct M0024NameKeys: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(MemberModel.schema).field("given_name", .string).update()
        try await database.schema(MemberModel.schema).field("name_initials", .string).update()
        try await database.transaction { transaction in try await Self.fill(on: transaction) }
        try await database.sql.drop(index: "members_name").run()
        if database.isPostgres { try await database.sql.drop(index: "members_name_pattern").run() }
        for (index, column) in Self.indexes { try await Self.create(index, on: column, in: database) }
    }

    func revert(on database: any Database) async throws {
        for (index, _) in Self.indexes { try await database.sql.drop(index: index).run() }
        try await database.sql.create(index: "members_name").on(MemberModel.schema).column("name").run()
        if database.isPostgres {
            try await database.sql.raw("CREATE INDEX members_name_pattern ON members (name text_pattern_ops)").run()
        }
        try await database.schema(MemberModel.schema).deleteField("name_initials").update()
        try await database.schema(MemberModel.schema).deleteField("given_name").update()
    }

    static let indexes = [("members_name", "name"), ("members_given_name", "given_name"), ("members_name_initials", "name_initials")]

    static func create(_ index: String, on column: String, in database: any Database) async throws {
        let collation: SQLQueryString = database.isPostgres ? " COLLATE \"C\"" : ""
        try await database.sql.raw("CREATE INDEX \(ident: index) ON \(ident: MemberModel.schema) (\(ident: column)\(collation), path, id, status)").run()
    }

    private struct Named: Decodable { let id: Int; let name: String }

    /// The keys of every register row, 2,000 rows a statement, in id order.
    static func fill(on database: any Database) async throws {
        var after = 0
        while true {
            let rows = try await database.sql.select().columns("id", "name").from(MemberModel.schema)
                .where("id", .greaterThan, SQLBind(after)).orderBy("id").limit(2_000).all(decoding: Named.self)
            guard let last = rows.last else { return }
            let values = rows.map { row -> SQLQueryString in
                let keys = NameKeys(row.name)
                return "(\(bind: row.id), \(bind: keys.givenName), \(bind: keys.initials))"
            }
            try await database.sql.raw("""
                WITH keyed (id, given_name, name_initials) AS (VALUES \(values.joined(separator: ", ")))
                UPDATE \(ident: MemberModel.schema) SET given_name = keyed.given_name, name_initials = keyed.name_initials
                FROM keyed WHERE \(ident: MemberModel.schema).id = keyed.id
                """).run()
            after = last.id
        }
    }
}
