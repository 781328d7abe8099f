import DangjianCore
import Fluent
import Testing
import VaporTesting
@testable import DangjianApp

/// Choosing a 班子成员: from a list where the organization's members are few, by name where they are many.
@Suite("Committee members chosen by list or by name")
struct CommitteeMemberTests {
    @Test("a branch's page lists its members to choose from; a county's asks for the name and finds the one member of that name")
    func byName() async throws {
        try await withWorld(adjusting: { $0.committeeListedUpTo = 50 }) { world in
            let root = try await world.organization("中共青禾县委员会")
            #expect(root.subtreeFull + root.subtreeProbationary > 50)
            let session = try await world.browserLogin("county-admin")
            let county = try await session.get("/organizations/\(root.id!)").body.string
            #expect(county.contains("name=\"memberName\"") && !county.contains("name=\"memberID\""))
            let village = try await world.organization("柳河镇东岗村党支部")
            let branch = try await session.get("/organizations/\(village.id!)").body.string
            #expect(branch.contains("name=\"memberID\"") && !branch.contains("name=\"memberName\""))

            let member = try await world.member(in: "柳河镇东岗村党支部")
            let token = try await world.token("county-admin")
            let added = try await world.send(.POST, "/api/v1/organizations/\(root.id!)/offices", token: token,
                                             json: ["memberName": " \(member.name) ", "office": "member", "since": "2026-01-05"])
            #expect(added.status == .ok, "\(added.body.string)")
            let offices = try await CommitteeOfficeModel.query(on: world.app.db).filter(\.$organizationID == root.id!).all()
            #expect(offices.contains { $0.memberID == member.id && $0.office == .member })

            let nobody = try await world.send(.POST, "/api/v1/organizations/\(root.id!)/offices", token: token,
                                              json: ["memberName": "查无此人", "office": "member", "since": "2026-01-05"])
            #expect(nobody.status == .unprocessableEntity && nobody.body.string.contains("没有叫“查无此人”的在册党员"))
        }
    }

    @Test("two members of the same name: the form says so and lists just those two to choose from")
    func sameName() async throws {
        try await withWorld(adjusting: { $0.committeeListedUpTo = 50 }) { world in
            let root = try await world.organization("中共青禾县委员会")
            let first = try await world.member(in: "柳河镇东岗村党支部")
            let second = try await world.member(in: "石桥镇党委")
            try await MemberModel.query(on: world.app.db).filter(\.$id == second.id!).set(\.$name, to: first.name).update()
            let token = try await world.token("county-admin")
            let refused = try await world.send(.POST, "/api/v1/organizations/\(root.id!)/offices", token: token,
                                               json: ["memberName": first.name, "office": "member", "since": "2026-01-05"])
            #expect(refused.status == .unprocessableEntity && refused.body.string.contains("有不止一名叫“\(first.name)”的在册党员"))

            let session = try await world.browserLogin("county-admin")
            let page = try await session.post("/organizations/\(root.id!)/offices", ["memberName": first.name, "office": "member", "since": "2026-01-05"])
            #expect(page.status == .unprocessableEntity)
            let html = page.body.string
            #expect(html.contains("name=\"memberID\"") && html.contains("value=\"\(first.id!)\"") && html.contains("value=\"\(second.id!)\""))
            #expect(html.components(separatedBy: "<option").count == 2 + 1 + CommitteeOffice.allCases.count + 1, "the blank, the two, the offices")
            let chosen = try await session.post("/organizations/\(root.id!)/offices", ["memberID": "\(second.id!)", "office": "member", "since": "2026-01-05"])
            #expect(chosen.status == .seeOther)
            #expect(try await CommitteeOfficeModel.query(on: world.app.db).filter(\.$memberID == second.id!).count() == 1)
        }
    }
}
