import DangjianCore
import Fluent
import Foundation
import SQLKit
import Testing
import VaporTesting
@testable import DangjianApp

/// 监督举报: anyone may report, possibly anonymously; the 纪检 role alone handles reports and, giving a reason, reads a
/// real-name reporter's identity; the identity appears nowhere else.
@Suite("Supervision reports")
struct SupervisionTests {
    struct Submitted: Decodable { let trackingCode: String; let anonymous: Bool }
    struct Summary: Decodable { let id: Int; let anonymous: Bool }
    struct View: Decodable {
        let id: Int
        let state: String
        let reporter: Reporter?
        struct Reporter: Decodable { let name: String?; let phone: String?; let accountID: Int? }
    }
    struct Tracked: Decodable { let stateLabel: String; let answer: String? }

    /// An account holding the 纪检委员 role over the town.
    static func inspector(_ world: TestWorld) async throws -> String {
        let account = AccountModel(username: "town-inspector", displayName: "纪检委员", passwordHash: try Bcrypt.hash(TestWorld.password, cost: 4), memberID: nil)
        try await account.create(on: world.app.db)
        try await GrantModel(accountID: try account.requireID(), role: .disciplineInspector,
                             organizationID: try await world.organizationID(ParticipationTests.town), grantedBy: nil).create(on: world.app.db)
        return try await world.token("town-inspector")
    }

    @Test("an anonymous report carries nobody: not in its row, its audit entry, the inspector's pages, nor the lookup by code")
    func anonymous() async throws {
        try await withWorld { world in
            let village = try await world.organizationID(ParticipationTests.village)
            // A member sends it signed in but anonymous: the account is not recorded anywhere.
            let member = try await world.token("member")
            let memberName = try #require(try await AccountModel.query(on: world.app.db).filter(\.$username == "member").first()).displayName
            let sent = try await world.send(.POST, "/api/v1/public/reports", token: member,
                                            json: SupervisionWork.Input(organizationID: village, subject: "member", subjectName: "张某",
                                                                       text: "村务监督委员会成员张某收受工程老板的好处", anonymous: "1"))
            #expect(sent.status == .created, "\(sent.body.string)")
            let code = try sent.content.decode(Submitted.self).trackingCode
            let row = try #require(try await SupervisionReportModel.query(on: world.app.db).first())
            #expect(row.anonymous && row.reporterCipher == nil)
            let entry = try #require(try await world.auditEntries(action: "report.submit").last)
            #expect(entry.actorID == nil && entry.actorName == "匿名举报人" && entry.clientAddress == "-")
            let inspector = try await Self.inspector(world)
            let list = try await world.send(.GET, "/api/v1/supervision", token: inspector)
            let id = try #require(try list.content.decode([Summary].self).first).id
            let detail = try await world.send(.GET, "/api/v1/supervision/\(id)", token: inspector)
            #expect(!detail.body.string.contains(memberName) && !list.body.string.contains(memberName))
            let reveal = try await world.send(.POST, "/api/v1/supervision/\(id)/reveal", token: inspector, json: ["reason": "核实线索"])
            #expect(reveal.status == .unprocessableEntity && reveal.body.string.contains("匿名举报"))
            // The reporter follows it by the code alone; what they are told comes from the inspector.
            let before = try await world.send(.GET, "/api/v1/public/track?code=\(code)").content.decode(Tracked.self)
            #expect(before.stateLabel == "已收到，待核查")
            _ = try await world.send(.POST, "/api/v1/supervision/\(id)/step", token: inspector, json: ["state": "checking", "note": "已成立核查组"])
            let concluded = try await world.send(.POST, "/api/v1/supervision/\(id)/step", token: inspector,
                                                 json: ["state": "concluded", "note": "经核查问题属实，已作出处理"])
            #expect(try concluded.content.decode(View.self).state == "concluded")
            let after = try await world.send(.GET, "/api/v1/public/track?code=\(code)").content.decode(Tracked.self)
            #expect(after.stateLabel == "已办结" && after.answer == "经核查问题属实，已作出处理")
            let again = try await world.send(.POST, "/api/v1/supervision/\(id)/step", token: inspector, json: ["state": "checking", "note": "再查一次"])
            #expect(again.status == .unprocessableEntity && again.body.string.contains("已办结"))
            let tracked = try await world.app.testing().sendRequest(.GET, "/track?code=\(code)")
            #expect(!tracked.body.string.contains("收受工程老板") && !tracked.body.string.contains(memberName))
        }
    }

    @Test("a real-name report: the identity sealed, shown only to the inspector after a reason, audited without the identity; nobody else handles reports")
    func realName() async throws {
        try await withWorld { world in
            let village = try await world.organizationID(ParticipationTests.village)
            let sent = try await world.send(.POST, "/api/v1/public/reports",
                                            json: SupervisionWork.Input(organizationID: village, subject: "organization", text: "东岗村党支部三务公开长期不更新，群众意见很大",
                                                                       name: "钱多多", phone: "13612345678"))
            #expect(sent.status == .created, "\(sent.body.string)")
            let row = try #require(try await SupervisionReportModel.query(on: world.app.db).first())
            #expect(row.reporterCipher?.contains("钱多多") == false && row.reporterCipher?.contains("13612345678") == false)
            let inspector = try await Self.inspector(world)
            let id = try #require(row.id)
            let page = try await world.browserLogin("town-inspector").get("/supervision/\(id)")
            #expect(page.status == .ok && !page.body.string.contains("钱多多") && page.body.string.contains("查看举报人身份"))
            let noReason = try await world.send(.POST, "/api/v1/supervision/\(id)/reveal", token: inspector, json: ["reason": ""])
            #expect(noReason.status == .unprocessableEntity)
            let revealed = try await world.send(.POST, "/api/v1/supervision/\(id)/reveal", token: inspector, json: ["reason": "需要当面核实情况"])
            let reporter = try #require(try revealed.content.decode(View.self).reporter)
            #expect(reporter.name == "钱多多" && reporter.phone == "13612345678")
            let audit = try await world.auditEntries(action: "report.reveal")
            #expect(audit.count == 1 && audit.first?.detail.contains("需要当面核实情况") == true)
            for entry in try await AuditEntryModel.query(on: world.app.db).all() {
                #expect(!entry.detail.contains("钱多多") && !entry.detail.contains("13612345678") && !entry.detail.contains("5678"))
            }
            // The secretaries and the county administrator do not handle reports: 403 for the role, 404 outside the scope.
            for user in ["branch-secretary", "town-secretary", "county-admin"] {
                #expect(try await world.send(.GET, "/api/v1/supervision/\(id)", token: try await world.token(user)).status == .forbidden)
            }
            let form = try await world.app.testing().sendRequest(.GET, "/reports/new?organizationID=\(village)")
            #expect(form.status == .ok && form.body.string.contains("匿名举报"))
            let noPlace = try await world.send(.POST, "/api/v1/public/reports", json: ["text": "没有写涉及哪个党组织的举报内容"])
            #expect(noPlace.status == .unprocessableEntity && noPlace.body.string.contains("公开页面"))
        }
    }
}
