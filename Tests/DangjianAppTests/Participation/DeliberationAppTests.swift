import DangjianCore
import Fluent
import Foundation
import Testing
import VaporTesting
@testable import DangjianApp

/// 四议两公开 through the API: the steps in order with each meeting's quorum and majority, the roll of the 党员大会 from the
/// register, the two 公开 steps on the village's 三务公开, a proposal from a resident's request, and scope.
@Suite("四议两公开: from proposal to published result")
struct DeliberationAppTests {
    static let village = ParticipationTests.village

    struct View: Decodable {
        let id: Int
        let state: String
        let next: String?
        let knownRoll: Int?
        let demandID: Int?
        let steps: [Step]
        struct Step: Decodable { let step: String; let passed: Bool; let reasons: [String]; let text: String; let publicationID: Int? }
    }
    struct Publication: Decodable { let title: String; let state: String; let items: [Item]; struct Item: Decodable { let title: String; let text: String } }

    func proposal(_ villageID: Int, today: CalendarDate, demandID: Int? = nil) -> DeliberationWork.ProposalInput {
        DeliberationWork.ProposalInput(organizationID: LenientID(villageID), title: "村集体闲置厂房出租", summary: "将村集体闲置厂房公开招租，租期五年，租金纳入村集体收入。",
                                       demandID: LenientID(demandID), heldOn: today.adding(days: -10).description, roll: LenientID(5), present: LenientID(5),
                                       yes: LenientID(4), no: LenientID(1), abstain: LenientID(0),
                                       text: "支委会研究")
    }

    @Test("each step in its order at its meeting; the 党员大会's roll is the register's; the two 公开 steps appear on 三务公开")
    func fromProposalToResult() async throws {
        try await withWorld { world in
            let secretary = try await world.token("branch-secretary")
            let villageID = try await world.organizationID(Self.village)
            let today = world.app.dangjian.clock.today()
            let created = try await world.send(.POST, "/api/v1/deliberations", token: secretary, json: proposal(villageID, today: today))
            #expect(created.status == .created, "\(created.body.string)")
            var view = try created.content.decode(View.self)
            #expect(view.next == "consultation" && view.steps.first?.passed == true)
            let id = view.id
            func step(_ body: [String: AnyEncodable]) async throws -> TestingHTTPResponse {
                try await world.send(.POST, "/api/v1/deliberations/\(id)/steps", token: secretary, json: body)
            }
            // Out of order, refused with the rule; a two-committees meeting without its quorum records nothing.
            let early = try await step(["step": AnyEncodable("partyReview"), "heldOn": AnyEncodable(today.adding(days: -8).description),
                                        "present": AnyEncodable(20), "yes": AnyEncodable(20)])
            #expect(early.status == .unprocessableEntity && early.body.string.contains("下一步是“村“两委”会议商议”"))
            let thin = try await step(["heldOn": AnyEncodable(today.adding(days: -8).description), "roll": AnyEncodable(9), "present": AnyEncodable(4),
                                       "yes": AnyEncodable(4)])
            #expect(thin.status == .unprocessableEntity && thin.body.string.contains("请另行召开会议"))
            #expect(try await step(["heldOn": AnyEncodable(today.adding(days: -8).description), "roll": AnyEncodable(9), "present": AnyEncodable(8),
                                    "yes": AnyEncodable(8)]).status == .created)
            // The 党员大会: the roll is the village's full members, whatever is typed.
            view = try await world.send(.GET, "/api/v1/deliberations/\(id)", token: secretary).content.decode(View.self)
            let village = try await world.organization(Self.village)
            #expect(view.next == "partyReview" && view.knownRoll == village.subtreeFull)
            let roll = village.subtreeFull
            let majority = roll / 2 + 1
            let review = try await step(["heldOn": AnyEncodable(today.adding(days: -6).description), "roll": AnyEncodable(1), "present": AnyEncodable(roll),
                                         "yes": AnyEncodable(majority)])
            #expect(review.status == .created, "\(review.body.string)")
            view = try review.content.decode(View.self)
            #expect(view.steps.last?.reasons.contains { $0.contains("应到会有表决权的正式党员 \(roll) 人") } == true)
            let resolution = try await step(["heldOn": AnyEncodable(today.adding(days: -4).description), "assembly": AnyEncodable("representativeAssembly"),
                                             "roll": AnyEncodable(45), "present": AnyEncodable(31), "yes": AnyEncodable(16), "no": AnyEncodable(15)])
            #expect(try resolution.content.decode(View.self).next == "resolutionPublished")
            let published = try await step(["heldOn": AnyEncodable(today.adding(days: -3).description), "text": AnyEncodable("厂房以每年 6 万元公开招租，租期五年。")])
            let publicationID = try #require(try published.content.decode(View.self).steps.last?.publicationID)
            let publication = try await world.send(.GET, "/api/v1/public/publicity/\(publicationID)").content.decode(Publication.self)
            #expect(publication.title == "村集体闲置厂房出租决议公开" && publication.state == "published")
            #expect(publication.items.map(\.title) == ["议事事项", "村党组织提议", "村“两委”会议商议", "党员大会审议", "村民会议或村民代表会议决议", "决议内容"])
            #expect(!publication.items.contains { $0.text.contains("支委会研究") }, "the minutes stay inside")
            let done = try await step(["heldOn": AnyEncodable(today.description), "text": AnyEncodable("已签订租赁合同，首年租金 6 万元已入村集体账户。")])
            #expect(try done.content.decode(View.self).state == "completed")
            let after = try await step(["heldOn": AnyEncodable(today.description), "text": AnyEncodable("再公开一次试试看看")])
            #expect(after.status == .unprocessableEntity && after.body.string.contains("已完成"))
            // The public view: the steps and votes, not the minutes; the village's public page lists it.
            let open = try await world.send(.GET, "/api/v1/public/deliberations/\(id)").content.decode(View.self)
            #expect(open.steps.count == 6 && open.steps.allSatisfy { $0.text != "支委会研究" } && open.demandID == nil)
            let page = try await world.app.testing().sendRequest(.GET, "/public/organizations/\(villageID)")
            #expect(page.body.string.contains("村集体闲置厂房出租") && page.body.string.contains("四议两公开"))
        }
    }

    @Test("a vote lost stops the matter; a proposal may start from a request the village handles, and from nobody else's")
    func lostAndFromRequests() async throws {
        try await withWorld { world in
            let secretary = try await world.token("branch-secretary")
            let villageID = try await world.organizationID(Self.village)
            let today = world.app.dangjian.clock.today()
            var lost = proposal(villageID, today: today)
            lost.yes = LenientID(2)
            lost.no = LenientID(3)
            let rejected = try await world.send(.POST, "/api/v1/deliberations", token: secretary, json: lost).content.decode(View.self)
            #expect(rejected.state == "rejected" && rejected.next == nil)

            let (resident, _) = try await ParticipationTests.resident(world)
            let demand = try await world.send(.POST, "/api/v1/requests", token: resident,
                                              json: ["kind": "suggestion", "category": "villageAffairs", "text": "建议把闲置厂房租出去，增加村集体收入"])
            let demandID = try demand.content.decode(ParticipationTests.View.self).id
            let fromRequest = try await world.send(.POST, "/api/v1/deliberations", token: secretary, json: proposal(villageID, today: today, demandID: demandID))
            #expect(try fromRequest.content.decode(View.self).demandID == demandID)
            // Another village's secretary cannot start from it, nor read the matter.
            let sibling = try await world.organizationID("柳河镇西岗村党支部")
            let admin = try await world.token("county-admin")
            _ = admin
            let other = try await world.send(.POST, "/api/v1/deliberations", token: secretary, json: proposal(sibling, today: today))
            #expect(other.status == .notFound)
            let town = try await world.send(.GET, "/api/v1/deliberations/\(rejected.id)", token: try await world.token("town-secretary"))
            #expect(town.status == .ok)
            let member = try await world.send(.GET, "/api/v1/deliberations/\(rejected.id)", token: try await world.token("member"))
            #expect(member.status == .forbidden)
        }
    }
}
