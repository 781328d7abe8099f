import DangjianCore
import Foundation
import Testing
import VaporTesting
@testable import DangjianApp

/// People are sent only where they may go: every link on the pages a role reaches opens for that role, and a login
/// that was asked to continue to a page the account may not open lands on its home page instead.
@Suite("Links lead where the account may go")
struct LinkTests {
    /// Pages that answer with a file or leave the session: followed by their own tests.
    static let skipped = ["/logout", "/static/", "/api/"]

    @Test("following every link from the home page never meets a refusal, a missing page or an error",
          arguments: ["member", "branch-secretary", "town-secretary", "county-admin", "secadmin", "sysadmin", "auditor"])
    func everyLinkOpens(_ user: String) async throws {
        try await withWorld { world in
            let session = try await world.browserLogin(user)
            var queue = ["/"]
            var seenShapes: Set<String> = []
            var opened = 0
            while !queue.isEmpty, opened < 150 {
                let path = queue.removeFirst()
                let response = try await session.get(path)
                opened += 1
                #expect([.ok, .seeOther].contains(response.status), "\(user) \(path): \(response.status)")
                guard response.status == .ok, response.headers.contentType?.subType == "html" else { continue }
                for link in Self.links(in: response.body.string) where !Self.skipped.contains(where: link.hasPrefix) {
                    let shape = Self.shape(of: link)
                    if seenShapes.insert(shape).inserted { queue.append(link) }
                }
            }
            #expect(opened > 1, "\(user) found no links")
        }
    }

    @Test("a login continues to the page asked for only when the account may open it", arguments: [
        ("member", "/members", "/"),
        ("member", "/me", "/me"),
        ("member", "/organizations/1", "/"),
        ("branch-secretary", "/members?gender=female", "/members?gender=female"),
        ("secadmin", "/audit", "/"),
        ("auditor", "/audit", "/audit"),
        ("county-admin", "/no/such/page", "/"),
    ])
    func loginLanding(_ user: String, _ next: String, _ landing: String) async throws {
        try await withWorld { world in
            let form = try await world.app.testing().sendRequest(.GET, "/login?next=\(next)")
            let token = try #require(form.headers.setCookie?[SessionCookie.loginCSRF]?.string)
            let code = try await world.otp(user) ?? ""
            let response = try await world.app.testing().sendRequest(.POST, "/login", headers: ["Cookie": "\(SessionCookie.loginCSRF)=\(token)"]) {
                try $0.content.encode(["username": user, "password": TestWorld.password, "otp": code, "_csrf": token, "next": next],
                                      as: .urlEncodedForm)
            }
            #expect(response.status == .seeOther)
            #expect(response.headers.first(name: .location) == landing, "\(user) next=\(next)")
        }
    }

    /// Same-site links of a page (`href="/…"`), with HTML entities decoded.
    static func links(in html: String) -> [String] {
        html.components(separatedBy: "href=\"").dropFirst().compactMap { part in
            guard let end = part.firstIndex(of: "\"") else { return nil }
            let link = String(part[..<end]).replacingOccurrences(of: "&amp;", with: "&")
            guard link.hasPrefix("/"), !link.hasPrefix("//") else { return nil }
            return link.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init)
        }
    }

    /// A link with its numbers and query values blanked: one page of each kind is opened.
    static func shape(of link: String) -> String {
        let parts = link.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)
        let path = String(parts[0]).replacingOccurrences(of: "[0-9]+", with: "N", options: .regularExpression)
        let keys = parts.count > 1 ? parts[1].split(separator: "&").map { $0.split(separator: "=").first.map(String.init) ?? "" }.sorted() : []
        return path + "?" + keys.joined(separator: "&")
    }
}
