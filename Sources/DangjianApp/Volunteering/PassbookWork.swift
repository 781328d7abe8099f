import DangjianCore
import Fluent
import Foundation
import Vapor

/// A volunteer's 爱心存折 — every movement of their points with its reason, the balance, the year's hours and stars —
/// and the board an organization posts each quarter: its volunteers' hours, stars and balances, names masked.
enum PassbookWork {
    struct Entry: Content {
        let transferID: Int
        let on: String
        let kind: TimeBank.Kind
        let kindLabel: String
        let note: String
        /// Signed: `+2`, `-5`.
        let points: String
        let receipt: Bool
    }

    struct Passbook: Content {
        let standing: SupermarketWork.Holder
        let year: Int
        let starStepHours: Int
        let creditCapHours: Int
        let exchangesPerQuarter: Int
        let entries: [Entry]
    }

    struct BoardRow: Content {
        let name: String
        let servedThisYear: String
        let stars: Int
        let balance: String
    }

    struct Board: Content {
        let organizationID: Int
        let organizationName: String
        /// The quarter posted: the balances at its end.
        let quarter: String
        let until: String
        let rows: [BoardRow]
    }

    static func label(_ kind: TimeBank.Kind) -> String {
        switch kind {
        case .service: "志愿服务"
        case .complaint: "投诉成立撤销"
        case .exchange: "爱心超市兑换"
        case .donation: "捐赠"
        }
    }

    static func signed(_ tenths: Int) -> String { tenths > 0 ? "+" + ClassHours.text(tenths) : "-" + ClassHours.text(-tenths) }

    static func passbook(on request: Request) async throws -> Passbook {
        let actor = try request.requireActor()
        guard let account = try await AccountModel.find(actor.accountID, on: request.db) else { throw Abort(.notFound) }
        let transfers = try await TimeBankStore.transfers(on: request.db) { $0.filter(\.$accountID == actor.accountID) }
        let entries = transfers.reversed().compactMap { row, transfer -> Entry? in
            guard let id = row.id else { return nil }
            let tenths = transfer.movements.filter { $0.holder == .volunteer(actor.accountID) }.reduce(0) { $0 + $1.tenths }
            return Entry(transferID: id, on: row.onDate.description, kind: row.kind, kindLabel: label(row.kind), note: row.note, points: signed(tenths),
                         receipt: row.kind == .exchange)
        }
        let rules = request.services.rules
        return Passbook(standing: try await SupermarketWork.standing(of: account, on: request), year: request.today.year,
                        starStepHours: rules.value(.volunteerStarStepHours), creditCapHours: rules.value(.volunteerCreditCapHours),
                        exchangesPerQuarter: rules.value(.volunteerExchangesPerQuarter), entries: entries)
    }

    /// The volunteers who served an activity of the organization or below, as the end of the last finished quarter left them.
    static func board(_ organization: OrganizationModel, on request: Request) async throws -> Board {
        let id = try organization.requireID()
        let (until, quarter) = TimeBank.posting(today: request.today)
        let path = organization.orgPath
        let served = try await TimeBankTransferModel.query(on: request.db).filter(\.$path >= path.value).filter(\.$path < path.upperBound)
            .filter(\.$kind == .service).filter(\.$onDate <= until).field(\.$id).field(\.$accountID).limit(50_000).all()
        let accounts = Array(Set(served.compactMap(\.accountID)))
        let standings = try await TimeBankStore.standings(accounts, until: until, on: request.db)
        var names: [Int: String] = [:]
        for chunk in accounts.chunked(into: 1000) {
            for account in try await AccountModel.query(on: request.db).filter(\.$id ~~ chunk).all() {
                if let accountID = account.id { names[accountID] = account.displayName }
            }
        }
        let rules = request.services.rules
        let rows = accounts.compactMap { account -> (BoardRow, Int)? in
            guard let standing = standings[account], let name = names[account] else { return nil }
            return (BoardRow(name: Masking.name(name), servedThisYear: ClassHours.text(standing.served),
                             stars: TimeBank.stars(servedTenths: standing.served, rules: rules), balance: ClassHours.text(standing.balance)),
                    standing.served)
        }
        return Board(organizationID: id, organizationName: organization.name, quarter: quarter, until: until.description,
                     rows: rows.sorted { ($0.1, $0.0.name) > ($1.1, $1.0.name) }.map(\.0))
    }
}
