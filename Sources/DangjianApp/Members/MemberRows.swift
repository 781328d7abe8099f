import DangjianCore
import Fluent
import FluentPostgresDriver
import Foundation
import SQLKit
import SQLiteKit

/// One register row ready for a multi-row INSERT: numbers sealed, hashed, masked and tailed, completeness scored.
/// Used by bulk loads (the demo county, roster imports, the benchmark seed).
struct MemberRow {
    static let columns = [
        "id", "organization_id", "path", "county_id", "name", "gender", "ethnicity", "birth_date", "id_cipher", "id_hash", "id_mask",
        "id_tail", "phone_cipher", "phone_hash", "phone_mask", "phone_tail", "education", "category", "membership", "joined_on",
        "full_on", "job", "address", "status", "status_since", "leave_reason", "status_note", "completeness", "created_at", "updated_at",
        "given_name", "name_initials",
    ]

    /// A value of one column: typed, so that a SQLite load binds it without going through `Encodable`.
    enum Cell: Sendable {
        /// A missing value keeps its type: PostgreSQL refuses a text NULL for an integer column.
        case int(Int?)
        case text(String?)

        init(_ value: Int?) { self = .int(value) }
        init(_ value: String?) { self = .text(value) }

        var sqlite: SQLiteData {
            switch self {
            case .int(let value): value.map(SQLiteData.integer) ?? .null
            case .text(let value): value.map(SQLiteData.text) ?? .null
            }
        }

        var bind: SQLBind {
            switch self {
            case .int(let value): SQLBind(value)
            case .text(let value): SQLBind(value)
            }
        }

        /// The value in PostgreSQL's COPY text format: `\N` for a missing value; backslash, tab, line feed and carriage
        /// return escaped with a backslash (they would end the field or the row).
        func writeCopyText(into buffer: inout ByteBuffer) {
            switch self {
            case .int(let value?): buffer.writeString(String(value))
            case .text(let value?):
                guard value.utf8.contains(where: { $0 == 0x5C || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }) else {
                    buffer.writeString(value)
                    return
                }
                for byte in value.utf8 {
                    switch byte {
                    case 0x5C: buffer.writeStaticString("\\\\")
                    case 0x09: buffer.writeStaticString("\\t")
                    case 0x0A: buffer.writeStaticString("\\n")
                    case 0x0D: buffer.writeStaticString("\\r")
                    default: buffer.writeInteger(byte)
                    }
                }
            case .int(nil), .text(nil): buffer.writeStaticString("\\N")
            }
        }
    }

    var cells: [Cell]

    struct Organization {
        let id: Int
        let path: String
        let countyID: Int?
    }

    /// `id` is reserved before the row is written (`RowIDs`): the sealed numbers name it.
    init(id: Int, organization: Organization, name: String, gender: Gender, ethnicity: String?, birthDate: CalendarDate, idNumber: String?,
         phone: String?, education: Education?, category: MemberCategory?, membership: Membership, joinedOn: CalendarDate,
         fullOn: CalendarDate?, job: String?, address: String?, status: MemberStatus = .active, statusSince: CalendarDate? = nil,
         leaveReason: LeaveReason? = nil, statusNote: String? = nil, idHash: String? = nil, cipher: PersonalDataCipher, now: String) throws {
        let facts = Completeness.Facts(hasIDNumber: idNumber != nil, hasEthnicity: ethnicity != nil, hasEducation: education != nil,
                                       hasCategory: category != nil, hasJob: job != nil, hasPhone: phone != nil, hasAddress: address != nil,
                                       membership: membership, hasFullOn: fullOn != nil)
        cells = [
            .int(id), .int(organization.id), .text(organization.path), Cell(organization.countyID), .text(name), .text(gender.rawValue), Cell(ethnicity),
            .text(birthDate.description), Cell(try idNumber.map { try cipher.seal($0, for: .memberIDNumber(id)) }),
            Cell(idHash ?? idNumber.map { cipher.lookupHash($0) }), Cell(idNumber.map(Masking.residentID)), Cell(idNumber.map { String($0.suffix(4)) }),
            Cell(try phone.map { try cipher.seal($0, for: .memberPhone(id)) }),
            Cell(phone.map { cipher.lookupHash($0) }), Cell(phone.map(Masking.phone)), Cell(phone.map { String($0.suffix(4)) }),
            Cell(education?.rawValue), Cell(category?.rawValue), .text(membership.rawValue), .text(joinedOn.description), Cell(fullOn?.description),
            Cell(job), Cell(address), .text(status.rawValue), .text((statusSince ?? joinedOn).description), Cell(leaveReason?.rawValue),
            Cell(statusNote), .int(Completeness(facts).score), .text(now), .text(now),
        ]
        let keys = NameKeys(name)
        cells.append(Cell(keys.givenName))
        cells.append(.text(keys.initials))
    }

    /// `idHash`, when the caller has it already, is the ID number's lookup hash (an import computes it to find
    /// people already in the register).
    init(id: Int, organization: Organization, profile: MemberProfile, idHash: String? = nil, cipher: PersonalDataCipher, now: String) throws {
        try self.init(id: id, organization: organization, name: profile.name, gender: profile.gender, ethnicity: profile.ethnicity,
                      birthDate: profile.birthDate, idNumber: profile.idNumber?.value, phone: profile.phone?.value,
                      education: profile.education, category: profile.category, membership: profile.membership,
                      joinedOn: profile.joinedOn, fullOn: profile.fullOn, job: profile.job, address: profile.address,
                      idHash: idHash, cipher: cipher, now: now)
    }

    /// Rows per INSERT, under SQLite's 32,766 bind limit (PostgreSQL allows 65,535).
    static let rowsPerInsert = 30_000 / columns.count

    static func insert(_ rows: [MemberRow], on database: any Database) async throws {
        if let sqlite = database as? any SQLiteDatabase {
            // The statement's text is written once per chunk size and the values bound as they are: SQLKit's
            // serializer and encoder were a tenth of an import's time (perf, 200,000 rows).
            var statements: [Int: String] = [:]
            for chunk in rows.chunked(into: rowsPerInsert) {
                let placeholders = "(" + Array(repeating: "?", count: columns.count).joined(separator: ",") + ")"
                let sql = statements[chunk.count] ?? "INSERT INTO \"\(MemberModel.schema)\" (\(columns.map { "\"\($0)\"" }.joined(separator: ","))) VALUES "
                    + Array(repeating: placeholders, count: chunk.count).joined(separator: ",")
                statements[chunk.count] = sql
                var binds: [SQLiteData] = []
                binds.reserveCapacity(chunk.count * columns.count)
                for row in chunk { binds.append(contentsOf: row.cells.lazy.map(\.sqlite)) }
                _ = try await sqlite.query(sql, binds)
            }
            return
        }
        if let postgres = database as? any PostgresDatabase {
            try await copy(rows, into: postgres)
            return
        }
        for chunk in rows.chunked(into: rowsPerInsert) {
            let insert = database.sql.insert(into: MemberModel.schema).columns(columns)
            for row in chunk { insert.values(row.cells.map(\.bind)) }
            try await insert.run()
        }
    }

    /// PostgreSQL: the rows go in with `COPY … FROM STDIN`, as `\copy` loads a file — no statement of 29 × 1,000
    /// parameters to parse and bind (through SQLKit, writing was the import's slowest step: 95 µs a row at 1,000,000).
    /// On the caller's connection, so inside its transaction.
    static func copy(_ rows: [MemberRow], into postgres: any PostgresDatabase) async throws {
        var buffer = ByteBufferAllocator().buffer(capacity: rows.count * 640)
        for row in rows {
            for (index, cell) in row.cells.enumerated() {
                if index > 0 { buffer.writeInteger(UInt8(ascii: "\t")) }
                cell.writeCopyText(into: &buffer)
            }
            buffer.writeInteger(UInt8(ascii: "\n"))
        }
        let data = buffer
        let logger = postgres.logger
        try await postgres.withConnection { connection in
            connection.eventLoop.makeFutureWithTask {
                try await connection.copyFrom(table: MemberModel.schema, columns: columns, logger: logger) { writer in
                    try await writer.write(data)
                }
            }
        }.get()
    }

    struct IndexDefinition: Decodable { let name: String; let sql: String }

    /// Indexes a big SQLite load drops and builds again afterwards: building an index from sorted rows is far cheaper
    /// than a million inserts at random places in it. The ID-hash index stays, since the load looks people up by it.
    static let rebuiltIndexes = ["members_path_facets", "members_organization", "members_name", "members_given_name", "members_name_initials",
                                  "members_id_tail", "members_phone_hash", "members_phone_tail"]

    /// Runs `work` (inside the caller's transaction) without the rebuilt indexes when at least `threshold` rows are
    /// expected, and then builds them again from their stored definitions, so they come back exactly as the
    /// migrations made them. SQLite only: in PostgreSQL dropping an index locks the table against readers.
    /// Answers the work's result and the time spent dropping and building indexes.
    static func withoutSecondaryIndexes<T>(expecting rows: Int, threshold: Int = 50_000, on database: any Database,
                                           _ work: () async throws -> T) async throws -> (T, Duration) {
        guard rows >= threshold, !database.isPostgres else { return (try await work(), .zero) }
        let start = ContinuousClock.now
        let definitions = try await database.sql.raw("""
            SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = \(bind: MemberModel.schema)
            AND name IN (\(binds: rebuiltIndexes)) AND sql IS NOT NULL
            """).all(decoding: IndexDefinition.self)
        for definition in definitions { try await database.sql.raw("DROP INDEX \(ident: definition.name)").run() }
        let dropping = ContinuousClock.now - start
        let result = try await work()
        let building = ContinuousClock.now
        for definition in definitions { try await database.sql.raw(SQLQueryString(stringLiteral: definition.sql)).run() }
        return (result, dropping + (ContinuousClock.now - building))
    }

    /// Refreshes the planner's statistics after a bulk write, so that selective indexes (names, hashes) are chosen
    /// over the path order on a large register.
    /// SQLite's statistics come from a sample of each index (`analysis_limit`, as `PRAGMA optimize` does): a full
    /// ANALYZE read every index of a two-million-row register to the end.
    /// An import names the tables it wrote: a bare ANALYZE on PostgreSQL reads every table of every schema in the
    /// database (and once deadlocked with another schema's CREATE TABLE in the test run).
    static func analyze(_ tables: [String]? = nil, on database: any Database) async throws {
        if !database.isPostgres { try await database.sql.raw("PRAGMA analysis_limit = 1000").run() }
        guard let tables else { return try await database.sql.raw("ANALYZE").run() }
        for table in tables { try await database.sql.raw("ANALYZE \(ident: table)").run() }
    }

    /// Sets the counters of every organization under `scopes` (or all) from the register, after a bulk write: one
    /// pass over the register's path index (which carries status and membership), grouped by organization path.
    static func recount(under scopes: [OrgPath]? = nil, on database: any Database) async throws {
        func within(_ table: String) -> SQLQueryString {
            guard let scopes, !scopes.isEmpty else { return "1 = 1" }
            return "(" + scopes.map { scope -> SQLQueryString in
                "(\(ident: table).path >= \(bind: scope.value) AND \(ident: table).path < \(bind: scope.upperBound))"
            }.joined(separator: " OR ") + ")"
        }
        let organizations = OrganizationModel.schema, members = MemberModel.schema
        try await database.sql.raw("UPDATE \(ident: organizations) SET full_count = 0, probationary_count = 0 WHERE " + within(organizations)).run()
        try await database.sql.raw("""
            UPDATE \(ident: organizations) SET full_count = c.full_members, probationary_count = c.probationary_members
            FROM (SELECT \(ident: members).path AS path,
                         SUM(CASE WHEN membership = \(bind: Membership.full.rawValue) THEN 1 ELSE 0 END) AS full_members,
                         SUM(CASE WHEN membership = \(bind: Membership.probationary.rawValue) THEN 1 ELSE 0 END) AS probationary_members
                  FROM \(ident: members) WHERE status IN (\(binds: MemberStatus.inRegister.map(\.rawValue)))
            """ + " AND " + within(members) + """
             GROUP BY \(ident: members).path) AS c
            WHERE \(ident: organizations).path = c.path
            """).run()
        try await SubtreeCounters.recompute(under: scopes, on: database)
    }
}
