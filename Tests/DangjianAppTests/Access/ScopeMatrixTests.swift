import DangjianCore
import Fluent
import Testing
import VaporTesting
@testable import DangjianApp

/// Each role × (own subtree, parent, sibling, unrelated organization) × (read, write): inside the scope the call
/// succeeds; outside it answers 404 exactly as a missing record; without the permission at all it answers 403.
@Suite("Scope matrix")
struct ScopeMatrixTests {
    enum Expect: String { case allowed, notFound, forbidden }

    struct Case: Sendable, CustomStringConvertible {
        let user: String
        let place: String
        let read: Expect
        let write: Expect
        var description: String { "\(user) @ \(place)" }
    }

    static let own = "柳河镇东岗村党支部", parent = "柳河镇党委", sibling = "柳河镇西岗村党支部", unrelated = "石桥镇党委"

    static let cases: [Case] = [
        // The organization department administrator holds the whole county.
        Case(user: "county-admin", place: own, read: .allowed, write: .allowed),
        Case(user: "county-admin", place: unrelated, read: .allowed, write: .allowed),
        // The town secretary holds 柳河镇党委 and everything under it.
        Case(user: "town-secretary", place: own, read: .allowed, write: .allowed),
        Case(user: "town-secretary", place: parent, read: .allowed, write: .allowed),
        Case(user: "town-secretary", place: sibling, read: .allowed, write: .allowed),
        Case(user: "town-secretary", place: unrelated, read: .notFound, write: .notFound),
        Case(user: "town-secretary", place: "县委组织部机关党支部", read: .notFound, write: .notFound),
        // The branch secretary holds the 东岗村 branch only.
        Case(user: "branch-secretary", place: own, read: .allowed, write: .allowed),
        Case(user: "branch-secretary", place: parent, read: .notFound, write: .notFound),
        Case(user: "branch-secretary", place: sibling, read: .notFound, write: .notFound),
        Case(user: "branch-secretary", place: unrelated, read: .notFound, write: .notFound),
        // A member reads only their own record; the 三员 read no member data at all.
        Case(user: "member", place: own, read: .forbidden, write: .forbidden),
        Case(user: "sysadmin", place: own, read: .forbidden, write: .forbidden),
        Case(user: "secadmin", place: own, read: .forbidden, write: .forbidden),
        Case(user: "auditor", place: own, read: .forbidden, write: .forbidden),
    ]

    static func status(_ expect: Expect) -> HTTPStatus {
        switch expect {
        case .allowed: .ok
        case .notFound: .notFound
        case .forbidden: .forbidden
        }
    }

    @Test("member records", arguments: cases)
    func members(_ c: Case) async throws {
        try await withWorld { world in
            let token = try await world.token(c.user)
            let member = try await world.member(in: c.place)
            let read = try await world.send(.GET, "/api/v1/members/\(member.id!)", token: token)
            #expect(read.status == Self.status(c.read), "read: \(read.body.string)")
            let write = try await world.send(.PATCH, "/api/v1/members/\(member.id!)", token: token, json: ["job": "村民小组长"])
            #expect(write.status == Self.status(c.write), "write: \(write.body.string)")
            let stored = try await MemberModel.find(member.id, on: world.app.db)
            #expect((stored?.job == "村民小组长") == (c.write == .allowed))
        }
    }

    @Test("organizations", arguments: cases)
    func organizations(_ c: Case) async throws {
        try await withWorld { world in
            let token = try await world.token(c.user)
            let id = try await world.organizationID(c.place)
            let read = try await world.send(.GET, "/api/v1/organizations/\(id)", token: token)
            let expectedRead: Expect = c.user == "secadmin" ? .notFound : c.read
            #expect(read.status == Self.status(expectedRead), "read: \(read.body.string)")
            let write = try await world.send(.POST, "/api/v1/organizations/\(id)/terms", token: token,
                                             json: ["electedOn": "2026-06-01", "years": "3"])
            #expect(write.status == Self.status(c.write), "write: \(write.body.string)")
        }
    }

    @Test("out of scope looks exactly like missing, and the attempt is audited")
    func outOfScopeIsIndistinguishable() async throws {
        try await withWorld { world in
            let token = try await world.token("branch-secretary")
            let sibling = try await world.member(in: Self.sibling)
            let hidden = try await world.send(.GET, "/api/v1/members/\(sibling.id!)", token: token)
            let missing = try await world.send(.GET, "/api/v1/members/999999", token: token)
            #expect(hidden.status == .notFound && missing.status == .notFound)
            struct Body: Decodable { struct E: Decodable { let status: Int; let message: String }; let error: E }
            #expect(try hidden.content.decode(Body.self).error.message == missing.content.decode(Body.self).error.message)
            let denied = try await AuditEntryModel.query(on: world.app.db).filter(\.$outcome == .denied)
                .filter(\.$targetType == "member").filter(\.$targetID == "\(sibling.id!)").all()
            #expect(denied.count == 1)
        }
    }

    @Test("the list query and the detail check agree: every listed member opens, nothing outside is listed")
    func listAndDetailAgree() async throws {
        try await withWorld { world in
            let token = try await world.token("town-secretary")
            let page = try await world.send(.GET, "/api/v1/members?limit=200&status=all", token: token).content.decode(MemberPage.self)
            let town = try await world.organization(Self.parent)
            let inScope = try await MemberModel.query(on: world.app.db).all().filter { OrgPath($0.path).map(town.orgPath.contains) ?? false }
            #expect(Set(page.items.map(\.id)) == Set(inScope.map { $0.id! }))
            for item in page.items.prefix(10) {
                #expect(try await world.send(.GET, "/api/v1/members/\(item.id)", token: token).status == .ok)
            }
        }
    }
}
