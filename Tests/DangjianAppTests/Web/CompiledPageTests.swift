import DangjianCore
import Fluent
import Testing
import VaporTesting
@testable import DangjianApp

/// The pages written in Swift (`DangjianHTML`): what people typed is shown as text, never as markup.
@Suite("Compiled pages")
struct CompiledPageTests {
    static let hostile = [#"<script>alert("党")</script>"#, #"" autofocus onfocus="alert(1)"#, "东岗村 & 西岗村 'A'", "</td></tr></table><b>粗</b>"]

    @Test("hostile text in a member's record and in the search box is escaped on the member pages")
    func escaping() async throws {
        try await withWorld { world in
            let token = try await world.token("branch-secretary")
            let member = try await world.member(in: "柳河镇东岗村党支部")
            let session = try await world.browserLogin("branch-secretary")
            for text in Self.hostile {
                let saved = try await world.send(.PATCH, "/api/v1/members/\(member.id!)", token: token, json: ["job": text, "address": text])
                #expect(saved.status == .ok, "\(saved.body.string)")
                let page = try await session.get("/members/\(member.id!)").body.string
                #expect(page.contains("<dd>\(Self.escaped(text))</dd>"), "\(text)")
                // Quotes are text between tags; only < > & would make markup there.
                if text.contains(where: { "<>&".contains($0) }) { #expect(!page.contains(text), "\(text)") }
                let query = text.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
                let list = try await session.get("/members?q=\(query)")
                #expect(list.status == .ok)
                #expect(list.body.string.contains(#"name="q" value="\#(Self.escaped(text, attribute: true))""#), "\(text)")
                #expect(!list.body.string.contains(text), "\(text)")
            }
        }
    }

    @Test("hostile text typed into forms comes back escaped: a refused organization name, a resident unit, a failed login")
    func formsEscape() async throws {
        try await withWorld { world in
            let session = try await world.browserLogin("county-admin")
            let community = try await world.organizationID("幸福社区党总支")
            for text in Self.hostile {
                // Refused (organization names take no symbols): the form comes back with what was typed, as text.
                let refused = try await session.post("/organizations/\(community)/children", ["name": text, "kind": "branch", "sector": "community"])
                #expect(refused.status == .unprocessableEntity)
                #expect(refused.body.string.contains(#"name="name" value="\#(Self.escaped(text, attribute: true))""#), "\(text)")
                #expect(!refused.body.string.contains(text) || !text.contains(where: { "<>&\"'".contains($0) }), "\(text)")
                // Accepted (a resident unit's name is free text): shown on the organization page as text.
                let unit = String(text.prefix(60))
                let added = try await session.post("/organizations/\(community)/units", ["name": unit, "unitType": "企业", "joinedOn": "2026-01-05"])
                #expect(added.status == .seeOther, "\(added.body.string)")
                let page = try await session.get("/organizations/\(community)").body.string
                #expect(page.contains("<td>\(Self.escaped(unit))</td>"), "\(text)")
                if unit.contains(where: { "<>&".contains($0) }) { #expect(!page.contains(unit), "\(text)") }
            }
            // A failed login shows the typed user name again, escaped.
            let login = try await world.app.testing().sendRequest(.GET, "/login")
            let token = try #require(login.headers.setCookie?[SessionCookie.loginCSRF]?.string)
            let failed = try await world.app.testing().sendRequest(.POST, "/login", headers: ["Cookie": "\(SessionCookie.loginCSRF)=\(token)"]) { request in
                try request.content.encode(["username": Self.hostile[0], "password": "x", "_csrf": token], as: .urlEncodedForm)
            }
            #expect(failed.body.string.contains(#"name="username" value="\#(Self.escaped(Self.hostile[0], attribute: true))""#))
            #expect(!failed.body.string.contains(Self.hostile[0]))
        }
    }

    @Test("a meeting with hostile text in its topic is shown escaped on its page, the list, the board, the home page and the sign-in page")
    func meetingEscape() async throws {
        try await withWorld { world in
            let token = try await world.token("branch-secretary")
            let session = try await world.browserLogin("branch-secretary")
            for text in Self.hostile where text.contains("<") {
                let meeting = try await world.plannedThemeDay(token: token, topic: text)
                for path in ["/activities/\(meeting.summary.id)", "/activities", "/activities/\(meeting.summary.id)/edit"] {
                    let page = try await session.get(path)
                    #expect(page.status == .ok, "\(path)")
                    #expect(page.body.string.contains(Self.escaped(text)) || page.body.string.contains(Self.escaped(text, attribute: true)), "\(path) \(text)")
                    #expect(!page.body.string.contains(text), "\(path) \(text)")
                }
            }
        }
    }

    @Test("hostile text in a spending's payee and purpose, and in a refused dues form, is shown escaped on the dues pages")
    func duesEscape() async throws {
        try await withWorld { world in
            let token = try await world.token("town-secretary")
            let session = try await world.browserLogin("town-secretary")
            let town = try await world.organizationID("柳河镇党委")
            let budget = try await world.send(.POST, "/api/v1/funds/budgets", token: token,
                                              json: ["organizationID": AnyEncodable(town), "purpose": AnyEncodable("training"), "amount": AnyEncodable("5000")])
            #expect(budget.status == .ok)
            for text in Self.hostile where text.contains("<") {
                let spent = try await world.send(.POST, "/api/v1/funds/spendings", token: token, json: [
                    "organizationID": AnyEncodable(town), "purpose": AnyEncodable("training"), "amount": AnyEncodable("10"),
                    "payee": AnyEncodable(text), "description": AnyEncodable(text)])
                #expect(spent.status == .created, "\(spent.body.string)")
                let page = try await session.get("/funds?organization=\(town)").body.string
                #expect(page.contains("<td data-label=\"收款方\">\(Self.escaped(text))</td>"), "\(text)")
                #expect(!page.contains(text), "\(text)")
                // A refused remittance comes back with the typed note, escaped in its value.
                let refused = try await session.post("/dues/remittances", ["organizationID": "\(town)", "from": "2026-01", "through": "2026-01",
                                                                           "amount": "abc", "note": text])
                #expect(refused.status == .unprocessableEntity)
                #expect(refused.body.string.contains(#"name="note" value="\#(Self.escaped(text, attribute: true))""#), "\(text)")
                #expect(!refused.body.string.contains(text), "\(text)")
            }
        }
    }

    @Test("a 公示 whose body carries hostile text is shown escaped on its printable page and on the board")
    func noticeEscape() async throws {
        try await withWorld { world in
            let token = try await world.token("branch-secretary")
            let session = try await world.browserLogin("branch-secretary")
            let branch = try await world.organizationID("柳河镇东岗村党支部")
            let cases = try await DevelopmentCaseModel.query(on: world.app.db).filter(\.$organizationID == branch).all()
            let due = try #require(cases.first { DevelopmentNotices.step(for: $0.development) != nil && !$0.closed && $0.development.nextStep != nil })
            let text = Self.hostile[0]
            let published = try await world.send(.POST, "/api/v1/development/\(due.id!)/notices", token: token,
                                                 json: ["startsOn": CalendarDate(Date()).description, "body": "公示：\(text)"])
            #expect(published.status == .created, "\(published.body.string)")
            let notice = try published.content.decode(NoticeView.self)
            #expect(notice.body.contains(text), "the body is stored as typed")
            let page = try await session.get("/notices/\(notice.id)").body.string
            #expect(page.contains(Self.escaped(text)))
            #expect(!page.contains(text))
            // A refused withdrawal (no reason) comes back with the same page, still escaped.
            let refused = try await session.post("/notices/\(notice.id)/withdraw", ["reason": ""])
            #expect(refused.status == .unprocessableEntity)
            #expect(!refused.body.string.contains(text))
        }
    }

    static func escaped(_ text: String, attribute: Bool = false) -> String {
        var out = text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
        if attribute { out = out.replacingOccurrences(of: "\"", with: "&quot;").replacingOccurrences(of: "'", with: "&#39;") }
        return out
    }

    @Test("the member list page shows the same rows, links and filters as the API")
    func listMatchesAPI() async throws {
        try await withWorld { world in
            let token = try await world.token("town-secretary")
            let session = try await world.browserLogin("town-secretary")
            let api = try await world.send(.GET, "/api/v1/members?gender=female&limit=50", token: token).content.decode(MemberPage.self)
            let page = try await session.get("/members?gender=female").body.string
            #expect(!api.items.isEmpty)
            for member in api.items {
                #expect(page.contains(#"<a href="/members/\#(member.id)">\#(member.name)</a>"#), "\(member.name)")
            }
            #expect(page.contains(#"<option value="female" selected>女</option>"#))
            #expect(page.contains(#"rel="next""#) == (api.next != nil))
            #expect(page.hasPrefix("<!doctype html>\n<html lang=\"zh-CN\">"))
            #expect(page.contains(#"<a href="/members" aria-current="page">党员</a>"#))
        }
    }
}
