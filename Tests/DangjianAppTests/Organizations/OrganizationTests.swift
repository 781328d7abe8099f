import DangjianCore
import Fluent
import SQLKit
import Testing
import VaporTesting
@testable import DangjianApp

@Suite("Organizations")
struct OrganizationTests {
    @Test("creating a branch gives it a path under its parent; bad input answers field by field and writes nothing")
    func create() async throws {
        try await withWorld { world in
            let token = try await world.token("town-secretary")
            let town = try await world.organization("柳河镇党委")
            let before = try await OrganizationModel.query(on: world.app.db).count()
            let bad = try await world.send(.POST, "/api/v1/organizations", token: token,
                                           json: ["parentID": "\(town.id!)", "name": "", "kind": "nonsense"])
            #expect(bad.status == .badRequest || bad.status == .unprocessableEntity)
            let invalid = try await world.send(.POST, "/api/v1/organizations", token: token,
                                               json: OrganizationCreate(parentID: town.id!, name: "", kind: "", sector: "village"))
            #expect(invalid.status == .unprocessableEntity)
            #expect(invalid.body.string.contains("请填写党组织名称") && invalid.body.string.contains("请选择组织类别"))
            #expect(try await OrganizationModel.query(on: world.app.db).count() == before)

            let created = try await world.send(.POST, "/api/v1/organizations", token: token,
                                               json: OrganizationCreate(parentID: town.id!, name: "柳河镇南岗村党支部", kind: "branch", sector: "village"))
            #expect(created.status == .created, "\(created.body.string)")
            let summary = try created.content.decode(OrganizationSummary.self)
            #expect(summary.path == town.path + "\(summary.id)/")
            #expect(try await world.auditEntries(action: "organization.create").count == 1)
        }
    }

    struct OrganizationCreate: Content {
        let parentID: Int
        let name: String
        let kind: String
        let sector: String
    }

    @Test("a branch cannot hold a committee")
    func kindRules() async throws {
        try await withWorld { world in
            let token = try await world.token("county-admin")
            let branch = try await world.organizationID("柳河镇东岗村党支部")
            let response = try await world.send(.POST, "/api/v1/organizations", token: token,
                                                json: OrganizationCreate(parentID: branch, name: "错误的党委", kind: "committee", sector: "village"))
            #expect(response.status == .unprocessableEntity)
            #expect(response.body.string.contains("党支部下不能设立党委"))
        }
    }

    @Test("renaming is for the level above: the branch secretary may not rename their own branch, the town secretary may")
    func renameNeedsTheLevelAbove() async throws {
        try await withWorld { world in
            let branch = try await world.organizationID("柳河镇东岗村党支部")
            let secretary = try await world.token("branch-secretary")
            let refused = try await world.send(.PATCH, "/api/v1/organizations/\(branch)", token: secretary, json: ["name": "东岗村新支部"])
            #expect(refused.status == .forbidden)
            let town = try await world.token("town-secretary")
            let renamed = try await world.send(.PATCH, "/api/v1/organizations/\(branch)", token: town, json: ["name": "柳河镇东岗村第一党支部"])
            #expect(renamed.status == .ok)
            #expect(try await OrganizationModel.find(branch, on: world.app.db)?.name == "柳河镇东岗村第一党支部")
        }
    }

    @Test("moving an organization carries its subtree and its members, and keeps the counters")
    func move() async throws {
        try await withWorld { world in
            let token = try await world.token("county-admin")
            let branch = try await world.organization("柳河镇东岗村党支部")
            let target = try await world.organization("石桥镇党委")
            let membersBefore = try await MemberModel.query(on: world.app.db).filter(\.$organizationID == branch.id!).count()
            let moved = try await world.send(.POST, "/api/v1/organizations/\(branch.id!)/move", token: token, json: ["parentID": target.id!])
            #expect(moved.status == .ok, "\(moved.body.string)")
            let after = try #require(try await OrganizationModel.find(branch.id, on: world.app.db))
            #expect(after.parentID == target.id)
            #expect(after.path == target.path + "\(branch.id!)/")
            let members = try await MemberModel.query(on: world.app.db).filter(\.$organizationID == branch.id!).all()
            #expect(members.count == membersBefore)
            #expect(members.allSatisfy { $0.path == after.path })

            let stone = try await world.send(.GET, "/api/v1/organizations/\(target.id!)", token: token).content.decode(OrganizationDetail.self)
            #expect(stone.children.contains { $0.organization.id == branch.id })
            // The town secretary of 柳河镇 no longer sees the branch.
            let town = try await world.token("town-secretary")
            #expect(try await world.send(.GET, "/api/v1/organizations/\(branch.id!)", token: town).status == .notFound)
            // Moving under its own subtree is refused.
            let loop = try await world.send(.POST, "/api/v1/organizations/\(target.id!)/move", token: token, json: ["parentID": branch.id!])
            #expect(loop.status == .unprocessableEntity)
        }
    }

    @Test("the committee shows offices; a new branch is asked for its term, and a term near its end is warned about")
    func committeeAndFindings() async throws {
        try await withWorld { world in
            let secretary = try await world.token("branch-secretary")
            let branch = try await world.organizationID("柳河镇东岗村党支部")
            let detail = try await world.send(.GET, "/api/v1/organizations/\(branch)", token: secretary).content.decode(OrganizationDetail.self)
            #expect(detail.committee.offices.contains { $0.office == .secretary })

            let token = try await world.token("town-secretary")
            let town = try await world.organizationID("柳河镇党委")
            let created = try await world.send(.POST, "/api/v1/organizations", token: token,
                                               json: OrganizationCreate(parentID: town, name: "柳河镇北岗村党支部", kind: "branch", sector: "village"))
            let id = try created.content.decode(OrganizationSummary.self).id
            let fresh = try await world.send(.GET, "/api/v1/organizations/\(id)", token: token).content.decode(OrganizationDetail.self)
            #expect(fresh.findings.contains { $0.code == .termMissing })
            // Village organizations serve five years (RULES.md §3); a term elected almost five years ago is due.
            let due = CalendarDate(Date()).adding(years: -5).adding(days: 30)
            let term = try await world.send(.POST, "/api/v1/organizations/\(id)/terms", token: token,
                                            json: ["electedOn": due.description, "years": ""])
            #expect(term.status == .ok, "\(term.body.string)")
            let after = try await world.send(.GET, "/api/v1/organizations/\(id)", token: token).content.decode(OrganizationDetail.self)
            #expect(after.findings.contains { $0.code == .termDue })
            #expect(after.committee.termYears == 5)
            let future = try await world.send(.POST, "/api/v1/organizations/\(id)/terms", token: token, json: ["electedOn": "2099-01-01"])
            #expect(future.status == .unprocessableEntity)
            #expect(future.body.string.contains("选举日期不能晚于今天"))
        }
    }

    @Test("a community committee keeps its resident units, and a city branch pairs with a village branch")
    func coBuilding() async throws {
        try await withWorld { world in
            let token = try await world.token("county-admin")
            let community = try #require(try await OrganizationModel.query(on: world.app.db).filter(\.$sector == .community)
                .filter(\.$kind == .generalBranch).first())
            let before = try await world.send(.GET, "/api/v1/organizations/\(community.id!)", token: token).content.decode(OrganizationDetail.self)
            #expect(!before.residentUnits.isEmpty)
            let added = try await world.send(.POST, "/api/v1/organizations/\(community.id!)/units", token: token,
                                             json: ["name": "青禾县实验小学", "unitType": "学校", "representative": "王校长", "joinedOn": "2026-03-01"])
            #expect(added.status == .ok, "\(added.body.string)")
            #expect(try added.content.decode(OrganizationDetail.self).residentUnits.count == before.residentUnits.count + 1)

            let city = try await world.organizationID("县财政局机关党支部")
            let village = try await world.organizationID("柳河镇西岗村党支部")
            let paired = try await world.send(.POST, "/api/v1/organizations/\(city)/pairings", token: token,
                                              json: ["villageID": "\(village)", "startedOn": "2026-05-01", "focus": "产业帮扶"])
            #expect(paired.status == .ok, "\(paired.body.string)")
            #expect(try paired.content.decode(OrganizationDetail.self).pairings.contains { $0.partnerID == village })
        }
    }

    @Test("the organization chart is SVG drawn by our renderer, with every organization of the subtree")
    func chart() async throws {
        try await withWorld { world in
            let token = try await world.token("town-secretary")
            let town = try await world.organization("柳河镇党委")
            let response = try await world.send(.GET, "/api/v1/organizations/\(town.id!)/chart.svg", token: token)
            #expect(response.status == .ok)
            #expect(response.headers.contentType?.subType == "svg+xml")
            let svg = response.body.string
            #expect(svg.hasPrefix("<svg"))
            for organization in try await OrganizationStore.subtree(town.orgPath, on: world.app.db) {
                #expect(svg.contains(organization.name))
            }
        }
    }

    @Test("a branch's members in its 党小组 count for the branch: no 'fewer than 3' warning, and chart boxes give subtree totals")
    func branchCountsItsGroups() async throws {
        try await withWorld { world in
            let branch = try await world.organization("幸福社区第一片区党支部")
            let totals = try await OrganizationStore.totals(under: branch.orgPath, on: world.app.db)
            #expect(branch.fullCount < 3 && totals.fullMembers >= 3, "the demo files this branch's members in its groups")
            let token = try await world.token("county-admin")
            let detail = try await world.send(.GET, "/api/v1/organizations/\(branch.id!)", token: token).content.decode(OrganizationDetail.self)
            #expect(!detail.findings.contains { $0.message.contains("不足") }, "\(detail.findings.map(\.message))")
            let community = try await world.organization("幸福社区党总支")
            let above = try await world.send(.GET, "/api/v1/organizations/\(community.id!)", token: token).content.decode(OrganizationDetail.self)
            #expect(above.children.first { $0.organization.id == branch.id }?.warnings == 0)

            let root = try #require(try await OrganizationModel.query(on: world.app.db).filter(\.$parentID == nil).first())
            let all = try await OrganizationStore.totals(under: root.orgPath, on: world.app.db)
            #expect(root.fullCount == 0 && all.fullMembers > 0)
            let svg = try await world.send(.GET, "/api/v1/organizations/\(root.id!)/chart.svg", token: token).body.string
            #expect(svg.contains("\(root.kind.chinese) · \(all.fullMembers + all.probationaryMembers) 名党员"), "the county's box counts the county")
            #expect(svg.contains("\(branch.kind.chinese) · \(totals.fullMembers + totals.probationaryMembers) 名党员"))
        }
    }
}

@Suite("Subtree totals kept on each organization")
struct SubtreeCounterTests {
    struct Stored: Decodable, Equatable {
        let id: Int
        let subtree_organizations: Int
        let subtree_branches: Int
        let subtree_full: Int
        let subtree_probationary: Int
    }

    /// The stored totals, and the same computed afresh from the per-organization counters.
    static func storedAndRecomputed(_ world: TestWorld) async throws -> ([Stored], [Stored]) {
        let query = "SELECT id, subtree_organizations, subtree_branches, subtree_full, subtree_probationary FROM organizations ORDER BY id"
        let stored = try await world.app.db.sql.raw(SQLQueryString(stringLiteral: query)).all(decoding: Stored.self)
        let recomputed: [Stored] = try await world.app.dangjian.writer.transaction(on: world.app.db) { database in
            try await SubtreeCounters.recompute(under: nil, on: database)
            return try await database.sql.raw(SQLQueryString(stringLiteral: query)).all(decoding: Stored.self)
        }
        return (stored, recomputed)
    }

    @Test("member writes, transfers, status changes, new organizations and moves keep every subtree total exact")
    func consistent() async throws {
        try await withWorld { world in
            let token = try await world.token("county-admin")
            let member = try await world.member(in: "柳河镇东岗村党支部")
            let sibling = try await world.organizationID("柳河镇西岗村党支部")
            let town = try await world.organization("石桥镇党委")
            #expect(try await world.send(.POST, "/api/v1/members/\(member.id!)/transfer", token: token, json: ["organizationID": "\(sibling)"]).status == .ok)
            let other = try await world.member(in: "柳河镇西岗村党支部")
            #expect(try await world.send(.POST, "/api/v1/members/\(other.id!)/status", token: token,
                                         json: ["status": "left", "onDate": "2026-01-05", "leaveReason": "withdrew"]).status == .ok)
            let created = try await world.send(.POST, "/api/v1/organizations", token: token,
                json: ["parentID": "\(town.id!)", "name": "石桥镇新建村党支部", "kind": "branch", "sector": "village"])
            #expect(created.status == .created, "\(created.body.string)")
            let moved = try await world.send(.POST, "/api/v1/organizations/\(sibling)/move", token: token, json: ["parentID": "\(town.id!)"])
            #expect(moved.status == .ok, "\(moved.body.string)")
            let (stored, recomputed) = try await Self.storedAndRecomputed(world)
            #expect(stored == recomputed)
            let root = try #require(stored.first)
            #expect(root.subtree_organizations == (try await OrganizationModel.query(on: world.app.db).count()))
        }
    }

    @Test("a bulk recount from the register gives every organization the counters that member writes kept, and touches only its scope")
    func recount() async throws {
        try await withWorld { world in
            struct Counters: Decodable, Equatable { let id: Int; let path: String; let full_count: Int; let probationary_count: Int }
            let token = try await world.token("county-admin")
            // A member who left is not counted: the recount must leave out statuses outside the register.
            let leaving = try await world.member(in: "柳河镇西岗村党支部")
            #expect(try await world.send(.POST, "/api/v1/members/\(leaving.id!)/status", token: token,
                                         json: ["status": "left", "onDate": "2026-01-05", "leaveReason": "withdrew"]).status == .ok)
            let query: SQLQueryString = "SELECT id, path, full_count, probationary_count FROM organizations ORDER BY id"
            let kept = try await world.app.db.sql.raw(query).all(decoding: Counters.self)
            #expect(kept.contains { $0.full_count > 0 } && kept.contains { $0.probationary_count > 0 })
            let town = try await world.organization("柳河镇党委")
            let scope = try #require(OrgPath(town.path))
            let recounted: [Counters] = try await world.app.dangjian.writer.transaction(on: world.app.db) { database in
                try await database.sql.raw("UPDATE organizations SET full_count = 99, probationary_count = 99").run()
                try await MemberRow.recount(under: [scope], on: database)
                return try await database.sql.raw(query).all(decoding: Counters.self)
            }
            for (before, after) in zip(kept, recounted) {
                if OrgPath(after.path).map(scope.contains) == true {
                    #expect(after == before, "recounted inside the scope")
                } else {
                    #expect(after.full_count == 99 && after.probationary_count == 99, "left alone outside the scope")
                }
            }
            let everywhere: [Counters] = try await world.app.dangjian.writer.transaction(on: world.app.db) { database in
                try await database.sql.raw("UPDATE organizations SET full_count = 99, probationary_count = 99").run()
                try await MemberRow.recount(on: database)
                return try await database.sql.raw(query).all(decoding: Counters.self)
            }
            #expect(everywhere == kept)
        }
    }

    @Test("a move carries the records filed under the organization: development cases and activities go with it")
    func moveCarriesRecords() async throws {
        try await withWorld { world in
            let token = try await world.token("county-admin")
            let village = try await world.organization("柳河镇东岗村党支部")
            let planned = try await world.plannedThemeDay(token: token, topic: "迁移前的主题党日")
            let town = try await world.organization("石桥镇党委")
            #expect(try await world.send(.POST, "/api/v1/organizations/\(village.id!)/move", token: token, json: ["parentID": "\(town.id!)"]).status == .ok)
            let newPath = town.orgPath.appending(village.id!).value
            let activity = try #require(try await ActivityModel.find(planned.summary.id, on: world.app.db))
            #expect(activity.path == newPath)
            let cases = try await DevelopmentCaseModel.query(on: world.app.db).filter(\.$organizationID == village.id!).all()
            #expect(!cases.isEmpty && cases.allSatisfy { $0.path == newPath })
            // The town's secretary now sees them; the old town's does not.
            let stone = try await world.send(.GET, "/api/v1/activities/\(activity.id!)", token: world.token("county-admin"))
            #expect(stone.status == .ok)
            #expect(try await world.send(.GET, "/api/v1/activities/\(activity.id!)", token: world.token("town-secretary")).status == .notFound)
        }
    }
}
