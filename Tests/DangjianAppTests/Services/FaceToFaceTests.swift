import DangjianCore
import Fluent
import Foundation
import Testing
import VaporTesting
@testable import DangjianApp

@Suite("干部群众面对面: the market-day schedule, its sessions and the requests taken there")
struct FaceToFaceTests {
    struct Session: Decodable { let id: Int; let hours: String; let cadres: [String]; let served: Int?; let demandIDs: [Int]? }

    @Test("the town schedules cadres for a market day; the village's public schedule shows it without phones; afterwards the people served and a request taken are recorded")
    func schedule() async throws {
        try await withWorld { world in
            let county = try await world.token("county-admin")
            let town = try await world.organizationID(ParticipationTests.town)
            let village = try await world.organizationID(ParticipationTests.village)
            let today = world.app.dangjian.clock.today()
            let phone = try await world.send(.POST, "/api/v1/face-to-face", token: county,
                                             json: ["organizationID": "\(town)", "place": "柳河镇集市便民服务点", "heldOn": today.adding(days: 3).description,
                                                    "hours": "9:00-12:00", "cadres": "王忠春（东岗村党支部书记）13912345678", "topics": "政策咨询、矛盾调解"])
            #expect(phone.status == .unprocessableEntity && phone.body.string.contains("不登电话号码"), "\(phone.body.string)")
            let created = try await world.send(.POST, "/api/v1/face-to-face", token: county,
                                               json: ["organizationID": "\(town)", "place": "柳河镇集市便民服务点", "heldOn": today.adding(days: 3).description,
                                                      "hours": "9:00-12:00", "cadres": "王忠春（东岗村党支部书记）\n李明（镇综治办主任）", "topics": "政策咨询、矛盾调解"])
            #expect(created.status == .created, "\(created.body.string)")
            let session = try created.content.decode(Session.self)
            #expect(session.hours == "09:00-12:00" && session.cadres.count == 2)
            // The village below reads the town's schedule on its public page, anonymously.
            let published = try await world.send(.GET, "/api/v1/public/organizations/\(village)/face-to-face")
            #expect(published.status == .ok && published.body.string.contains("柳河镇集市便民服务点") && !published.body.string.contains("demandIDs\":["))
            let page = try await world.send(.GET, "/public/organizations/\(village)/face-to-face")
            #expect(page.status == .ok && page.body.string.contains("李明（镇综治办主任）"))
            // Before the day nothing is recorded; on the day the people served and a request taken there.
            let early = try await world.send(.POST, "/api/v1/face-to-face/\(session.id)/record", token: county, json: ["served": "12"])
            #expect(early.status == .unprocessableEntity && early.body.string.contains("还没到"))
            world.app.dangjian.clock.advance(by: 3 * 86_400)
            let admin = try await world.token("county-admin")
            let recorded = try await world.send(.POST, "/api/v1/face-to-face/\(session.id)/record", token: admin, json: ["served": "12", "notes": "咨询医保的多"])
            #expect(try recorded.content.decode(Session.self).served == 12)
            let concern = try await world.send(.POST, "/api/v1/face-to-face/\(session.id)/concerns", token: admin,
                                               json: ["category": "infrastructure", "place": "东岗村三组", "text": "三组到集市的便道塌了一段，老人赶场不方便"])
            #expect(concern.status == .created, "\(concern.body.string)")
            let demandID = try #require(try concern.content.decode(Session.self).demandIDs?.first)
            let demand = try #require(try await DemandModel.find(demandID, on: world.app.db))
            #expect(demand.text.hasPrefix("【面对面】") && demand.place == "东岗村三组")
            // The village secretary does not keep the town's sessions.
            let secretary = try await world.token("branch-secretary")
            #expect(try await world.send(.POST, "/api/v1/face-to-face/\(session.id)/record", token: secretary, json: ["served": "1"]).status == .notFound)
        }
    }
}
