import DangjianCore
import Fluent
import SQLKit

/// The 爱心存折's ledger in the database: transfers and their movements, read back into the Core ledger that checks
/// every rule, and written only as whole transfers whose movements sum to zero.
enum TimeBankStore {
    static func kind(of holder: TimeBank.Holder) -> (String, Int) {
        switch holder {
        case .volunteer(let id): ("volunteer", id)
        case .activity(let id): ("activity", id)
        case .supermarket(let id): ("supermarket", id)
        case .donor(let id): ("donor", id)
        }
    }

    static func holder(kind: String, id: Int) -> TimeBank.Holder? {
        switch kind {
        case "volunteer": .volunteer(id)
        case "activity": .activity(id)
        case "supermarket": .supermarket(id)
        case "donor": .donor(id)
        default: nil
        }
    }

    /// The transfers chosen by `filter`, with their movements, oldest first.
    static func transfers(on database: any Database,
                          _ filter: (QueryBuilder<TimeBankTransferModel>) -> QueryBuilder<TimeBankTransferModel>) async throws -> [(TimeBankTransferModel, TimeBank.Transfer)] {
        let rows = try await filter(TimeBankTransferModel.query(on: database)).sort(\.$onDate).sort(\.$id).limit(20_000).all()
        let ids = rows.compactMap(\.id)
        guard !ids.isEmpty else { return [] }
        var movements: [Int: [TimeBank.Movement]] = [:]
        for chunk in ids.chunked(into: 1000) {
            for movement in try await TimeBankMovementModel.query(on: database).filter(\.$transferID ~~ chunk).all() {
                guard let holder = holder(kind: movement.holderKind, id: movement.holderID) else { continue }
                movements[movement.transferID, default: []].append(TimeBank.Movement(holder, movement.tenths))
            }
        }
        return rows.compactMap { row in
            guard let id = row.id, let transfer = try? TimeBank.Transfer(kind: row.kind, on: row.onDate, movements: movements[id] ?? []) else { return nil }
            return (row, transfer)
        }
    }

    /// Holds the volunteer's ledger for the rest of the transaction. SQLite takes this process's writes one at a time
    /// already; on PostgreSQL two counters or two organizers acting for one volunteer at once would each check a ledger
    /// the other is about to change, so the volunteer's card row (made here if missing) is locked first.
    static func lock(volunteer accountID: Int, at now: Double, on database: any Database) async throws {
        guard database.isPostgres else { return }
        try await database.sql.raw("""
            INSERT INTO \(ident: ServiceCardModel.schema) (account_id, token_hash, issued_at)
            VALUES (\(bind: accountID), \(bind: "unissued:\(accountID)"), \(bind: now)) ON CONFLICT (account_id) DO NOTHING
            """).run()
        try await database.sql.raw("SELECT id FROM \(ident: ServiceCardModel.schema) WHERE account_id = \(bind: accountID) FOR UPDATE").run()
    }

    /// Everything that moved a volunteer's points: what the Core ledger needs to check a confirmation or an exchange.
    static func ledger(ofVolunteer accountID: Int, on database: any Database) async throws -> TimeBank.Ledger {
        TimeBank.Ledger(try await transfers(on: database) { $0.filter(\.$accountID == accountID) }.map(\.1))
    }

    /// Writes the transfer the Core ledger just accepted.
    @discardableResult
    static func record(_ transfer: TimeBank.Transfer, organization: OrganizationModel, activityID: Int?, accountID: Int?, note: String,
                       recordedBy: Int, at now: Double, on database: any Database) async throws -> TimeBankTransferModel {
        let row = TimeBankTransferModel()
        row.kind = transfer.kind
        row.onDate = transfer.on
        row.organizationID = try organization.requireID()
        row.path = organization.path
        row.activityID = activityID
        row.accountID = accountID
        row.note = note
        row.recordedBy = recordedBy
        row.recordedAt = now
        try await row.create(on: database)
        let id = try row.requireID()
        for movement in transfer.movements {
            let (kind, holderID) = kind(of: movement.holder)
            let stored = TimeBankMovementModel()
            stored.transferID = id
            stored.holderKind = kind
            stored.holderID = holderID
            stored.tenths = movement.tenths
            try await stored.create(on: database)
        }
        return row
    }

    /// Balances and hours served this year, for many volunteers at once, summed in the database.
    struct Standing: Decodable, Sendable {
        let account_id: Int
        let balance: Int
        let served: Int
    }

    /// As of the end of `until` (the posting's date): the balance then, and the hours served in that year up to it.
    static func standings(_ accounts: [Int], until: CalendarDate, on database: any Database) async throws -> [Int: Standing] {
        var result: [Int: Standing] = [:]
        let transfers = TimeBankTransferModel.schema, movements = TimeBankMovementModel.schema
        for chunk in accounts.chunked(into: 1000) where !chunk.isEmpty {
            let rows = try await database.sql.raw("""
                SELECT m.holder_id AS account_id, CAST(SUM(m.tenths) AS BIGINT) AS balance,
                       CAST(SUM(CASE WHEN t.kind IN ('service', 'complaint') AND t.on_date >= \(bind: CalendarDate.firstDay(ofYear: until.year).description)
                                 THEN m.tenths ELSE 0 END) AS BIGINT) AS served
                FROM \(ident: movements) m JOIN \(ident: transfers) t ON t.id = m.transfer_id
                WHERE m.holder_kind = 'volunteer' AND m.holder_id IN (\(binds: Array(chunk))) AND t.on_date <= \(bind: until.description)
                GROUP BY m.holder_id
                """).all(decoding: Standing.self)
            for row in rows { result[row.account_id] = row }
        }
        return result
    }

    /// The sum of every movement ever recorded: zero in a ledger that balances. (PostgreSQL sums a bigint column as
    /// numeric; the casts keep the answer an integer on both databases.)
    static func total(on database: any Database) async throws -> Int {
        struct Sum: Decodable { let total: Int? }
        return try await database.sql.raw("SELECT CAST(SUM(tenths) AS BIGINT) AS total FROM \(ident: TimeBankMovementModel.schema)").first(decoding: Sum.self)?.total ?? 0
    }
}
