import DangjianCore
import Fluent
import Foundation
import SQLKit

/// The demo village's volunteering: two activities held last quarter and this one with their hours confirmed (so the
/// public board and the passbooks show something), one held yesterday waiting for its hours to be confirmed, one
/// coming up to sign up for, the 爱心超市's shelves, and the
/// resident's exchange this quarter (so the counter shows the once-a-quarter rule at work).
enum DemoVolunteering {
    struct Held {
        let title: String
        let place: String
        let daysAgo: Int
        let hours: Double
        /// Hours served by the demo accounts, by username (`resident` is the resident).
        let served: [(String, Int)]
    }

    static let held = [
        Held(title: "敬老院陪护", place: "柳河镇敬老院", daysAgo: 75, hours: 3, served: [("member", 30), ("resident", 20), ("branch-secretary", 20)]),
        Held(title: "河道垃圾清理", place: "东岗村柳河段", daysAgo: 40, hours: 2, served: [("member", 15), ("resident", 20)]),
    ]

    static let items: [(String, Int, Int, String)] = [
        ("食用油 5 升", 100, 6, "县供销社"), ("大米 10 斤", 80, 10, "东岗农资店"), ("洗衣粉", 30, 20, ""), ("毛巾", 10, 30, ""),
    ]

    private struct Named: Decodable { let id: Int; let username: String }

    static func load(services: AppServices, on database: any Database) async throws {
        struct Grant: Decodable { let organization_id: Int }
        guard let grant = try await database.sql.raw("""
            SELECT g.organization_id FROM \(ident: GrantModel.schema) g JOIN \(ident: AccountModel.schema) a ON a.id = g.account_id
            WHERE a.username = 'branch-secretary' AND g.organization_id IS NOT NULL
            """).first(decoding: Grant.self), let village = try await OrganizationModel.find(grant.organization_id, on: database) else { return }
        let villageID = try village.requireID()
        var found: [String: (id: Int, name: String)] = [:]
        for account in try await AccountModel.query(on: database).all() {
            guard let id = account.id else { continue }
            if ["member", "branch-secretary"].contains(account.username) { found[account.username] = (id, account.displayName) }
            if account.phoneHash != nil { found["resident"] = (id, account.displayName) }
        }
        let accounts = found
        guard let organizer = accounts["branch-secretary"]?.id else { return }
        let today = services.clock.today()
        let now = services.clock.now().timeIntervalSince1970
        let rules = TimeBank.Rules(services.rules)
        // Morning, China time, of a day `daysAgo` before today.
        @Sendable func morning(_ daysAgo: Int) -> Double { Double((today.daysSinceEpoch - daysAgo) * 86_400) + 9 * 3600 - 8 * 3600 }
        try await services.writer.transaction(on: database) { database in
            var ledger = TimeBank.Ledger()
            for activity in held {
                let model = activityModel(activity.title, place: activity.place, village: village, starts: morning(activity.daysAgo),
                                          hours: activity.hours, capacity: 10, organizer: organizer, now: now)
                model.state = .confirmed
                model.confirmedAt = model.endsAt + 3600
                try await model.create(on: database)
                let id = try model.requireID()
                let on = today.adding(days: -activity.daysAgo)
                for (username, tenths) in activity.served {
                    guard let account = accounts[username] else { continue }
                    let signup = VolunteerSignupModel()
                    signup.activityID = id
                    signup.accountID = account.id
                    signup.name = account.name
                    signup.state = .served
                    signup.servedTenths = tenths
                    signup.signedAt = model.startsAt - 3 * 86_400
                    try await signup.create(on: database)
                    let amount = try ledger.confirm(tenths, volunteer: account.id, activity: id, on: on, rules: rules)
                    guard let transfer = ledger.transfers.last else { continue }
                    try await TimeBankStore.record(transfer, organization: village, activityID: id, accountID: account.id,
                                                   note: "志愿服务“\(activity.title)”服务 \(ClassHours.text(tenths)) 小时，计入 \(ClassHours.text(amount)) 分",
                                                   recordedBy: organizer, at: model.confirmedAt ?? now, on: database)
                }
            }
            let coming = activityModel("冬季送温暖入户走访", place: "东岗村各组", village: village, starts: morning(-5), hours: 2, capacity: 8,
                                       organizer: organizer, now: now)
            coming.details = "随村“两委”走访困难户、独居老人，送去棉被和米油，帮助打扫卫生。"
            try await coming.create(on: database)
            if let resident = accounts["resident"] {
                let signup = VolunteerSignupModel()
                signup.activityID = try coming.requireID()
                signup.accountID = resident.id
                signup.name = resident.name
                signup.state = .signedUp
                signup.signedAt = now - 86_400
                try await signup.create(on: database)
            }
            // Held yesterday afternoon, waiting for the organizer to confirm the hours.
            let ended = activityModel("周末义务理发", place: "东岗村党群服务中心", village: village, starts: morning(1) + 5 * 3600, hours: 3, capacity: 6,
                                      organizer: organizer, now: now)
            try await ended.create(on: database)
            for username in ["member", "resident"] {
                guard let account = accounts[username] else { continue }
                let signup = VolunteerSignupModel()
                signup.activityID = try ended.requireID()
                signup.accountID = account.id
                signup.name = account.name
                signup.state = .signedUp
                signup.signedAt = ended.startsAt - 2 * 86_400
                try await signup.create(on: database)
            }
            var shelf: [SupermarketItemModel] = []
            for (name, points, stock, donor) in items {
                let item = SupermarketItemModel()
                item.organizationID = villageID
                item.path = village.path
                item.name = name
                item.pointsTenths = points
                item.stock = stock
                item.donor = donor
                item.active = true
                item.createdAt = now - 90 * 86_400
                try await item.create(on: database)
                shelf.append(item)
            }
            // The resident exchanged washing powder this quarter, so the counter refuses a second exchange until January.
            if let resident = accounts["resident"], let powder = shelf.first(where: { $0.name == "洗衣粉" }), let powderID = powder.id {
                let quarter = CalendarDate(year: today.year, month: (today.month - 1) / 3 * 3 + 1, day: 1) ?? today
                let day = max(quarter, today.adding(days: -10))
                try ledger.exchange(powder.pointsTenths, volunteer: resident.id, supermarket: villageID, on: day, rules: rules)
                if let transfer = ledger.transfers.last {
                    let row = try await TimeBankStore.record(transfer, organization: village, activityID: nil, accountID: resident.id,
                                                             note: "爱心超市兑换：洗衣粉×1", recordedBy: organizer, at: now - 86_400, on: database)
                    let line = ExchangeLineModel()
                    line.transferID = try row.requireID()
                    line.itemID = powderID
                    line.name = powder.name
                    line.quantity = 1
                    line.pointsTenths = powder.pointsTenths
                    try await line.create(on: database)
                    powder.stock -= 1
                    try await powder.update(on: database)
                }
            }
        }
    }

    private static func activityModel(_ title: String, place: String, village: OrganizationModel, starts: Double, hours: Double, capacity: Int,
                                      organizer: Int, now: Double) -> VolunteerActivityModel {
        let model = VolunteerActivityModel()
        model.organizationID = village.id ?? 0
        model.path = village.path
        model.title = title
        model.place = place
        model.details = ""
        model.startsAt = starts
        model.endsAt = starts + hours * 3600
        model.capacity = capacity
        model.state = .open
        model.createdBy = organizer
        model.createdAt = min(now, starts - 7 * 86_400)
        return model
    }
}
