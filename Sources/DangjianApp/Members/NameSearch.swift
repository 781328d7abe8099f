import DangjianCore
import SQLKit
import Vapor

/// A search of the register by the start of a name, a given name or pinyin initials (`NameKeys`).
///
/// Its results come in the order of the name each member matched, then path and id — not in the register's path
/// order. Each searched column has an index that carries (path, id, status) after it, so each column's matches are
/// read in that order and only until the page is full: one page of a one-character search of 1,000,000 members reads
/// about 50 index entries of each column. In path order the same page had to read and sort every match (9,141
/// entries for 伟, 4.7 ms against 0.3 ms, measured with `sqlite3`); `BENCHMARKS.md` has the server's figures.
/// A member whose name and given name both match is found once, by the name.
enum NameSearch {
    struct Column {
        let name: String
        let prefix: String
    }

    /// The columns `q` is looked up in, in order: the name and then the given name, or the initials.
    static func columns(for q: String) -> [Column] {
        switch NameKeys.Query(q) {
        case .initials(let letters): [Column(name: "name_initials", prefix: letters)]
        case .name(let text): [Column(name: "name", prefix: text), Column(name: "given_name", prefix: text)]
        }
    }

    /// The key a member with `name` is ordered by in a search of `columns`: the first column it matches.
    static func key(of name: String, for columns: [Column]) -> String? {
        let keys = NameKeys(name)
        for column in columns {
            let value = switch column.name {
            case "name": name
            case "given_name": keys.givenName
            default: keys.initials
            }
            if let value, value.utf8.starts(with: column.prefix.utf8) { return value }
        }
        return nil
    }

    /// The ids of one page: each column's matches in (column, path, id) order, after the cursor, merged.
    static func ids(_ columns: [Column], restriction: MemberStore.Restriction, limit: Int?, on request: Request) throws -> SQLQueryString {
        var others = restriction
        others.filter.q = nil
        let postgres = restriction.postgres
        var arms: [SQLQueryString] = []
        for (index, column) in columns.enumerated() {
            let arm = request.db.sql.select().column(SQLColumn("id", table: "k")).column(SQLColumn("path", table: "k"))
                .column(SQLAlias(SQLColumn(column.name, table: "k"), as: SQLIdentifier("sort_key")))
                .from(SQLAlias(SQLIdentifier(MemberModel.schema), as: SQLIdentifier("k")))
            try others.apply(to: arm, table: "k", searching: true, keyColumn: column.name)
            arm.where(startsWith(SQLColumn(column.name, table: "k"), column.prefix, postgres: postgres))
            for earlier in columns[..<index] {
                arm.where(SQLQueryString("NOT \(startsWith(SQLColumn(earlier.name, table: "k"), earlier.prefix, postgres: postgres))"))
            }
            arm.orderBy(ordered(SQLColumn(column.name, table: "k"), postgres: postgres))
                .orderBy(SQLColumn("path", table: "k")).orderBy(SQLColumn("id", table: "k"))
            if let limit { arm.limit(limit) }
            arms.append("SELECT * FROM (\(arm.select)) AS \(ident: "arm\(index)")")
        }
        let found = SQLIdentifier("found")
        var ids: SQLQueryString = "SELECT \(found).id FROM (\(arms.joined(separator: " UNION ALL "))) AS \(found)"
        ids += " ORDER BY \(ordered(SQLColumn("sort_key", table: "found"), postgres: postgres)), \(found).path, \(found).id"
        if let limit { ids += " LIMIT \(bind: limit)" }
        return ids
    }

    /// The page's own order: by the name each row matched (the first column it matches), then path and id.
    static func key(_ columns: [Column], table: String, postgres: Bool) -> any SQLExpression {
        guard let last = columns.last, columns.count > 1 else {
            return ordered(SQLColumn(columns.first?.name ?? "name", table: table), postgres: postgres)
        }
        var expression: SQLQueryString = "CASE"
        for column in columns.dropLast() {
            expression += " WHEN \(startsWith(SQLColumn(column.name, table: table), column.prefix, postgres: postgres)) THEN \(SQLColumn(column.name, table: table))"
        }
        expression += " ELSE \(SQLColumn(last.name, table: table)) END"
        return postgres ? SQLQueryString("(\(expression)) COLLATE \"C\"") : expression
    }

    /// `column` in byte order: SQLite's own; PostgreSQL's `"C"` collation, which the search indexes are built in.
    static func ordered(_ column: SQLColumn, postgres: Bool) -> any SQLExpression {
        postgres ? SQLQueryString("\(column) COLLATE \"C\"") : column
    }

    /// `column` starts with `prefix`: a range of the byte order, which the column's index serves.
    static func startsWith(_ column: SQLColumn, _ prefix: String, postgres: Bool) -> SQLQueryString {
        let ordered = ordered(column, postgres: postgres)
        return "(\(ordered) >= \(bind: prefix) AND \(ordered) < \(bind: prefix + "\u{10FFFF}"))"
    }
}
