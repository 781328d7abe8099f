import DangjianCore
import Fluent
import FluentPostgresDriver
import SQLKit
import SQLiteKit
import Vapor

/// A register row as lists show it: masked numbers only.
struct MemberSummary: Content {
    let id: Int
    let name: String
    let gender: Gender
    let genderLabel: String
    /// `1985-03-14` with the reveal permission, `1985-03` without (`Masking.birthMonth`).
    let birthDate: String
    let idNumber: String?
    let phone: String?
    let membership: Membership
    let membershipLabel: String
    let status: MemberStatus
    let statusLabel: String
    let category: MemberCategory?
    let education: Education?
    let organizationID: Int
    let organizationName: String
    let completeness: Int
}

/// The filters of the member register (all optional; status defaults to the members in the register).
struct MemberFilter: Content, APISchemaHints {
    var q: String?
    var org: Int?
    var status: String?
    var category: String?
    var gender: String?
    var ageBand: String?
    var education: String?
    var incomplete: Bool?
    var after: String?
    var limit: Int?

    static var schemaHints: [String: Schema] {
        ["org": .integer(minimum: 1), "limit": .integer(minimum: 1, maximum: 200), "status": .strings(MemberStatus.allCases.map(\.rawValue)),
         "category": .strings(MemberCategory.allCases.map(\.rawValue)), "gender": .strings(Gender.allCases.map(\.rawValue)),
         "ageBand": .strings(AgeBand.allCases.map(\.rawValue)), "education": .strings(Education.allCases.map(\.rawValue))]
    }
}

struct MemberPage: Content {
    let items: [MemberSummary]
    /// Pass as `after` to get the next page; absent on the last page.
    let next: String?
}

/// Reading the member register within the caller's scope. The list query and the detail check both start from
/// `AccessPolicy.scopes(for:)`, so they agree (DESIGN: Access model).
enum MemberStore {
    /// A member a form offers (a meeting's host, recorder and speakers; a committee office): the id, the name and the
    /// organization's name, read without decoding whole records — Fluent's model decoding was most of the meeting
    /// page's and the organization page's cost (`perf`, `scripts/bench`).
    struct Choice: Decodable, Sendable {
        let id: Int
        let name: String
        let organizationName: String

        enum CodingKeys: String, CodingKey {
            case id, name, organizationName = "organization_name"
        }
    }

    /// Members in the register under `organization`, by place and name.
    static func choices(under path: OrgPath, named name: String? = nil, limit: Int = 500, on database: any Database) async throws -> [Choice] {
        let member = { (column: String) in SQLColumn(column, table: "m") }
        let query = database.sql.select()
            .column(member("id")).column(member("name")).column(SQLColumn("name", table: "o"), as: "organization_name")
            .from(SQLAlias(SQLIdentifier(MemberModel.schema), as: SQLIdentifier("m")))
            .join(SQLAlias(SQLIdentifier(OrganizationModel.schema), as: SQLIdentifier("o")),
                  on: member("organization_id"), .equal, SQLColumn("id", table: "o"))
            .where(member("path"), .greaterThanOrEqual, SQLBind(path.value)).where(member("path"), .lessThan, SQLBind(path.upperBound))
            .where(member("status"), .in, SQLBind.group(MemberStatus.inRegister.map(\.rawValue)))
        if let name { query.where(member("name"), .equal, SQLBind(name)) }
        return try await query.orderBy(member("path")).orderBy(member("name")).limit(limit).all(decoding: Choice.self)
    }
    static func find(_ id: Int?, for permission: Permission, on request: Request) async throws -> MemberModel {
        guard let id, let member = try await MemberModel.find(id, on: request.db) else {
            throw Abort(.notFound, reason: "没有找到该党员，或其不在您负责的范围内")
        }
        let policy = try request.policy
        let own = permission == .memberRead && member.id == policy.actor.memberID && policy.holds(.ownRecord)
        guard own || policy.allows(permission, at: OrgPath(stored: member.path)) else {
            await request.auditDenied("member.read", target: "member", id: id, detail: "超出管理范围（\(permission.chinese)）")
            throw Abort(.notFound, reason: "没有找到该党员，或其不在您负责的范围内")
        }
        return member
    }

    fileprivate struct Row: Decodable {
        let id: Int
        let name: String
        let gender: Gender
        let birth_date: CalendarDate
        let id_mask: String?
        let phone_mask: String?
        let membership: Membership
        let status: MemberStatus
        let category: MemberCategory?
        let education: Education?
        let organization_id: Int
        let organization_name: String
        let completeness: Int
        let path: String
    }

    struct UnreadableRow: Error, CustomStringConvertible {
        let value: String
        var description: String { "a register row with an unknown value: \(value)" }
    }

    /// The rows of a list query, read as typed columns in `query`'s order straight from the driver: PostgresNIO's tuple
    /// decoding, SQLiteNIO's row values. SQLKit's Codable path was 31 % of the server's CPU serving pages of 51 rows
    /// on PostgreSQL (`perf`, 1,000,000 members) and 17 % on SQLite (10,000 members, the list page).
    private static func rows(_ query: SQLSelectBuilder, on database: any Database) async throws -> [Row] {
        var serializer = SQLSerializer(database: database.sql)
        query.query.serialize(to: &serializer)
        let sql = serializer.sql
        if let sqlite = database as? any SQLiteDatabase {
            var binds: [SQLiteData] = []
            for bind in serializer.binds {
                switch bind {
                case let text as String: binds.append(.text(text))
                case let number as Int: binds.append(.integer(number))
                default: return try await query.all(decoding: Row.self)
                }
            }
            return try await sqlite.query(sql, binds).map { row in
                let cells = row.columns.map(\.data)
                guard cells.count == 14 else { throw UnreadableRow(value: "\(cells.count) columns") }
                func text(_ index: Int) throws -> String {
                    guard case .text(let value) = cells[index] else { throw UnreadableRow(value: "\(cells[index])") }
                    return value
                }
                func optionalText(_ index: Int) throws -> String? { cells[index] == .null ? nil : try text(index) }
                func number(_ index: Int) throws -> Int {
                    guard case .integer(let value) = cells[index] else { throw UnreadableRow(value: "\(cells[index])") }
                    return value
                }
                return try Row(id: number(0), name: text(1), gender: text(2), birthDate: text(3), idMask: optionalText(4),
                               phoneMask: optionalText(5), membership: text(6), status: text(7), category: optionalText(8),
                               education: optionalText(9), organizationID: number(10), completeness: number(11), path: text(12),
                               organizationName: text(13))
            }
        }
        guard let postgres = database as? any PostgresDatabase else { return try await query.all(decoding: Row.self) }
        var bindings = PostgresBindings()
        for bind in serializer.binds {
            switch bind {
            case let text as String: bindings.append(text)
            case let number as Int: bindings.append(number)
            default: return try await query.all(decoding: Row.self)
            }
        }
        let logger = postgres.logger, binds = bindings
        let rows = try await postgres.withConnection { connection in
            connection.eventLoop.makeFutureWithTask {
                try await connection.query(PostgresQuery(unsafeSQL: sql, binds: binds), logger: logger).collect()
            }
        }.get()
        return try rows.map { row in
            let (id, name, gender, birthDate, idMask, phoneMask, membership, status, category, education, organizationID, completeness,
                 path, organizationName) = try row.decode((Int, String, String, String, String?, String?, String, String, String?,
                                                           String?, Int, Int, String, String).self)
            return try Row(id: id, name: name, gender: gender, birthDate: birthDate, idMask: idMask, phoneMask: phoneMask,
                           membership: membership, status: status, category: category, education: education, organizationID: organizationID,
                           completeness: completeness, path: path, organizationName: organizationName)
        }
    }

    static let pageSize = 50

    /// The scopes a register query covers: the caller's, or the requested subtree inside them (404 outside).
    static func scopes(for filter: MemberFilter, on request: Request) async throws -> [OrgPath] {
        if let org = filter.org {
            return [try await OrganizationStore.find(org, for: .memberRead, on: request).orgPath]
        }
        return try request.policy.scopes(for: .memberRead)
    }

    /// The register rows under `scopes` that pass `filter`, after its cursor, with the list's columns and `extra` ones,
    /// at most `limit` of them: in (path, id) order, or for a name search in the order of the name it matched.
    static func query(_ filter: MemberFilter, scopes: [OrgPath], extra: [String] = [], limit: Int? = nil, on request: Request) throws -> SQLSelectBuilder {
        let query = request.db.sql.select()
        for name in ["id", "name", "gender", "birth_date", "id_mask", "phone_mask", "membership", "status", "category", "education",
                     "organization_id", "completeness", "path"] + extra {
            query.column(SQLColumn(name, table: "m"))
        }
        query.column(SQLAlias(SQLColumn("name", table: "o"), as: SQLIdentifier("organization_name")))
            .from(SQLAlias(SQLIdentifier(MemberModel.schema), as: SQLIdentifier("m")))
            .join(SQLAlias(SQLIdentifier(OrganizationModel.schema), as: SQLIdentifier("o")),
                  on: SQLColumn("organization_id", table: "m"), .equal, SQLColumn("id", table: "o"))
        let policy = try request.policy
        let restriction = Restriction(filter: filter, scopes: scopes, today: request.today, cipher: request.services.cipher,
                                      postgres: request.db.isPostgres, revealing: scopes.allSatisfy { policy.reveals(at: $0) })
        if let q = nameSearch(filter, today: request.today) {
            guard q.count <= 30 else { throw Abort(.badRequest, reason: "搜索内容过长") }
            let searches = NameSearch.columns(for: q)
            let ids = try NameSearch.ids(searches, restriction: restriction, limit: limit, on: request)
            query.where(SQLColumn("id", table: "m"), .in, SQLGroupExpression(ids))
            if let limit { query.limit(limit) }
            return query.orderBy(NameSearch.key(searches, table: "m", postgres: restriction.postgres))
                .orderBy(SQLColumn("path", table: "m")).orderBy(SQLColumn("id", table: "m"))
        }
        try restriction.apply(to: query, table: "m", searching: !(filter.q?.trimmed.isEmpty ?? true))
        if let limit { query.limit(limit) }
        return query.orderBy(SQLColumn("path", table: "m")).orderBy(SQLColumn("id", table: "m"))
    }

    /// The filter's search text when it is a name search (not a number), trimmed.
    private static func nameSearch(_ filter: MemberFilter, today: CalendarDate) -> String? {
        guard let q = filter.q?.trimmed, !q.isEmpty, Search(q, today: today) == .name else { return nil }
        return q
    }

    /// Where the page after `row` starts: its path and id, and for a name search the name it matched.
    static func cursor(after row: (name: String, path: String, id: Int), filter: MemberFilter, today: CalendarDate) -> PageCursor {
        guard let q = nameSearch(filter, today: today) else {
            return PageCursor(path: row.path, id: row.id)
        }
        return PageCursor(key: NameSearch.key(of: row.name, for: NameSearch.columns(for: q)), path: row.path, id: row.id)
    }

    /// The conditions of a register query: scope, filters, search and cursor, on the rows of `table`.
    struct Restriction {
        var filter: MemberFilter
        let scopes: [OrgPath]
        let today: CalendarDate
        let cipher: PersonalDataCipher
        let postgres: Bool
        let revealing: Bool

        /// `keyColumn`: a name search's column, which the cursor's key continues before the path.
        func apply(to query: SQLSelectBuilder, table: String, searching: Bool, keyColumn: String? = nil) throws {
            // With a search, the matching rows are few and their own index finds them; SQLite would rather walk the
            // path index to save the sort, reading the whole register, unless the path terms are kept off it (`+path`).
            let path: any SQLExpression = searching && !postgres
                ? SQLQueryString("+\(SQLColumn("path", table: table))") : SQLColumn("path", table: table)
            query.within(scopes, path: path)
            try applyFilters(filter, to: query, table: table, today: today, cipher: cipher, revealing: revealing)
            if let after = filter.after, !after.isEmpty {
                guard let cursor = PageCursor(token: after), (cursor.key == nil) == (keyColumn == nil) else {
                    throw Abort(.badRequest, reason: "翻页参数无效，请从第一页重新开始")
                }
                if let keyColumn, let key = cursor.key {
                    let column = NameSearch.ordered(SQLColumn(keyColumn, table: table), postgres: postgres)
                    query.where(SQLQueryString("(\(column), \(path), \(SQLColumn("id", table: table))) > (\(bind: key), \(bind: cursor.path), \(bind: cursor.id))"))
                    return
                }
                query.where { group in
                    group.where(path, .greaterThan, SQLBind(cursor.path))
                        .orWhere { same in
                            same.where(path, .equal, SQLBind(cursor.path))
                                .where(SQLColumn("id", table: table), .greaterThan, SQLBind(cursor.id))
                        }
                }
            }
        }
    }

    /// How many register rows pass `filter` in the caller's scope, whatever page the filter was read from.
    static func count(_ filter: MemberFilter, on request: Request) async throws -> Int {
        var whole = filter
        whole.after = nil
        whole.limit = nil
        let scopes = try await scopes(for: whole, on: request)
        guard !scopes.isEmpty else { return 0 }
        let rows = try query(whole, scopes: scopes, on: request)
        rows.select.orderBy = []
        let row = try await request.db.sql.raw("SELECT COUNT(*) AS n FROM (\(rows.select)) AS counted").first()
        return try row?.decode(column: "n", as: Int.self) ?? 0
    }

    /// One page of the register in (path, id) order, continuing after the cursor: the same speed on page 1 and 1,000.
    static func list(_ filter: MemberFilter, on request: Request) async throws -> MemberPage {
        let scopes = try await scopes(for: filter, on: request)
        try await checkNumberSearch(filter, scopes: scopes, on: request)
        let limit = min(max(filter.limit ?? pageSize, 1), 200)
        guard !scopes.isEmpty else { return MemberPage(items: [], next: nil) }
        let query = try query(filter, scopes: scopes, limit: limit + 1, on: request)
        let rows = try await Self.rows(query, on: request.db)
        let page = rows.prefix(limit)
        let next = rows.count > limit
            ? page.last.map { cursor(after: ($0.name, $0.path, $0.id), filter: filter, today: request.today).token } : nil
        let revealing = try request.policy.scopes(for: .memberReveal)
        return MemberPage(items: page.map { row in
            let reveals = revealing.contains { row.path.hasPrefix($0.value) }
            return MemberSummary(id: row.id, name: row.name, gender: row.gender, genderLabel: row.gender.chinese,
                          birthDate: reveals ? row.birth_date.description : Masking.birthMonth(row.birth_date),
                          idNumber: row.id_mask, phone: row.phone_mask, membership: row.membership,
                          membershipLabel: row.membership.chinese, status: row.status, statusLabel: row.status.chinese,
                          category: row.category, education: row.education, organizationID: row.organization_id,
                          organizationName: row.organization_name, completeness: row.completeness)
        }, next: next)
    }

    private static func applyFilters(_ filter: MemberFilter, to query: SQLSelectBuilder, table: String, today: CalendarDate,
                                     cipher: PersonalDataCipher, revealing: Bool) throws {
        func column(_ name: String) -> SQLColumn { SQLColumn(name, table: table) }
        func parse<T: ChineseLabelled>(_ text: String?, as type: T.Type, label: String) throws -> T? {
            guard let text, !text.isEmpty else { return nil }
            guard let value = T(rawValue: text) ?? T(label: text) else { throw Abort(.badRequest, reason: "无法识别的\(label)“\(text)”") }
            return value
        }
        if let status = filter.status, status == "all" {
            // Every record, whatever its status.
        } else if let status = try parse(filter.status, as: MemberStatus.self, label: "党籍状态") {
            query.where(column("status"), .equal, SQLBind(status.rawValue))
        } else {
            query.where(column("status"), .in, SQLBind.group(MemberStatus.inRegister.map(\.rawValue)))
        }
        if let category = try parse(filter.category, as: MemberCategory.self, label: "人员类别") {
            query.where(column("category"), .equal, SQLBind(category.rawValue))
        }
        if let gender = try parse(filter.gender, as: Gender.self, label: "性别") {
            query.where(column("gender"), .equal, SQLBind(gender.rawValue))
        }
        if let education = try parse(filter.education, as: Education.self, label: "学历") {
            query.where(column("education"), .equal, SQLBind(education.rawValue))
        }
        if let band = try parse(filter.ageBand, as: AgeBand.self, label: "年龄段") {
            let (after, onOrBefore) = band.birthDates(on: today)
            if let after { query.where(column("birth_date"), .greaterThan, SQLBind(after.description)) }
            if let onOrBefore { query.where(column("birth_date"), .lessThanOrEqual, SQLBind(onOrBefore.description)) }
        }
        if filter.incomplete == true { query.where(column("completeness"), .lessThan, SQLBind(100)) }
        if let q = filter.q?.trimmingCharacters(in: .whitespaces), !q.isEmpty {
            applySearch(q, to: query, table: table, today: today, cipher: cipher, revealing: revealing)
        }
    }

    /// What a search text asks for: a whole ID number or phone (looked up through the keyed hash), the last four
    /// characters of either, or a name.
    enum Search: Equatable {
        case idNumber(String), phone(String), tail(String), name

        init(_ q: String, today: CalendarDate) {
            let compact = q.replacingOccurrences(of: " ", with: "").replacingOccurrences(of: "-", with: "").uppercased()
            if compact.count == 18, let id = try? ResidentIDNumber(compact, today: today) {
                self = .idNumber(id.value)
            } else if compact.count >= 7, compact.allSatisfy(\.isASCIIDigit), let phone = try? PhoneNumber(compact) {
                self = .phone(phone.value)
            } else if compact.count == 4, compact.prefix(3).allSatisfy(\.isASCIIDigit), compact.last.map({ $0.isASCIIDigit || $0 == "X" }) ?? false {
                // Digits, the last perhaps X (an ID number's check character): "xxxx" is a name's initials.
                self = .tail(compact)
            } else {
                self = .name
            }
        }
    }

    /// A search by a whole number confirms a guess: without the reveal permission it is counted against
    /// `RateLimit.exactNumberSearches` and audited one by one; with it, audited.
    static func checkNumberSearch(_ filter: MemberFilter, scopes: [OrgPath], on request: Request) async throws {
        guard let q = filter.q, !q.trimmed.isEmpty else { return }
        let kind: String
        switch Search(q, today: request.today) {
        case .idNumber: kind = "公民身份号码"
        case .phone: kind = "手机号"
        case .tail, .name: return
        }
        let policy = try request.policy
        let revealing = scopes.allSatisfy { policy.reveals(at: $0) }
        if !revealing {
            try await RateCounter.hitOrRefuse(.exactNumberSearches, key: String(policy.actor.accountID), now: request.now.timeIntervalSince1970,
                                              on: request)
        }
        try await request.write { _ in
            ((), AuditEvent("member.search", target: "member", id: nil, detail: "按完整\(kind)查找党员\(revealing ? "" : "（无查看权限，计入每小时上限）")"))
        }
    }

    /// Search by a whole ID number or phone (through the keyed hash), or the last four characters of a phone — or of an
    /// ID number, for those who may reveal it: without that permission, matching tails would tell the last characters
    /// of many numbers at once. Names are searched by `NameSearch`.
    private static func applySearch(_ q: String, to query: SQLSelectBuilder, table: String, today: CalendarDate, cipher: PersonalDataCipher,
                                    revealing: Bool) {
        func column(_ name: String) -> SQLColumn { SQLColumn(name, table: table) }
        switch Search(q, today: today) {
        case .idNumber(let value):
            query.where(column("id_hash"), .equal, SQLBind(cipher.lookupHash(value)))
        case .phone(let value):
            query.where(column("phone_hash"), .equal, SQLBind(cipher.lookupHash(value)))
        case .tail(let tail):
            if revealing {
                query.where { group in group.where(column("id_tail"), .equal, SQLBind(tail)).orWhere(column("phone_tail"), .equal, SQLBind(tail)) }
            } else {
                query.where(column("phone_tail"), .equal, SQLBind(tail))
            }
        case .name:
            break // `NameSearch`
        }
    }

}

extension MemberStore.Row {
    /// A row from its columns as the database holds them: the vocabulary's raw values, the birth date as text.
    init(id: Int, name: String, gender: String, birthDate: String, idMask: String?, phoneMask: String?, membership: String, status: String,
         category: String?, education: String?, organizationID: Int, completeness: Int, path: String, organizationName: String) throws {
        func known<T: RawRepresentable<String>>(_ raw: String, as type: T.Type) throws -> T {
            guard let value = T(rawValue: raw) else { throw MemberStore.UnreadableRow(value: raw) }
            return value
        }
        guard let birth = CalendarDate(parsing: birthDate) else { throw MemberStore.UnreadableRow(value: birthDate) }
        self.init(id: id, name: name, gender: try known(gender, as: Gender.self), birth_date: birth, id_mask: idMask, phone_mask: phoneMask,
                  membership: try known(membership, as: Membership.self), status: try known(status, as: MemberStatus.self),
                  category: try category.map { try known($0, as: MemberCategory.self) }, education: try education.map { try known($0, as: Education.self) },
                  organization_id: organizationID, organization_name: organizationName, completeness: completeness, path: path)
    }
}
