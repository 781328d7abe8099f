import DangjianCore
import Fluent
import Foundation
import Testing
import VaporTesting
@testable import DangjianApp

@Suite("Funds: 党建经费 kept 专款专用, the 党内温暖工程 fund")
struct FundTests {
    @Test("spending within a purpose's budget passes; past it or outside any purpose is refused, or recorded with a reason and audited apart")
    func budgets() async throws {
        try await withWorld { world in
            let token = try await world.token("town-secretary")
            let town = try await world.organizationID("柳河镇党委")
            let set = try await world.send(.POST, "/api/v1/funds/budgets", token: token,
                                           json: ["organizationID": AnyEncodable(town), "purpose": AnyEncodable("training"), "amount": AnyEncodable("5000")])
            #expect(set.status == .ok, "\(set.body.string)")
            func spend(_ fields: [String: AnyEncodable]) async throws -> TestingHTTPResponse {
                var json = fields
                json["organizationID"] = AnyEncodable(town)
                json["payee"] = json["payee"] ?? AnyEncodable("县委党校")
                json["description"] = json["description"] ?? AnyEncodable("村党支部书记轮训班讲课费和资料费")
                return try await world.send(.POST, "/api/v1/funds/spendings", token: token, json: json)
            }
            #expect(try await spend(["purpose": AnyEncodable("training"), "amount": AnyEncodable("3000")]).status == .created)
            let over = try await spend(["purpose": AnyEncodable("training"), "amount": AnyEncodable("2000.01")])
            #expect(over.status == .unprocessableEntity && over.body.string.contains("预算只剩 2,000.00 元"))
            let outside = try await spend(["purpose": AnyEncodable("commendation"), "amount": AnyEncodable("100")])
            #expect(outside.status == .unprocessableEntity && outside.body.string.contains("专款专用"))
            let thin = try await spend(["purpose": AnyEncodable("commendation"), "amount": AnyEncodable("100"), "overrideReason": AnyEncodable("急用")])
            #expect(thin.status == .unprocessableEntity && thin.body.string.contains("10 字"))
            let overridden = try await spend(["purpose": AnyEncodable("training"), "amount": AnyEncodable("2500"),
                                              "overrideReason": AnyEncodable("县委组织部通知追加一期培训，预算调整已报批")])
            #expect(overridden.status == .created)
            let spending = try overridden.content.decode(FundWork.Spending.self)
            #expect(spending.overrideReason != nil)
            let audit = try await world.auditEntries(action: "fund.override")
            #expect(audit.count == 1 && audit[0].detail.contains("追加一期培训"))
            #expect(try await world.auditEntries(action: "fund.spend").count == 1)

            let (headers, body) = multipart(file: "发票.png", bytes: DevelopmentDocumentTests.png, fields: ["caption": "培训费发票"])
            var all = headers
            all.bearerAuthorization = BearerAuthorization(token: token)
            let attached = try await world.app.testing().sendRequest(.POST, "/api/v1/funds/spendings/\(spending.id)/attachments", headers: all) { $0.body = body }
            #expect(attached.status == .created, "\(attached.body.string)")

            let ledger = try await world.send(.GET, "/api/v1/funds?organizationID=\(town)", token: token).content.decode(FundWork.Ledger.self)
            let training = try #require(ledger.lines.first { $0.purpose == .training })
            #expect(training.spentFen == 550_000 && training.balanceFen == -50_000 && training.balance == "-500.00")
            #expect(ledger.spendings.first { $0.id == spending.id }?.attachments.count == 1)
            #expect(try await world.send(.GET, "/api/v1/funds?organizationID=\(town)", token: world.token("member")).status == .forbidden)
            #expect(try await world.send(.GET, "/api/v1/funds?organizationID=\(town)", token: world.token("branch-secretary")).status == .notFound)

            let report = try await world.send(.GET, "/api/v1/dues/report", token: world.token("county-admin")).content.decode(DuesReports.Report.self)
            #expect(report.total.sums.spentFen == 550_000 && report.rows.reduce(0) { $0 + $1.sums.spentFen } == 550_000)
            let page = try await world.browserLogin("town-secretary").get("/funds?organization=\(town)")
            #expect(page.status == .ok && page.body.string.contains("超出列支") && page.body.string.contains("-500.00"))
            let sheet = try await world.browserLogin("town-secretary").get("/funds?organization=\(town)&format=xlsx")
            #expect(sheet.status == .ok && sheet.headers.contentType?.subType.contains("sheet") == true)
        }
    }

    @Test("温暖工程: money in, an application for a member, approval only by the fund's keepers and not by whoever filed it, only within the balance")
    func warmth() async throws {
        try await withWorld { world in
            let townToken = try await world.token("town-secretary")
            let branchToken = try await world.token("branch-secretary")
            let town = try await world.organizationID("柳河镇党委")
            let received = try await world.send(.POST, "/api/v1/funds/warmth/donations", token: townToken,
                                                json: ["organizationID": AnyEncodable(town), "source": AnyEncodable("fiscal"), "donor": AnyEncodable("县财政局"), "amount": AnyEncodable("1000")])
            #expect(received.status == .created, "\(received.body.string)")
            #expect(try await world.send(.POST, "/api/v1/funds/warmth/donations", token: branchToken,
                                         json: ["organizationID": AnyEncodable(town), "source": AnyEncodable("fiscal"), "donor": AnyEncodable("县财政局"), "amount": AnyEncodable("1")]).status == .notFound)

            let member = try await world.accountMember("member")
            let applied = try await world.send(.POST, "/api/v1/funds/warmth/grants", token: branchToken,
                                               json: ["organizationID": AnyEncodable(town), "memberID": AnyEncodable(member.id!), "amount": AnyEncodable("600"),
                                                      "reason": AnyEncodable("房屋因暴雨受损，生活困难")])
            #expect(applied.status == .created, "\(applied.body.string)")
            let grant = try applied.content.decode(WarmthWork.Entry.self)
            #expect(try await world.send(.POST, "/api/v1/funds/warmth/grants/\(grant.id)/decision", token: branchToken,
                                         json: ["decision": "approve", "note": "同意"]).status == .notFound, "the town's fund is above the branch's scope")
            let approved = try await world.send(.POST, "/api/v1/funds/warmth/grants/\(grant.id)/decision", token: townToken,
                                                json: ["decision": "approve", "note": "镇党委会议研究同意"])
            let approvedEntry = try approved.content.decode(WarmthWork.Entry.self)
            #expect(approved.status == .ok && approvedEntry.state == "done")

            let own = try await world.send(.POST, "/api/v1/funds/warmth/grants", token: world.token("member"),
                                           json: ["organizationID": AnyEncodable(town), "amount": AnyEncodable("500"), "reason": AnyEncodable("子女上学费用困难")])
            #expect(own.status == .created)
            let second = try own.content.decode(WarmthWork.Entry.self)
            let short = try await world.send(.POST, "/api/v1/funds/warmth/grants/\(second.id)/decision", token: townToken,
                                             json: ["decision": "approve", "note": "同意"])
            #expect(short.status == .unprocessableEntity && short.body.string.contains("余额 400.00 元"))
            let elsewhere = try await world.organizationID("县委组织部机关党支部")
            let wrongFund = try await world.send(.POST, "/api/v1/funds/warmth/grants", token: world.token("member"),
                                                 json: ["organizationID": AnyEncodable(elsewhere), "amount": AnyEncodable("5"), "reason": AnyEncodable("生活困难")])
            #expect(wrongFund.status == .unprocessableEntity)

            let filedByTown = try await world.send(.POST, "/api/v1/funds/warmth/grants", token: townToken,
                                                   json: ["organizationID": AnyEncodable(town), "memberID": AnyEncodable(member.id!), "amount": AnyEncodable("100"),
                                                          "reason": AnyEncodable("年老体弱，慰问补助")])
            let third = try filedByTown.content.decode(WarmthWork.Entry.self)
            #expect(try await world.send(.POST, "/api/v1/funds/warmth/grants/\(third.id)/decision", token: townToken,
                                         json: ["decision": "approve", "note": "同意"]).status == .forbidden, "whoever filed does not approve")

            let fund = try await world.send(.GET, "/api/v1/funds/warmth?organizationID=\(town)", token: townToken).content.decode(WarmthWork.Fund.self)
            #expect(fund.balanceFen == 40_000 && fund.grants.count == 3)
            let ledger = try await world.send(.GET, "/api/v1/dues/members/\(member.id!)", token: world.token("member")).content.decode(DuesViews.MemberLedger.self)
            #expect(ledger.warmth.count == 3 && ledger.warmth.contains { $0.state == "done" })
            let page = try await world.browserLogin("town-secretary").get("/funds/warmth?organization=\(town)")
            #expect(page.status == .ok && page.body.string.contains("县财政局") && page.body.string.contains("400.00"))
        }
    }
}
