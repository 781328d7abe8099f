import DangjianCore
import DangjianDocuments
import Fluent
import Foundation
import Testing
import VaporTesting
@testable import DangjianApp

/// What a role without the reveal permission (a branch committee member) sees and can find out about ID numbers.
@Suite("Masking that hides")
struct MaskingTests {
    static let branch = "柳河镇东岗村党支部"

    /// A branch committee member of 东岗村: may read and edit the branch's members, may not reveal their numbers.
    static func committeeMember(_ world: TestWorld) async throws -> String {
        let hash = try world.app.password.hash(TestWorld.password)
        let account = AccountModel(username: "committee-member", displayName: "支部委员", passwordHash: hash, memberID: nil)
        try await account.create(on: world.app.db)
        try await GrantModel(accountID: account.id!, role: .branchCommitteeMember, organizationID: try await world.organizationID(branch),
                             grantedBy: nil).create(on: world.app.db)
        return try await world.token("committee-member")
    }

    @Test("lists, records and exports show the birth year and month and the narrower mask; the reveal permission shows the date")
    func shown() async throws {
        try await withWorld { world in
            let token = try await Self.committeeMember(world)
            let member = try await world.member(in: Self.branch)
            let page = try await world.send(.GET, "/api/v1/members?limit=200", token: token).content.decode(MemberPage.self)
            let row = try #require(page.items.first { $0.id == member.id })
            #expect(row.birthDate == Masking.birthMonth(member.birthDate))
            #expect(row.idNumber.map { $0.hasSuffix(String(repeating: "*", count: 14)) } == true)
            let detail = try await world.send(.GET, "/api/v1/members/\(member.id!)", token: token).content.decode(MemberDetail.self)
            #expect(detail.birthDate == Masking.birthMonth(member.birthDate))
            let secretary = try await world.token("branch-secretary")
            let full = try await world.send(.GET, "/api/v1/members/\(member.id!)", token: secretary).content.decode(MemberDetail.self)
            #expect(full.birthDate == member.birthDate.description)

            let export = try await world.send(.GET, "/api/v1/members/export?format=csv&org=\(member.organizationID)", token: token)
            #expect(export.status == .ok)
            let text = export.body.string
            #expect(text.contains("出生年月") && !text.contains(member.birthDate.description))
        }
    }

    @Test("a birth date typed without a new ID number tells nothing and changes nothing")
    func birthDateOracle() async throws {
        try await withWorld { world in
            let token = try await Self.committeeMember(world)
            let member = try await world.member(in: Self.branch)
            for guess in ["1900-01-01", member.birthDate.description] {
                let response = try await world.send(.PATCH, "/api/v1/members/\(member.id!)", token: token, json: ["birthDate": guess])
                #expect(response.status == .ok, "\(response.body.string)")
                #expect(!response.body.string.contains(member.birthDate.description))
            }
            let stored = try #require(try await MemberModel.find(member.id, on: world.app.db))
            #expect(stored.birthDate == member.birthDate)
            let form = try await world.browserLogin("committee-member").get("/members/\(member.id!)/edit")
            #expect(form.status == .ok && !form.body.string.contains(member.birthDate.description))
        }
    }

    @Test("whole-number searches are counted (20 an hour) and audited one by one; ID tails are not searched")
    func searches() async throws {
        try await withWorld { world in
            // The count is kept by clock hour: start at the top of one, so that the 21 searches cannot straddle two.
            AbuseLimitTests.startWindow(world, seconds: 3600)
            let token = try await Self.committeeMember(world)
            let member = try await world.member(in: Self.branch)
            let number = try #require(world.county.members.first { $0.name == member.name && $0.birthDate == member.birthDate }?.idNumber)
            let found = try await world.send(.GET, "/api/v1/members?q=\(number)", token: token)
            #expect(found.status == .ok)
            let tail = try await world.send(.GET, "/api/v1/members?q=\(number.suffix(4))&limit=200", token: token).content.decode(MemberPage.self)
            let byTail = try await MemberModel.query(on: world.app.db).filter(\.$idTail == String(number.suffix(4))).all()
            #expect(!byTail.isEmpty)
            #expect(!tail.items.contains { item in byTail.contains { $0.id == item.id && $0.phoneTail != String(number.suffix(4)) } },
                    "an ID tail finds no one without the reveal permission")
            for _ in 2...20 { #expect(try await world.send(.GET, "/api/v1/members?q=\(number)", token: token).status == .ok) }
            let refused = try await world.send(.GET, "/api/v1/members?q=\(number)", token: token)
            #expect(refused.status == .tooManyRequests && refused.headers.first(name: "Retry-After") != nil)
            #expect(try await world.auditEntries(action: "member.search").count == 20)
            let secretary = try await world.token("branch-secretary")
            for _ in 1...25 { #expect(try await world.send(.GET, "/api/v1/members?q=\(number)", token: secretary).status == .ok) }
        }
    }
}
