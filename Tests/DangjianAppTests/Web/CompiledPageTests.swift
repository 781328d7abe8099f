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
