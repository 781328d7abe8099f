import DangjianCore
import Fluent
import Foundation
import SQLKit

/// One register row ready for a multi-row INSERT: numbers sealed, hashed, masked and tailed, completeness scored.
/// Used by bulk loads (the demo county, roster imports, the benchmark seed).
struct MemberRow {
    static let columns = [
        "organization_id", "path", "county_id", "name", "gender", "ethnicity", "birth_date", "id_cipher", "id_hash", "id_mask",
        "id_tail", "phone_cipher", "phone_hash", "phone_mask", "phone_tail", "education", "category", "membership", "joined_on",
        "full_on", "job", "address", "status", "status_since", "leave_reason", "status_note", "completeness", "created_at", "updated_at",
    ]

    var values: [any Encodable & Sendable]

    struct Organization {
        let id: Int
        let path: String
        let countyID: Int?
    }

    init(organization: Organization, name: String, gender: Gender, ethnicity: String?, birthDate: CalendarDate, idNumber: String?,
         phone: String?, education: Education?, category: MemberCategory?, membership: Membership, joinedOn: CalendarDate,
         fullOn: CalendarDate?, job: String?, address: String?, status: MemberStatus = .active, statusSince: CalendarDate? = nil,
         leaveReason: LeaveReason? = nil, statusNote: String? = nil, cipher: PersonalDataCipher, now: String) throws {
        let facts = Completeness.Facts(hasIDNumber: idNumber != nil, hasEthnicity: ethnicity != nil, hasEducation: education != nil,
                                       hasCategory: category != nil, hasJob: job != nil, hasPhone: phone != nil, hasAddress: address != nil,
                                       membership: membership, hasFullOn: fullOn != nil)
        values = [
            organization.id, organization.path, organization.countyID, name, gender.rawValue, ethnicity, birthDate.description,
            try idNumber.map { try cipher.seal($0) }, idNumber.map { cipher.lookupHash($0) }, idNumber.map(Masking.residentID),
            idNumber.map { String($0.suffix(4)) }, try phone.map { try cipher.seal($0) }, phone.map { cipher.lookupHash($0) },
            phone.map(Masking.phone), phone.map { String($0.suffix(4)) }, education?.rawValue, category?.rawValue,
            membership.rawValue, joinedOn.description, fullOn?.description, job, address, status.rawValue,
            (statusSince ?? joinedOn).description, leaveReason?.rawValue, statusNote, Completeness(facts).score, now, now,
        ]
    }

    init(organization: Organization, profile: MemberProfile, cipher: PersonalDataCipher, now: String) throws {
        try self.init(organization: organization, name: profile.name, gender: profile.gender, ethnicity: profile.ethnicity,
                      birthDate: profile.birthDate, idNumber: profile.idNumber?.value, phone: profile.phone?.value,
                      education: profile.education, category: profile.category, membership: profile.membership,
                      joinedOn: profile.joinedOn, fullOn: profile.fullOn, job: profile.job, address: profile.address,
                      cipher: cipher, now: now)
    }

    /// Rows per INSERT, under SQLite's 32,766 bind limit (PostgreSQL allows 65,535).
    static let rowsPerInsert = 30_000 / columns.count

    static func insert(_ rows: [MemberRow], on database: any Database) async throws {
        for chunk in rows.chunked(into: rowsPerInsert) {
            let insert = database.sql.insert(into: MemberModel.schema).columns(columns)
            for row in chunk { insert.values(row.values.map { SQLBind($0) }) }
            try await insert.run()
        }
    }

    struct IndexDefinition: Decodable { let name: String; let sql: String }

    /// Indexes a big SQLite load drops and builds again afterwards: building an index from sorted rows is far cheaper
    /// than a million inserts at random places in it. The ID-hash index stays, since the load looks people up by it.
    static let rebuiltIndexes = ["members_path_facets", "members_organization", "members_name", "members_id_tail", "members_phone_hash", "members_phone_tail"]

    /// Runs `work` (inside the caller's transaction) without the rebuilt indexes when at least `threshold` rows are
    /// expected, and then builds them again from their stored definitions, so they come back exactly as the
    /// migrations made them. SQLite only: in PostgreSQL dropping an index locks the table against readers.
    static func withoutSecondaryIndexes<T>(expecting rows: Int, threshold: Int = 50_000, on database: any Database,
                                           _ work: () async throws -> T) async throws -> T {
        guard rows >= threshold, !database.isPostgres else { return try await work() }
        let definitions = try await database.sql.raw("""
            SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = \(bind: MemberModel.schema)
            AND name IN (\(binds: rebuiltIndexes)) AND sql IS NOT NULL
            """).all(decoding: IndexDefinition.self)
        for definition in definitions { try await database.sql.raw("DROP INDEX \(ident: definition.name)").run() }
        let result = try await work()
        for definition in definitions { try await database.sql.raw(SQLQueryString(stringLiteral: definition.sql)).run() }
        return result
    }

    /// Refreshes the planner's statistics after a bulk write, so that selective indexes (names, hashes) are chosen
    /// over the path order on a large register.
    static func analyze(on database: any Database) async throws {
        try await database.sql.raw("ANALYZE").run()
    }

    /// Sets the counters of every organization under `scopes` (or all) from the register, after a bulk write.
    static func recount(under scopes: [OrgPath]? = nil, on database: any Database) async throws {
        for (column, membership) in [("full_count", Membership.full), ("probationary_count", Membership.probationary)] {
            var query: SQLQueryString = """
                UPDATE \(ident: OrganizationModel.schema) SET \(ident: column) = (SELECT COUNT(*) FROM \(ident: MemberModel.schema) m
                WHERE m.organization_id = \(ident: OrganizationModel.schema).id AND m.membership = \(bind: membership.rawValue)
                AND m.status IN (\(binds: MemberStatus.inRegister.map(\.rawValue))))
                """
            if let scopes, !scopes.isEmpty {
                query = query + " WHERE " + scopes.map { scope -> SQLQueryString in
                    "(path >= \(bind: scope.value) AND path < \(bind: scope.upperBound))"
                }.joined(separator: " OR ")
            }
            try await database.sql.raw(query).run()
        }
        try await SubtreeCounters.recompute(under: scopes, on: database)
    }
}
