import DangjianCore
import Fluent
import Foundation
import SQLKit
import Vapor

/// The demo county's residents' side: one resident of the branch secretary's village, who signs in with a phone number,
/// and three of their requests — one answered and rated, one answered and waiting for the verdict, one just sent — so
/// that `/demands`, `/requests` and the village's public page show something on the first visit.
enum DemoParticipation {
    static let phone = "13900000001"

    struct Request {
        let kind: DemandKind
        let category: DemandCategory
        let place: String
        let text: String
        let daysAgo: Int
        let answer: String?
        let verdict: DemandVerdict?
    }

    private struct SecretaryGrant: Decodable { let organization_id: Int }

    static let requests = [
        Request(kind: .demand, category: .infrastructure, place: "三组村道东头", text: "村道东头的两盏路灯坏了，晚上老人出门看不清路。",
                daysAgo: 12, answer: "已请供电所更换路灯，11 月 22 日已修好。", verdict: .satisfied),
        Request(kind: .suggestion, category: .villageAffairs, place: "村委会", text: "建议每月在公示栏和平台上同时公开村里的收支明细。",
                daysAgo: 6, answer: "已在村“两委”会议上研究，从下月起每月 5 日前公开上月收支。", verdict: nil),
        Request(kind: .demand, category: .environment, place: "五组垃圾收集点", text: "五组垃圾收集点三天没有清运，气味很大。",
                daysAgo: 0, answer: nil, verdict: nil),
    ]

    /// Loads the resident and the requests; answers the resident's line for the printed account list.
    static func load(password: String, services: AppServices, hasher: some PasswordHasher, on database: any Database) async throws -> DemoLoader.LoadedAccount? {
        guard let grant = try await database.sql.raw("""
            SELECT g.organization_id FROM \(ident: GrantModel.schema) g JOIN \(ident: AccountModel.schema) a ON a.id = g.account_id
            WHERE a.username = 'branch-secretary' AND g.organization_id IS NOT NULL
            """).first(decoding: SecretaryGrant.self), let village = try await OrganizationModel.find(grant.organization_id, on: database) else { return nil }
        let cipher = services.cipher
        let today = services.clock.today()
        let now = services.clock.now().timeIntervalSince1970
        let phoneHash = cipher.lookupHash("phone:" + phone)
        let account = AccountModel(username: Residents.username(phoneHash: phoneHash), displayName: "王秀兰", passwordHash: try hasher.hash(password),
                                   memberID: nil)
        account.phoneHash = phoneHash
        account.phoneMask = Masking.phone(phone)
        account.phoneCipher = try cipher.seal(phone, for: .accountPhone(hash: phoneHash))
        try await services.writer.transaction(on: database) { database in
            try await account.create(on: database)
            let accountID = try account.requireID()
            let villageID = try village.requireID()
            try await GrantModel(accountID: accountID, role: .resident, organizationID: villageID, grantedBy: nil).create(on: database)
            var generator = SystemRandomNumberGenerator()
            for item in requests {
                let submitted = today.adding(days: -item.daysAgo)
                let time = now - Double(item.daysAgo * 86_400)
                var flow = DemandFlow(submittedOn: submitted)
                var events: [(DemandStep, String?, Double)] = [(.submitted, nil, time)]
                if let answer = item.answer {
                    try flow.accept(on: submitted)
                    events.append((.accepted, nil, time + 3600))
                    try flow.answer(on: submitted.adding(days: 2))
                    events.append((.answered, answer, time + 2 * 86_400))
                    if let verdict = item.verdict {
                        _ = try flow.rate(verdict, on: submitted.adding(days: 3), hasLevelAbove: true)
                        events.append((.rated, verdict.chinese, time + 3 * 86_400))
                    }
                }
                let code = TrackingCode(using: &generator)
                let trackingHash = cipher.lookupHash("tracking:" + code.value)
                let model = DemandModel()
                model.organizationID = villageID
                model.path = village.path
                model.originOrganizationID = villageID
                model.kind = item.kind
                model.category = item.category
                model.place = item.place
                model.text = item.text
                model.accountID = accountID
                model.trackingHash = trackingHash
                model.trackingCipher = try cipher.seal(code.value, for: .trackingCode(hash: trackingHash))
                model.apply(flow)
                model.answer = item.answer
                model.submittedAt = time
                model.updatedAt = events.last?.2 ?? time
                try await model.create(on: database)
                let demandID = try model.requireID()
                for (step, note, at) in events {
                    try await DemandEventModel(demandID: demandID, step: step, organizationID: villageID, accountID: step == .submitted || step == .rated
                        ? accountID : nil, note: note, at: at).create(on: database)
                }
            }
            try await DemoPublicity.load(village: village, residentID: accountID, today: today, now: now, on: database)
            try await AuditLog.append(AuditEvent("demo.load", target: "system", id: nil,
                                                 detail: "装入演示群众账号 1 个、诉求 \(requests.count) 件、三务公开 3 份"),
                                      origin: .system("dangjian demo"), at: services.clock.now(), cipher: cipher, on: database)
        }
        return DemoLoader.LoadedAccount(username: phone, role: .resident, scope: village.name, otpSecret: nil)
    }
}
