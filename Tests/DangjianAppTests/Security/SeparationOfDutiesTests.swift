import DangjianCore
import Fluent
import Foundation
import Testing
import VaporTesting
@testable import DangjianApp

/// "The level above" is a real higher organization, nobody decides on their own benefit, and late records say why.
@Suite("Separation of duties that cannot be walked around")
struct SeparationOfDutiesTests {
    static let branch = "柳河镇东岗村党支部"

    /// The branch secretary files `member` in a new 党小组 of the branch: a cell the secretary made, not a level above.
    static func intoNewGroup(_ world: TestWorld, _ member: MemberModel, token: String) async throws {
        let branchID = try await world.organizationID(branch)
        let created = try await world.send(.POST, "/api/v1/organizations", token: token,
                                           json: ["parentID": "\(branchID)", "name": "东岗村第九党小组", "kind": "group", "sector": "village"])
        #expect(created.status == .created, "\(created.body.string)")
        let group = try created.content.decode(OrganizationSummary.self)
        let moved = try await world.send(.POST, "/api/v1/members/\(member.id!)/transfer", token: token, json: ["organizationID": "\(group.id)"])
        #expect(moved.status == .ok, "\(moved.body.string)")
    }

    @Test("a hardship reduction of a member filed in a 党小组 the secretary created is still approved only above the branch")
    func reductionAboveGroup() async throws {
        try await withWorld { world in
            let secretary = try await world.token("branch-secretary")
            let member = try await world.accountMember("member")
            try await Self.intoNewGroup(world, member, token: secretary)
            let from = world.thisMonth.adding(months: 1)
            let applied = try await world.send(.POST, "/api/v1/dues/reductions", token: world.token("member"),
                                               json: ["from": from.description, "through": from.description, "monthly": "0", "reason": "家人重病住院，收入中断"])
            let view = try applied.content.decode(DuesReductions.View.self)
            #expect(try await world.send(.POST, "/api/v1/dues/reductions/\(view.id)/branch", token: secretary,
                                         json: ["decision": "agree", "note": "支委会研究同意"]).status == .ok)
            let approve = try await world.send(.POST, "/api/v1/dues/reductions/\(view.id)/approve", token: secretary,
                                               json: ["decision": "approve", "note": "同意"])
            #expect(approve.status == .forbidden, "the group's parent is the secretary's own branch: not a level above")
            #expect(try await world.auditEntries(action: "dues.reduction-approve").contains { $0.outcome == .denied })
            let town = try await world.send(.POST, "/api/v1/dues/reductions/\(view.id)/approve", token: world.token("town-secretary"),
                                            json: ["decision": "approve", "note": "镇党委批准"])
            #expect(town.status == .ok)
            let row = try #require(try await DuesReductionModel.find(view.id, on: world.app.db))
            #expect(row.higherOrganizationID == (try await world.organizationID("柳河镇党委")))
        }
    }

    @Test("nobody decides on a reduction they filed or that is their own")
    func ownBenefit() async throws {
        try await withWorld { world in
            let town = try await world.token("town-secretary")
            let member = try await world.accountMember("member2")
            let from = world.thisMonth.adding(months: 1)
            let filed = try await world.send(.POST, "/api/v1/dues/reductions", token: town,
                                             json: ["memberID": AnyEncodable(member.id!), "from": AnyEncodable(from.description),
                                                    "through": AnyEncodable(from.description), "monthly": AnyEncodable("0"),
                                                    "reason": AnyEncodable("家中遭灾，生活困难")])
            #expect(filed.status == .created, "\(filed.body.string)")
            let view = try filed.content.decode(DuesReductions.View.self)
            #expect(try await world.send(.POST, "/api/v1/dues/reductions/\(view.id)/branch", token: world.token("branch-secretary"),
                                         json: ["decision": "agree", "note": "支委会研究同意"]).status == .ok)
            let byFiler = try await world.send(.POST, "/api/v1/dues/reductions/\(view.id)/approve", token: town,
                                               json: ["decision": "approve", "note": "同意"])
            #expect(byFiler.status == .forbidden && byFiler.body.string.contains("其他负责人"))

            // The branch secretary is a member too: their own application goes to someone else.
            let secretaryToken = try await world.token("branch-secretary")
            let own = try await world.send(.POST, "/api/v1/dues/reductions", token: secretaryToken,
                                           json: ["from": from.description, "through": from.description, "monthly": "0", "reason": "本人重病住院，收入中断"])
            #expect(own.status == .created, "\(own.body.string)")
            let mine = try own.content.decode(DuesReductions.View.self)
            #expect(!mine.canBranchDecide)
            #expect(try await world.send(.POST, "/api/v1/dues/reductions/\(mine.id)/branch", token: secretaryToken,
                                         json: ["decision": "agree", "note": "同意"]).status == .forbidden)
        }
    }

    @Test("a 温暖工程 grant from the branch's own fund is approved above the branch, never by the branch or the beneficiary")
    func warmthAboveBranch() async throws {
        try await withWorld { world in
            let secretary = try await world.token("branch-secretary")
            let branchID = try await world.organizationID(Self.branch)
            let received = try await world.send(.POST, "/api/v1/funds/warmth/donations", token: secretary,
                                                json: ["organizationID": AnyEncodable(branchID), "source": AnyEncodable("memberDonation"),
                                                       "donor": AnyEncodable("党员捐款"), "amount": AnyEncodable("800")])
            #expect(received.status == .created, "\(received.body.string)")
            let applied = try await world.send(.POST, "/api/v1/funds/warmth/grants", token: world.token("member"),
                                               json: ["organizationID": AnyEncodable(branchID), "amount": AnyEncodable("300"),
                                                      "reason": AnyEncodable("房屋因暴雨受损，生活困难")])
            #expect(applied.status == .created, "\(applied.body.string)")
            let grant = try applied.content.decode(WarmthWork.Entry.self)
            let byBranch = try await world.send(.POST, "/api/v1/funds/warmth/grants/\(grant.id)/decision", token: secretary,
                                                json: ["decision": "approve", "note": "同意"])
            #expect(byBranch.status == .forbidden)
            let byTown = try await world.send(.POST, "/api/v1/funds/warmth/grants/\(grant.id)/decision", token: world.token("town-secretary"),
                                              json: ["decision": "approve", "note": "镇党委同意从支部温暖基金中补助"])
            #expect(byTown.status == .ok, "\(byTown.body.string)")
        }
    }

    @Test("a payment made more than 30 days ago is recorded only with the reason, which the ledger shows")
    func latePayment() async throws {
        try await withWorld { world in
            let secretary = try await world.token("branch-secretary")
            let member = try await world.accountMember("member")
            try await world.clearPayments(member)
            let paidOn = world.today.adding(days: -40)
            let month = DuesMonth(paidOn).description
            let body: [String: AnyEncodable] = ["months": AnyEncodable([month]), "paidOn": AnyEncodable(paidOn.description), "method": AnyEncodable("cash")]
            let refused = try await world.send(.POST, "/api/v1/dues/members/\(member.id!)/payments", token: secretary, json: body)
            #expect(refused.status == .unprocessableEntity && refused.body.string.contains("\"field\":\"lateReason\""), "\(refused.body.string)")
            var explained = body
            explained["lateReason"] = AnyEncodable("收据夹在会议记录中，今日补登")
            explained["approval"] = AnyEncodable("支委会同意补登")
            let recorded = try await world.send(.POST, "/api/v1/dues/members/\(member.id!)/payments", token: secretary, json: explained)
            #expect(recorded.status == .created, "\(recorded.body.string)")
            let ledger = try await world.send(.GET, "/api/v1/dues/members/\(member.id!)?year=\(paidOn.year)", token: secretary)
                .content.decode(DuesViews.MemberLedger.self)
            #expect(ledger.lines.first { $0.month.description == month }?.lateReason == "收据夹在会议记录中，今日补登")
            #expect(try await world.auditEntries(action: "dues.pay").last?.detail.contains("补录") == true)
        }
    }

    @Test("the 上级党委's approvals are to-dos for the committee's secretary, not for the branch that cannot record them")
    func approvalToDos() async throws {
        try await withWorld { world in
            let kinds = DevelopmentToDos.forTheCommitteeAbove
            let town = try await world.send(.GET, "/api/v1/todos", token: world.token("town-secretary")).content.decode([ToDoService.Item].self)
            let branchID = try await world.organizationID(Self.branch)
            var inBranch = false
            for item in town where kinds.contains(item.kind) {
                let caseID = Int(item.link.split(separator: "/").last ?? "")
                inBranch = try await DevelopmentCaseModel.find(caseID, on: world.app.db)?.organizationID == branchID || inBranch
            }
            #expect(inBranch, "the demo has a case of 东岗村 waiting for the town's approval")
            let branch = try await world.send(.GET, "/api/v1/todos", token: world.token("branch-secretary")).content.decode([ToDoService.Item].self)
            #expect(!branch.contains { kinds.contains($0.kind) })
            #expect(branch.contains { $0.kind.hasPrefix("development.") }, "the branch keeps its own development to-dos")
        }
    }
}
