import DangjianCore
import Fluent
import Foundation
import Testing
import VaporTesting
@testable import DangjianApp

extension TestWorld {
    func accountMember(_ username: String) async throws -> MemberModel {
        let account = try #require(try await AccountModel.query(on: app.db).filter(\.$username == username).first())
        return try #require(try await MemberModel.find(account.memberID, on: app.db))
    }

    /// Forgets every payment of the member, so that a test starts from a ledger with nothing paid.
    func clearPayments(_ member: MemberModel) async throws {
        try await DuesPaymentModel.query(on: app.db).filter(\.$memberID == member.id!).delete()
    }

    var today: CalendarDate { app.dangjian.clock.today() }
    var thisMonth: DuesMonth { DuesMonth(today) }
}

@Suite("Party dues: fixing, payments, arrears")
struct DuesFlowTests {
    @Test("the branch fixes the year's amounts; a change within the year needs a reason; out of scope is 404")
    func fixing() async throws {
        try await withWorld { world in
            let token = try await world.token("branch-secretary")
            let branch = try await world.organizationID("柳河镇东岗村党支部")
            let sheet = try await world.send(.GET, "/api/v1/dues/fixing?organizationID=\(branch)", token: token).content.decode(DuesViews.FixingSheet.self)
            #expect(sheet.rows.count > 3 && sheet.fixedCount > 3, "the demo county has this year fixed")
            let target = try #require(sheet.rows.first { $0.fixed })
            let unfixed = sheet.rows.count - sheet.fixedCount
            func fixingToDo() async throws -> ToDoService.Item? {
                try await world.send(.GET, "/api/v1/todos", token: token).content.decode([ToDoService.Item].self)
                    .first { $0.kind == "dues.fixing" && $0.link.contains("organization=\(branch)&") }
            }
            try await DuesAssessmentModel.query(on: world.app.db).filter(\.$memberID == target.memberID).filter(\.$year == world.today.year).delete()
            #expect(try await fixingToDo()?.title.contains("\(unfixed + 1) 名") == true)
            let fresh = try await world.send(.POST, "/api/v1/dues/assessments", token: token, json: ["entries": AnyEncodable([
                ["memberID": AnyEncodable(target.memberID), "category": AnyEncodable("salaried"), "baseIncome": AnyEncodable("3000.00")]])])
            let freshResult = try fresh.content.decode(DuesWork.FixResult.self)
            #expect(fresh.status == .ok && freshResult.changed == 0 && freshResult.fixed == 1, "\(fresh.body.string)")
            #expect(try await fixingToDo()?.title.contains("\(unfixed + 1) 名") != true)
            let entry = ["memberID": AnyEncodable(target.memberID), "category": AnyEncodable("salaried"), "baseIncome": AnyEncodable("6200.00")]
            let refused = try await world.send(.POST, "/api/v1/dues/assessments", token: token, json: ["year": AnyEncodable(world.today.year), "entries": AnyEncodable([entry])])
            #expect(refused.status == .unprocessableEntity && refused.body.string.contains("调整原因"), "\(refused.body.string)")
            var withReason = entry
            withReason["reason"] = AnyEncodable("工资调整，经支委会研究重新核定")
            let changed = try await world.send(.POST, "/api/v1/dues/assessments", token: token, json: ["year": AnyEncodable(world.today.year), "entries": AnyEncodable([withReason])])
            #expect(changed.status == .ok, "\(changed.body.string)")
            #expect(try changed.content.decode(DuesWork.FixResult.self).changed == 1)
            let stored = try #require(try await DuesAssessmentModel.query(on: world.app.db).filter(\.$memberID == target.memberID).filter(\.$year == world.today.year).first())
            let cipher = world.app.dangjian.cipher
            let explanation = try stored.explanation(cipher), base = try stored.base(cipher)
            #expect(stored.monthlyFen == 9300 && explanation == "月缴纳基数 6,200.00 元 × 1.5% = 93.00 元" && stored.reason != nil)
            #expect(stored.baseCipher?.contains("6200") == false && base == Fen(620_000), "the income is sealed at rest")
            let audit = try await world.auditEntries(action: "dues.fix")
            #expect(audit.count == 2)

            let badYear = try await world.send(.POST, "/api/v1/dues/assessments", token: token, json: ["year": AnyEncodable(world.today.year - 3), "entries": AnyEncodable([entry])])
            #expect(badYear.status == .unprocessableEntity && badYear.body.string.contains("只能核定"))
            let badIncome = ["memberID": AnyEncodable(sheet.rows[1].memberID), "category": AnyEncodable("retired"), "baseIncome": AnyEncodable("abc")]
            let bad = try await world.send(.POST, "/api/v1/dues/assessments", token: token, json: ["entries": AnyEncodable([badIncome])])
            #expect(bad.status == .unprocessableEntity && bad.body.string.contains("月缴纳基数"))

            let elsewhere = try await world.member(in: "县委组织部机关党支部")
            let stranger = ["memberID": AnyEncodable(elsewhere.id!), "category": AnyEncodable("farmer")]
            let outside = try await world.send(.POST, "/api/v1/dues/assessments", token: token, json: ["entries": AnyEncodable([stranger])])
            #expect(outside.status == .notFound)
        }
    }

    @Test("payments: the current month, back payment with approval up to six months, once per month; a member cannot record")
    func payments() async throws {
        try await withWorld { world in
            let token = try await world.token("branch-secretary")
            let member = try await world.accountMember("member")
            try await world.clearPayments(member)
            let path = "/api/v1/dues/members/\(member.id!)/payments"
            let current = world.thisMonth.description
            let paid = try await world.send(.POST, path, token: token, json: ["months": AnyEncodable([current]), "method": AnyEncodable("cash")])
            #expect(paid.status == .created, "\(paid.body.string)")
            let receipt = try paid.content.decode(DuesWork.Receipt.self)
            #expect(receipt.months == [world.thisMonth] && receipt.totalFen > 0)
            let again = try await world.send(.POST, path, token: token, json: ["months": AnyEncodable([current])])
            #expect(again.status == .unprocessableEntity && again.body.string.contains("已经交纳"))

            let twoBack = world.thisMonth.adding(months: -2).description
            let noApproval = try await world.send(.POST, path, token: token, json: ["months": AnyEncodable([twoBack])])
            #expect(noApproval.status == .unprocessableEntity && noApproval.body.string.contains("须经支部同意"))
            let approved = try await world.send(.POST, path, token: token, json: ["months": AnyEncodable([twoBack]), "approval": AnyEncodable("支委会同意补缴")])
            #expect(approved.status == .created)
            let sevenBack = world.thisMonth.adding(months: -7).description
            let tooFar = try await world.send(.POST, path, token: token, json: ["months": AnyEncodable([sevenBack]), "approval": AnyEncodable("支委会同意补缴")])
            #expect(tooFar.status == .unprocessableEntity && tooFar.body.string.contains("最多补缴 6 个月"))
            let proxy = try await world.send(.POST, path, token: token, json: ["months": AnyEncodable([world.thisMonth.adding(months: -1).description]),
                                                                              "method": AnyEncodable("proxy"), "approval": AnyEncodable("同意代交")])
            #expect(proxy.status == .unprocessableEntity && proxy.body.string.contains("代交人"))

            let memberToken = try await world.token("member")
            #expect(try await world.send(.POST, path, token: memberToken, json: ["months": AnyEncodable([twoBack])]).status == .forbidden)
            let own = try await world.send(.GET, "/api/v1/dues/members/\(member.id!)", token: memberToken)
            #expect(own.status == .ok)
            let ledger = try own.content.decode(DuesViews.MemberLedger.self)
            #expect(ledger.isOwn && !ledger.canWrite && ledger.lines.contains { $0.month == world.thisMonth && $0.state == .paid })
            let neighbour = try await world.accountMember("member2")
            #expect(try await world.send(.GET, "/api/v1/dues/members/\(neighbour.id!)", token: memberToken).status == .notFound)
            let denied = try await AuditEntryModel.query(on: world.app.db).filter(\.$action == "dues.read").filter(\.$outcome == .denied).count()
            #expect(denied == 1)
            #expect(try await world.auditEntries(action: "dues.pay").count == 2)

            let voidPath = "/api/v1/dues/members/\(member.id!)/payments/void"
            #expect(try await world.send(.POST, voidPath, token: memberToken, json: ["receipt": receipt.receipt, "reason": "误记，实际未交"]).status == .forbidden)
            let vague = try await world.send(.POST, voidPath, token: token, json: ["receipt": receipt.receipt, "reason": "错"])
            #expect(vague.status == .unprocessableEntity && vague.body.string.contains("撤销的原因"))
            let unknown = try await world.send(.POST, voidPath, token: token, json: ["receipt": "DF00000000-XXXXXX", "reason": "误记，实际未交"])
            #expect(unknown.status == .unprocessableEntity)
            let voided = try await world.send(.POST, voidPath, token: token, json: ["receipt": receipt.receipt, "reason": "误记，实际未交"])
            #expect(voided.status == .ok, "\(voided.body.string)")
            let after = try voided.content.decode(DuesViews.MemberLedger.self)
            #expect(after.lines.first { $0.month == world.thisMonth }?.state == .due, "the month is due again")
            #expect(try await world.auditEntries(action: "dues.void").filter { $0.outcome == .success }.count == 1)
        }
    }

    @Test("arrears: six unpaid months make a 党章 to-do for the branch until it records its handling; the member's page shows what is owed")
    func arrears() async throws {
        try await withWorld { world in
            let token = try await world.token("branch-secretary")
            let member = try await world.accountMember("member2")
            try await world.clearPayments(member)
            let todos = try await world.send(.GET, "/api/v1/todos", token: token).content.decode([ToDoService.Item].self)
            let lapse = try #require(todos.first { $0.kind == "dues.lapse" && $0.subject == member.name })
            #expect(lapse.rule.contains("党章") && lapse.link == "/dues/members/\(member.id!)")
            let town = try await world.send(.GET, "/api/v1/todos", token: world.token("town-secretary")).content.decode([ToDoService.Item].self)
            #expect(town.contains { $0.kind == "dues.lapse" && $0.subject == member.name })
            // Above the cap a scope's leaders read the list instead: here a cap of one branch under the town.
            let townPath = try await world.organization("柳河镇党委").orgPath
            let rules = world.app.dangjian.rules
            let capped = try await DuesToDoService.todos(under: townPath, today: world.today, rules: rules, branchLimit: 1, on: world.app.db)
            let uncapped = try await DuesToDoService.todos(under: townPath, today: world.today, rules: rules, on: world.app.db)
            #expect(capped.isEmpty && uncapped.contains { $0.kind == "dues.lapse" })

            let branch = try await world.organizationID("柳河镇东岗村党支部")
            let list = try await world.send(.GET, "/api/v1/dues/arrears?organizationID=\(branch)", token: token).content.decode(DuesViews.ArrearsList.self)
            let row = try #require(list.rows.first { $0.memberID == member.id! })
            #expect(row.consecutive >= 6 && !row.handled && row.owedFen > 0)

            let short = try await world.send(.POST, "/api/v1/dues/members/\(member.id!)/arrears-review", token: token, json: ["reasonGiven": "外出"])
            #expect(short.status == .unprocessableEntity)
            let reviewed = try await world.send(.POST, "/api/v1/dues/members/\(member.id!)/arrears-review", token: token,
                                                json: ["reasonGiven": "长期在外地住院治疗，家属未能代交", "justified": "yes", "decision": "属正当理由，安排家属代交并补缴"])
            #expect(reviewed.status == .ok, "\(reviewed.body.string)")
            let after = try await world.send(.GET, "/api/v1/todos", token: token).content.decode([ToDoService.Item].self)
            #expect(!after.contains { $0.kind.hasPrefix("dues.") && $0.subject == member.name })
            let listed = try await world.send(.GET, "/api/v1/dues/arrears?organizationID=\(branch)", token: token).content.decode(DuesViews.ArrearsList.self)
            #expect(listed.rows.first { $0.memberID == member.id! }?.handled == true)

            let page = try await world.browserLogin("member2").get("/dues/mine")
            #expect(page.status == .seeOther)
            let ledger = try await world.browserLogin("member2").get("/dues/members/\(member.id!)")
            #expect(ledger.status == .ok && ledger.body.string.contains("欠交月份") && !ledger.body.string.contains("记录交纳"))
        }
    }

    @Test("the branch's month: collect for several members at once, all or none; the sheet and the report add it up")
    func collection() async throws {
        try await withWorld { world in
            let token = try await world.token("branch-secretary")
            let branch = try await world.organizationID("柳河镇东岗村党支部")
            let first = try await world.accountMember("member"), second = try await world.accountMember("member2")
            try await world.clearPayments(first)
            try await world.clearPayments(second)
            let month = world.thisMonth.description
            let before = try await world.send(.GET, "/api/v1/dues/sheet?organizationID=\(branch)&month=\(month)", token: token).content.decode(DuesViews.Sheet.self)
            #expect(before.rows.first { $0.memberID == first.id! }?.collectable == true)

            let outsider = try await world.member(in: "县委组织部机关党支部")
            let mixed = try await world.send(.POST, "/api/v1/dues/collections", token: token,
                                             json: ["organizationID": AnyEncodable(branch), "month": AnyEncodable(month), "memberIDs": AnyEncodable([first.id!, outsider.id!])])
            #expect(mixed.status == .notFound)
            let collected = try await world.send(.POST, "/api/v1/dues/collections", token: token,
                                                 json: ["organizationID": AnyEncodable(branch), "month": AnyEncodable(month), "method": AnyEncodable("transfer"),
                                                        "memberIDs": AnyEncodable([first.id!, second.id!])])
            #expect(collected.status == .created, "\(collected.body.string)")
            let result = try collected.content.decode(DuesWork.CollectResult.self)
            #expect(result.members == 2)
            let twice = try await world.send(.POST, "/api/v1/dues/collections", token: token,
                                             json: ["organizationID": AnyEncodable(branch), "month": AnyEncodable(month), "memberIDs": AnyEncodable([first.id!])])
            #expect(twice.status == .unprocessableEntity && twice.body.string.contains("已经交纳"))
            let after = try await world.send(.GET, "/api/v1/dues/sheet?organizationID=\(branch)&month=\(month)", token: token).content.decode(DuesViews.Sheet.self)
            #expect(after.paidMembers == before.paidMembers + 2)
            #expect(try await world.auditEntries(action: "dues.collect").count == 1)

            let town = try await world.organizationID("柳河镇党委")
            let report = try await world.send(.GET, "/api/v1/dues/report?organizationID=\(town)", token: world.token("town-secretary")).content.decode(DuesReports.Report.self)
            let branchRow = try #require(report.rows.first { $0.organizationID == branch })
            #expect(report.total.sums.collectedFen == report.rows.reduce(0) { $0 + $1.sums.collectedFen })
            #expect(branchRow.sums.collectedFen >= result.totalFen && branchRow.members > 0)
            #expect(try await world.send(.GET, "/api/v1/dues/report?organizationID=\(town)", token: token).status == .notFound)
        }
    }
}

@Suite("Party dues: 流动党员 pay at the 流入地")
struct MobileDuesTests {
    @Test("the host branch lists a 流动党员 recorded as theirs, collects the month, keeps the money on its books; it cannot fix their amount")
    func hostCollects() async throws {
        try await withWorld { world in
            let token = try await world.token("branch-secretary")
            let host = try await world.organizationID("柳河镇东岗村党支部")
            let away = try await world.member(in: "县委组织部机关党支部")
            #expect(try await world.send(.GET, "/api/v1/dues/members/\(away.id!)", token: token).status == .notFound, "not theirs yet")
            away.status = .mobile
            away.mobileHostID = host
            try await away.update(on: world.app.db)
            try await world.clearPayments(away)

            let sheet = try await world.send(.GET, "/api/v1/dues/sheet?organizationID=\(host)", token: token).content.decode(DuesViews.Sheet.self)
            let row = try #require(sheet.rows.first { $0.memberID == away.id! })
            #expect(row.membership.contains("流动党员") && row.collectable)
            let collected = try await world.send(.POST, "/api/v1/dues/collections", token: token,
                                                 json: ["organizationID": AnyEncodable(host), "month": AnyEncodable(world.thisMonth.description), "memberIDs": AnyEncodable([away.id!])])
            #expect(collected.status == .created, "\(collected.body.string)")
            let payment = try #require(try await DuesPaymentModel.query(on: world.app.db).filter(\.$memberID == away.id!).first())
            #expect(payment.organizationID == host, "the money is on the books of the branch that collected it")
            let ledger = try await world.send(.GET, "/api/v1/dues/members/\(away.id!)", token: token).content.decode(DuesViews.MemberLedger.self)
            #expect(ledger.canCollect && !ledger.canWrite)
            let fixing = try await world.send(.POST, "/api/v1/dues/assessments", token: token,
                                              json: ["entries": AnyEncodable([["memberID": AnyEncodable(away.id!), "category": AnyEncodable("farmer")]])])
            #expect(fixing.status == .notFound, "the amount is fixed at home")
        }
    }
}
