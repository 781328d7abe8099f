import DangjianCore
import Fluent
import Foundation
import Testing
import VaporTesting
@testable import DangjianApp

@Suite("民情日记: visits, a concern turned into a request, the branch's view by grid")
struct VisitDiaryTests {
    struct Visit: Decodable { let id: Int; let grid: String; let demandID: Int? }
    struct Overview: Decodable {
        let grids: [Grid]
        struct Grid: Decodable { let grid: String; let visits: Int; let households: Int; let demands: Int }
    }
    struct Demand: Decodable { let id: Int; let state: String; let text: String? }

    @Test("a member logs visits (no phone numbers kept), turns one into a request the branch handles, and the branch sees them by grid")
    func diary() async throws {
        try await withWorld { world in
            let member = try await world.token("member")
            let phone = try await world.send(.POST, "/api/v1/diary", token: member,
                                             json: ["grid": "三组", "household": "李家", "heard": "李大爷说儿子电话是 13912345678，想办低保"])
            #expect(phone.status == .unprocessableEntity && phone.body.string.contains("不要在民情日记里记电话号码"), "\(phone.body.string)")
            #expect(try await VisitModel.query(on: world.app.db).count() == 0)
            let first = try await world.send(.POST, "/api/v1/diary", token: member,
                                             json: ["grid": "三组", "household": "李家", "heard": "李大爷腿脚不便，想了解居家养老服务", "followUp": "下周带表格再去"])
            #expect(first.status == .created, "\(first.body.string)")
            // One step: logged and sent into the demand loop together.
            let second = try await world.send(.POST, "/api/v1/diary", token: member,
                                              json: ["grid": "三组", "household": "张家", "heard": "门前排水沟堵了，下雨就积水", "demandCategory": "infrastructure"])
            #expect(second.status == .created, "\(second.body.string)")
            let third = try await world.send(.POST, "/api/v1/diary", token: member, json: ["grid": "五组", "household": "王家", "heard": "家里老人想学用智能手机"])
            let visit = try first.content.decode(Visit.self)
            #expect(visit.demandID == nil)
            let turned = try await world.send(.POST, "/api/v1/diary/\(visit.id)/demand", token: member, json: ["category": "livelihood"])
            #expect(turned.status == .created, "\(turned.body.string)")
            let demandID = try #require(try turned.content.decode(Visit.self).demandID)
            let again = try await world.send(.POST, "/api/v1/diary/\(visit.id)/demand", token: member, json: ["category": "livelihood"])
            #expect(again.status == .unprocessableEntity && again.body.string.contains("已经转为诉求"))
            // The branch handles it like any request; the text says where it came from.
            let secretary = try await world.token("branch-secretary")
            let handled = try await world.send(.GET, "/api/v1/demands/\(demandID)", token: secretary)
            #expect(handled.status == .ok && handled.body.string.contains("【民情日记】李家"), "\(handled.body.string)")
            let overview = try await world.send(.GET, "/api/v1/diary/overview", token: secretary).content.decode(Overview.self)
            let three = try #require(overview.grids.first { $0.grid == "三组" })
            #expect(three.visits == 2 && three.households == 2 && three.demands == 2)
            #expect(overview.grids.first { $0.grid == "五组" }?.visits == 1)
            #expect(third.status == .created)
            // Another member sees only their own diary; a visit of someone else's is missing.
            let other = try await world.token("member2")
            #expect(try await world.send(.GET, "/api/v1/diary", token: other).content.decode([Visit].self).isEmpty)
            #expect(try await world.send(.POST, "/api/v1/diary/\(visit.id)/demand", token: other, json: ["category": "other"]).status == .notFound)
            #expect(try await world.send(.GET, "/api/v1/diary/overview", token: member).status == .forbidden)
        }
    }
}
