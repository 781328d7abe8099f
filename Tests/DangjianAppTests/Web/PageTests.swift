import DangjianCore
import Fluent
import Testing
import VaporTesting
@testable import DangjianApp

/// The pages, as a browser sees them: every page a role may open renders in Chinese; forms with bad input come back
/// with the messages and what was typed; nothing answers 500.
@Suite("Pages")
struct PageTests {
    @Test("every page of each role renders, with the navigation its permissions allow", arguments: [
        ("county-admin", ["/", "/members", "/members/new", "/me", "/password"], ["/audit", "/accounts"]),
        ("branch-secretary", ["/", "/members", "/members?gender=female&ageBand=from41To50", "/members/new"], ["/audit", "/grants"]),
        ("member", ["/", "/me", "/password"], ["/members", "/organizations"]),
        ("sysadmin", ["/", "/accounts"], ["/members", "/audit", "/grants"]),
        ("secadmin", ["/", "/grants", "/security"], ["/members", "/audit", "/accounts"]),
        ("auditor", ["/", "/audit", "/audit/verify", "/audit?outcome=denied&from=2026-01-01"], ["/members", "/accounts"]),
    ])
    func pagesRender(_ user: String, _ allowed: [String], _ refused: [String]) async throws {
        try await withWorld { world in
            let session = try await world.browserLogin(user)
            for path in allowed {
                let response = try await session.get(path)
                #expect(response.status == .ok, "\(user) \(path): \(response.status)")
                let html = response.body.string
                #expect(html.contains("<meta charset=\"utf-8\">") && html.contains("智慧党建平台"), "\(user) \(path)")
            }
            for path in refused {
                let response = try await session.get(path)
                #expect(response.status == .forbidden, "\(user) \(path): \(response.status)")
                #expect(response.body.string.contains("没有权限"))
            }
        }
    }

    @Test("an organization's pages render for its secretary: detail, chart, forms")
    func organizationPages() async throws {
        try await withWorld { world in
            let session = try await world.browserLogin("town-secretary")
            let town = try await world.organizationID("柳河镇党委")
            let branch = try await world.organizationID("柳河镇东岗村党支部")
            for path in ["/organizations/\(town)", "/organizations/\(town)/chart", "/organizations/\(town)/new",
                         "/organizations/\(branch)/edit", "/organizations/\(branch)/move", "/members?org=\(branch)"] {
                let response = try await session.get(path)
                #expect(response.status == .ok, "\(path): \(response.status)")
            }
            let top = try await session.get("/organizations")
            #expect(top.status == .seeOther && top.headers.first(name: .location) == "/organizations/\(town)")
            let chart = try await session.get("/organizations/\(town)/chart")
            #expect(chart.body.string.contains("<svg") && chart.body.string.contains("柳河镇东岗村党支部"))
            let outside = try await world.organizationID("石桥镇党委")
            #expect(try await session.get("/organizations/\(outside)").status == .notFound)
        }
    }

    @Test("a member form with bad input comes back with Chinese messages and keeps what was typed")
    func formKeepsInput() async throws {
        try await withWorld { world in
            let session = try await world.browserLogin("branch-secretary")
            let branch = try await world.organizationID("柳河镇东岗村党支部")
            let before = try await MemberModel.query(on: world.app.db).count()
            let response = try await session.post("/members", ["organizationID": "\(branch)", "name": "周晓燕", "idNumber": "41990119850314",
                                                               "membership": "正式党员", "joinedOn": "2010-07-01", "job": "村卫生室医生"])
            #expect(response.status == .unprocessableEntity)
            let html = response.body.string
            #expect(html.contains("公民身份号码应为 18 位"))
            #expect(html.contains("value=\"周晓燕\"") && html.contains("value=\"村卫生室医生\""))
            #expect(try await MemberModel.query(on: world.app.db).count() == before)
        }
    }

    @Test("the member page shows numbers masked; the reveal form asks for a reason and then shows them once")
    func revealPage() async throws {
        try await withWorld { world in
            let session = try await world.browserLogin("branch-secretary")
            let member = try await world.member(in: "柳河镇东岗村党支部")
            let demo = try #require(world.county.members.first { $0.name == member.name && $0.birthDate == member.birthDate })
            let page = try await session.get("/members/\(member.id!)")
            #expect(page.body.string.contains(Masking.residentID(demo.idNumber)))
            #expect(!page.body.string.contains(demo.idNumber))
            let noReason = try await session.post("/members/\(member.id!)/reveal", ["reason": "看"])
            #expect(noReason.status == .unprocessableEntity)
            #expect(noReason.body.string.contains("请写明查看完整号码的事由"))
            let revealed = try await session.post("/members/\(member.id!)/reveal", ["reason": "办理组织关系转接"])
            #expect(revealed.status == .ok)
            #expect(revealed.body.string.contains(demo.idNumber))
        }
    }

    @Test("creating, moving and keeping a committee through the organization forms")
    func organizationForms() async throws {
        try await withWorld { world in
            let session = try await world.browserLogin("town-secretary")
            let town = try await world.organizationID("柳河镇党委")
            let created = try await session.post("/organizations/\(town)/children", ["name": "柳河镇流动党员党支部", "kind": "branch", "sector": "other"])
            #expect(created.status == .seeOther)
            let id = try await world.organizationID("柳河镇流动党员党支部")
            let bad = try await session.post("/organizations/\(town)/children", ["name": "", "kind": "", "sector": ""])
            #expect(bad.status == .unprocessableEntity)
            #expect(bad.body.string.contains("请填写党组织名称"))
            let term = try await session.post("/organizations/\(id)/terms", ["electedOn": "2026-01-10", "years": "3"])
            #expect(term.status == .seeOther)
            let badTerm = try await session.post("/organizations/\(id)/terms", ["electedOn": "明年", "years": "9"])
            #expect(badTerm.status == .unprocessableEntity)
            #expect(badTerm.body.string.contains("选举日期格式应为") && badTerm.body.string.contains("任期应为 1–5 年"))
            let branch = try await world.organizationID("柳河镇东岗村党支部")
            let moved = try await session.post("/organizations/\(id)/move", ["parentID": "\(branch)"])
            #expect(moved.status == .unprocessableEntity)
            #expect(moved.body.string.contains("党支部下不能设立党支部"))
        }
    }
}
