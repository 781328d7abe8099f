import DangjianCore
import Fluent
import Foundation
import Testing
import VaporTesting
import ZIPFoundation
@testable import DangjianApp

@Suite("Party dues: reductions, voluntary payments, remittance, reports, publication, pages")
struct DuesApprovalTests {
    @Test("hardship: the member applies, the branch agrees, only the level above approves; approved months owe the reduced amount")
    func reduction() async throws {
        try await withWorld { world in
            let memberToken = try await world.token("member")
            let member = try await world.accountMember("member")
            let from = world.thisMonth.adding(months: 1), through = world.thisMonth.adding(months: 3)
            let short = try await world.send(.POST, "/api/v1/dues/reductions", token: memberToken,
                                             json: ["from": from.description, "through": through.description, "monthly": "0", "reason": "穷"])
            #expect(short.status == .unprocessableEntity && short.body.string.contains("困难"))
            let applied = try await world.send(.POST, "/api/v1/dues/reductions", token: memberToken,
                                               json: ["from": from.description, "through": through.description, "monthly": "0", "reason": "家人重病住院，收入中断"])
            #expect(applied.status == .created, "\(applied.body.string)")
            let view = try applied.content.decode(DuesReductions.View.self)
            #expect(view.state == .applied && !view.canBranchDecide)
            let twice = try await world.send(.POST, "/api/v1/dues/reductions", token: memberToken,
                                             json: ["from": from.description, "through": through.description, "monthly": "0", "reason": "家人重病住院，收入中断"])
            #expect(twice.status == .unprocessableEntity && twice.body.string.contains("正在办理"))

            let branchToken = try await world.token("branch-secretary")
            let early = try await world.send(.POST, "/api/v1/dues/reductions/\(view.id)/approve", token: branchToken, json: ["decision": "approve", "note": "同意"])
            #expect(early.status == .forbidden, "the branch cannot approve its own decision")
            #expect(try await world.send(.POST, "/api/v1/dues/reductions/\(view.id)/branch", token: memberToken, json: ["decision": "agree", "note": "同意"]).status == .forbidden)
            let agreed = try await world.send(.POST, "/api/v1/dues/reductions/\(view.id)/branch", token: branchToken,
                                              json: ["decision": "agree", "note": "支委会研究同意，报镇党委审批"])
            #expect(agreed.status == .ok)
            #expect(try agreed.content.decode(DuesReductions.View.self).state == .branchAgreed)
            let stillBranch = try await world.send(.POST, "/api/v1/dues/reductions/\(view.id)/approve", token: branchToken, json: ["decision": "approve", "note": "同意"])
            #expect(stillBranch.status == .forbidden)
            let townToken = try await world.token("town-secretary")
            let open = try await world.send(.GET, "/api/v1/dues/reductions?open=true", token: townToken).content.decode([DuesReductions.View].self)
            #expect(open.contains { $0.id == view.id && $0.canApprove })
            let approved = try await world.send(.POST, "/api/v1/dues/reductions/\(view.id)/approve", token: townToken, json: ["decision": "approve", "note": "镇党委批准免交三个月"])
            #expect(approved.status == .ok)
            let ledger = try await world.send(.GET, "/api/v1/dues/members/\(member.id!)", token: memberToken).content.decode(DuesViews.MemberLedger.self)
            if from.year == ledger.year {
                #expect(ledger.lines.first { $0.month == from }?.state == .exempt)
            }
            #expect(ledger.reductions.first?.state == .approved)
            #expect(try await AuditEntryModel.query(on: world.app.db).filter(\.$action == "dues.reduction-approve").filter(\.$outcome == .success).count() == 1)
            #expect(try await AuditEntryModel.query(on: world.app.db).filter(\.$action == "dues.reduction-approve").filter(\.$outcome == .denied).count() == 2)
            let other = try await world.send(.GET, "/api/v1/dues/reductions", token: world.token("member2")).content.decode([DuesReductions.View].self)
            #expect(other.isEmpty, "a member sees only their own")
        }
    }

    @Test("a voluntary payment of 1,000 yuan or more goes to the Centre; remittance to the level above; report, .xlsx and publication agree")
    func voluntaryRemittanceReport() async throws {
        try await withWorld { world in
            let token = try await world.token("branch-secretary")
            let member = try await world.accountMember("member")
            let small = try await world.send(.POST, "/api/v1/dues/members/\(member.id!)/voluntary", token: token, json: ["amount": "200.00", "note": "七一自愿多交"])
            let smallResult = try small.content.decode(DuesWork.VoluntaryResult.self)
            #expect(small.status == .created && !smallResult.toCentre)
            let large = try await world.send(.POST, "/api/v1/dues/members/\(member.id!)/voluntary", token: token, json: ["amount": "1000.00"])
            let result = try large.content.decode(DuesWork.VoluntaryResult.self)
            #expect(large.status == .created && result.toCentre && result.explanation.contains("全部上缴中央"))
            let bad = try await world.send(.POST, "/api/v1/dues/members/\(member.id!)/voluntary", token: token, json: ["amount": "-3"])
            #expect(bad.status == .unprocessableEntity && bad.body.string.contains("金额"))

            let branch = try await world.organizationID("柳河镇东岗村党支部")
            let town = try await world.organizationID("柳河镇党委")
            let quarter = world.thisMonth.adding(months: -2).description
            let future = try await world.send(.POST, "/api/v1/dues/remittances", token: token,
                                              json: ["organizationID": AnyEncodable(branch), "from": AnyEncodable(quarter), "through": AnyEncodable(world.thisMonth.adding(months: 1).description), "amount": AnyEncodable("10")])
            #expect(future.status == .unprocessableEntity && future.body.string.contains("以后月份"))
            let remitted = try await world.send(.POST, "/api/v1/dues/remittances", token: token,
                                                json: ["organizationID": AnyEncodable(branch), "from": AnyEncodable(quarter), "through": AnyEncodable(world.thisMonth.description),
                                                       "amount": AnyEncodable("1,234.50"), "note": AnyEncodable("第四季度党费")])
            #expect(remitted.status == .created, "\(remitted.body.string)")
            #expect(try remitted.content.decode(DuesReports.Remittance.self).toOrganizationID == town)

            let townToken = try await world.token("town-secretary")
            let report = try await world.send(.GET, "/api/v1/dues/report?organizationID=\(town)", token: townToken).content.decode(DuesReports.Report.self)
            #expect(report.total.sums.voluntaryFen == 120_000 && report.total.sums.toCentreFen == 100_000 && report.total.sums.receivedFen == 123_450)
            #expect(report.rows.first { $0.organizationID == branch }?.sums.remittedFen == 123_450)

            let download = try await world.browserLogin("town-secretary").get("/dues/report?organization=\(town)&format=xlsx")
            #expect(download.status == .ok && download.headers.contentType?.subType.contains("sheet") == true)
            let file = FileManager.default.temporaryDirectory.appendingPathComponent("dues-\(UUID().uuidString).xlsx")
            try Data(buffer: download.body).write(to: file)
            defer { try? FileManager.default.removeItem(at: file) }
            let archive = try Archive(url: file, accessMode: .read)
            var shared = Data()
            _ = try archive.extract(try #require(archive["xl/sharedStrings.xml"] ?? archive["xl/worksheets/sheet1.xml"])) { shared.append($0) }
            #expect(String(decoding: shared, as: UTF8.self).contains("柳河镇东岗村党支部"))
            #expect(try await world.auditEntries(action: "dues.report").count == 1)

            let memberToken = try await world.token("member")
            let publication = try await world.send(.GET, "/api/v1/dues/publication", token: memberToken)
            #expect(publication.status == .ok)
            let published = try publication.content.decode(DuesReports.Publication.self)
            #expect(published.organizationID == branch && published.sums.toCentreFen == 100_000 && published.months.count == world.today.month)
            #expect(try await world.send(.GET, "/api/v1/dues/publication?organizationID=\(world.organizationID("县委组织部机关党支部"))", token: memberToken).status == .notFound)
            let page = try await world.browserLogin("member").get("/dues/publication")
            #expect(page.status == .ok && page.body.string.contains("党费收缴使用情况公示"))
        }
    }

    @Test("the 公示 of a town secretary is the 党委 they manage, not the 机关党支部 they are a member of; their branch's is one link away")
    func publicationOfTheManagedOrganization() async throws {
        try await withWorld { world in
            let town = try await world.organizationID("柳河镇党委")
            let member = try await world.accountMember("town-secretary")
            #expect(member.organizationID != town, "the demo's town secretary is a member of a branch under the 党委")
            let token = try await world.token("town-secretary")
            let published = try await world.send(.GET, "/api/v1/dues/publication", token: token).content.decode(DuesReports.Publication.self)
            #expect(published.organizationID == town)
            let own = try await world.send(.GET, "/api/v1/dues/publication?organizationID=\(member.organizationID)", token: token)
            #expect(try own.content.decode(DuesReports.Publication.self).organizationID == member.organizationID)
            let page = try await world.browserLogin("town-secretary").get("/dues/publication")
            #expect(page.status == .ok && page.body.string.contains("柳河镇党委"))
            #expect(page.body.string.contains("/dues/publication?organization=\(member.organizationID)&amp;year=") && page.body.string.contains("本人所在党支部的公示"))
        }
    }

    @Test("the pages: the month sheet collects by ticking, a bad form keeps what was typed, the member's own page has no forms")
    func pages() async throws {
        try await withWorld { world in
            let session = try await world.browserLogin("branch-secretary")
            let branch = try await world.organizationID("柳河镇东岗村党支部")
            let member = try await world.accountMember("member")
            try await world.clearPayments(member)
            let sheet = try await session.get("/dues?organization=\(branch)")
            #expect(sheet.status == .ok && sheet.body.string.contains("name=\"memberIDs[]\" value=\"\(member.id!)\""))
            let wrong = try await session.post("/dues/collect", ["organizationID": "\(branch)", "month": world.thisMonth.adding(months: -1).description,
                                                                 "memberIDs[]": "\(member.id!)", "approval": ""])
            #expect(wrong.status == .unprocessableEntity && wrong.body.string.contains("须经支部同意"))
            let done = try await session.post("/dues/collect", ["organizationID": "\(branch)", "month": world.thisMonth.description, "memberIDs[]": "\(member.id!)",
                                                                "paidOn": world.today.description, "method": "cash"])
            #expect(done.status == .seeOther)
            let ledger = try await session.get("/dues/members/\(member.id!)")
            #expect(ledger.status == .ok && ledger.body.string.contains("记录交纳") && ledger.body.string.contains("已交"))
            let receipt = try #require(try await DuesPaymentModel.query(on: world.app.db).filter(\.$memberID == member.id!).first()?.receipt)
            #expect(ledger.body.string.contains("撤销记错的交纳") && ledger.body.string.contains(receipt))
            let shortVoid = try await session.post("/dues/members/\(member.id!)/void", ["receipt": receipt, "reason": "错"])
            #expect(shortVoid.status == .unprocessableEntity && shortVoid.body.string.contains("撤销的原因"))
            #expect(try await session.post("/dues/members/\(member.id!)/void", ["receipt": receipt, "reason": "误记，实际未交"]).status == .seeOther)
            #expect(try await DuesPaymentModel.query(on: world.app.db).filter(\.$memberID == member.id!).count() == 0)
            #expect(try await session.post("/dues/collect", ["organizationID": "\(branch)", "month": world.thisMonth.description,
                                                             "memberIDs[]": "\(member.id!)", "method": "cash"]).status == .seeOther)
            let badVoluntary = try await session.post("/dues/members/\(member.id!)/voluntary", ["amount": "很多", "note": "自愿多交的说明"])
            #expect(badVoluntary.status == .unprocessableEntity && badVoluntary.body.string.contains("自愿多交的说明"))
            let fixing = try await session.get("/dues/fixing?organization=\(branch)")
            #expect(fixing.status == .ok && fixing.body.string.contains("name=\"category[\(member.id!)]\""))
            let refix = try await session.post("/dues/fixing", ["organizationID": "\(branch)", "category[\(member.id!)]": "salaried", "base[\(member.id!)]": "12345.67"])
            #expect(refix.status == .unprocessableEntity && refix.body.string.contains("12345.67") && refix.body.string.contains("调整原因"))
            for path in ["/dues/arrears", "/dues/report", "/dues/remittances", "/dues/reductions", "/dues/publication"] {
                let page = try await session.get(path)
                #expect(page.status == .ok, "\(path)")
            }
            let own = try await world.browserLogin("member").get("/dues/members/\(member.id!)")
            #expect(own.status == .ok && own.body.string.contains("我的党费") && !own.body.string.contains("记录交纳"))
            #expect(try await world.browserLogin("member").get("/dues").status == .seeOther)
            let home = try await world.browserLogin("member").get("/")
            #expect(home.body.string.contains("\(world.thisMonth.chinese)党费（元）：已交"), "the member's home shows this month, paid above")
            let record = try await session.get("/members/\(member.id!)")
            #expect(record.body.string.contains("href=\"/dues/members/\(member.id!)\""))
        }
    }
}
