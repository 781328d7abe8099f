import DangjianCore
import Fluent
import Testing
import VaporTesting
@testable import DangjianApp

@Suite("Member development through the API")
struct DevelopmentFlowTests {
    static let applicant = ResidentIDNumber.make(region: "419901", birthDate: CalendarDate(year: 2000, month: 4, day: 12)!, sequence: 238)

    struct Refusal: Decodable {
        struct Body: Decodable {
            struct RuleInfo: Decodable { let id: String; let source: String }
            let message: String
            let rule: RuleInfo?
            let earliest: CalendarDate?
        }
        let error: Body
    }

    @Test("the vote arithmetic answers on its own, with reasons naming the rule")
    func evaluate() async throws {
        try await withWorld { world in
            let token = try await world.token("branch-secretary")
            let response = try await world.send(.POST, "/api/v1/development/votes/evaluate", token: token,
                json: VoteTally(entitled: 30, present: 17, yes: 15, no: 1, abstain: 1, writtenYes: 2))
            let outcome = try response.content.decode(VoteOutcome.self)
            #expect(outcome.quorate && outcome.passed)
            #expect(outcome.reasons.contains { $0.contains("第二十四条") })
            let bad = try await world.send(.POST, "/api/v1/development/votes/evaluate", token: token,
                json: VoteTally(entitled: 10, present: 12, yes: 3, no: 0, abstain: 0))
            #expect(bad.status == .unprocessableEntity)
            #expect(bad.body.string.contains("多于应到会"))
        }
    }

    @Test("one person from application to full member; a step too early is refused with its rule, source and earliest date")
    func wholeWay() async throws {
        try await withWorld { world in
            let token = try await world.token("branch-secretary")
            let branch = try await world.organization("柳河镇东岗村党支部")
            let young = ResidentIDNumber.make(region: "419901", birthDate: CalendarDate(year: 2010, month: 1, day: 1)!, sequence: 11)
            let minor = try await world.send(.POST, "/api/v1/development", token: token,
                json: ["organizationID": "\(branch.id!)", "name": "钱小青", "idNumber": young, "lateReason": "历史档案补录", "appliedOn": "2026-01-05"])
            #expect(minor.status == .unprocessableEntity)
            #expect(try minor.content.decode(Refusal.self).error.rule?.id == "member.minimum-age")

            let created = try await world.send(.POST, "/api/v1/development", token: token,
                json: ["organizationID": "\(branch.id!)", "name": "孙向阳", "idNumber": Self.applicant, "lateReason": "历史档案补录", "appliedOn": "2022-01-10"])
            #expect(created.status == .created, "\(created.body.string)")
            let id = try created.content.decode(DevelopmentDetail.self).summary.id
            let fullMembers = try await MemberModel.query(on: world.app.db).filter(\.$organizationID == branch.id!)
                .filter(\.$membership == .full).filter(\.$status == .active).limit(2).all().map { "\($0.id!)" }
            let vote: [String: String] = ["entitled": "30", "present": "20", "yes": "18", "no": "1", "abstain": "1"]
            let steps: [(Int, String, [String: String])] = [
                (2, "2022-01-20", ["conclusion": "动机端正"]), (3, "2022-03-01", [:]), (4, "2022-03-05", [:]), (5, "2022-03-10", [:]),
                (6, "2022-03-20", [:]), (7, "2023-03-01", [:]), (8, "2023-03-05", [:]), (9, "2023-03-10", [:]),
                (10, "2023-03-20", ["conclusion": "政治上合格", "passed": "true"]), (11, "2023-03-25", ["trainingDays": "3"]),
                (12, "2023-04-01", [:]), (13, "2023-04-05", [:]), (14, "2023-04-10", [:]), (15, "2023-04-20", vote),
                (16, "2023-05-01", ["conclusion": "谈话合格"]), (17, "2023-06-01", ["passed": "true"]), (18, "2023-06-10", [:]),
                (19, "2023-06-15", [:]), (20, "2023-07-01", [:]), (21, "2023-08-01", [:]), (22, "2024-04-01", [:]),
                (23, "2024-04-20", vote), (24, "2024-05-20", ["passed": "true"]), (25, "2024-06-01", [:]),
            ]
            let committee = try await world.token("town-secretary")
            for (step, date, fields) in steps {
                var body: [String: String] = fields
                body["step"] = "\(step)"
                body["date"] = date
                if step == 2 {
                    let unexplained = try await world.send(.POST, "/api/v1/development/\(id)/steps", token: token, json: body)
                    #expect(try unexplained.content.decode(Refusal.self).error.rule?.id == "record.late-days", "a step years back needs its reason")
                }
                body["lateReason"] = "历史档案补录"
                // 预审, 派人谈话, 审批 and 转正审批 are the 镇党委's; the branch secretary is refused them.
                let taker = [13, 16, 17, 24].contains(step) ? committee : token
                if taker == committee {
                    #expect(try await world.send(.POST, "/api/v1/development/\(id)/steps", token: token, json: body).status == .forbidden)
                }
                if step == 7 {
                    body["date"] = "2023-02-28"
                    let early = try await world.send(.POST, "/api/v1/development/\(id)/steps", token: token, json: body)
                    #expect(early.status == .unprocessableEntity)
                    let refusal = try early.content.decode(Refusal.self).error
                    #expect(refusal.rule?.id == "development.activist-minimum-years")
                    #expect(refusal.rule?.source.contains("第十三条") == true)
                    #expect(refusal.earliest == CalendarDate(year: 2023, month: 3, day: 1))
                    body["date"] = date
                }
                let response: TestingHTTPResponse
                if step == 5 || step == 9 {
                    struct PeopleStep: Content { let step: Int; let date: String; let people: [Int]; let lateReason: String }
                    response = try await world.send(.POST, "/api/v1/development/\(id)/steps", token: token,
                                                    json: PeopleStep(step: step, date: date, people: fullMembers.compactMap { Int($0) },
                                                                     lateReason: "历史档案补录"))
                } else {
                    response = try await world.send(.POST, "/api/v1/development/\(id)/steps", token: taker, json: body)
                }
                #expect(response.status == .ok, "step \(step): \(response.body.string)")
                if step == 17 {
                    let member = try #require(try await MemberModel.query(on: world.app.db).filter(\.$name == "孙向阳").first())
                    #expect(member.membership == .probationary && member.joinedOn == CalendarDate(year: 2023, month: 4, day: 20))
                }
            }
            let detail = try await world.send(.GET, "/api/v1/development/\(id)", token: token).content.decode(DevelopmentDetail.self)
            #expect(detail.timeline.count == 25)
            #expect(detail.timeline.allSatisfy { $0.step == nil || $0.summary.contains("补录") }, "every late step carries its reason")
            #expect(detail.summary.nextStep == nil)
            let member = try #require(try await MemberModel.query(on: world.app.db).filter(\.$name == "孙向阳").first())
            #expect(member.membership == .full)
            #expect(member.fullOn == CalendarDate(year: 2024, month: 4, day: 20), "党龄 from the end of probation")
            #expect(member.idHash == world.app.dangjian.cipher.lookupHash(Self.applicant))
            let audited = try await world.auditEntries(action: "development.step")
            #expect(audited.filter { $0.outcome == .success }.count == 24)
            #expect(audited.filter { $0.outcome == .denied }.count == 4, "the branch's four tries at the 上级党委's steps")
        }
    }

    @Test("to-dos follow the deadlines and appear for the right people only")
    func todos() async throws {
        try await withWorld { world in
            let token = try await world.token("branch-secretary")
            let branch = try await world.organizationID("柳河镇东岗村党支部")
            let applied = CalendarDate(Date()).adding(days: -40)
            _ = try await world.send(.POST, "/api/v1/development", token: token,
                json: ["organizationID": "\(branch)", "name": "周立新", "idNumber": Self.applicant, "appliedOn": applied.description,
                       "lateReason": "申请书交到村委，转来迟了"])
            let items = try await world.send(.GET, "/api/v1/todos", token: token).content.decode([ToDoService.Item].self)
            let talk = try #require(items.first { $0.kind == "development.talk" && $0.subject == "周立新" })
            #expect(talk.overdue && talk.subject == "周立新" && talk.due == applied.adding(months: 1))
            let count = try await world.send(.GET, "/api/v1/todos/count", token: token).content.decode(DevelopmentAPI.Count.self)
            #expect(count.overdue >= 1)
            let other = try await world.token("auditor")
            #expect(try await world.send(.GET, "/api/v1/todos", token: other).content.decode([ToDoService.Item].self).isEmpty)
            let sibling = try await world.token("town-secretary")
            #expect(try await world.send(.GET, "/api/v1/todos", token: sibling).content.decode([ToDoService.Item].self).contains { $0.subject == "周立新" })
        }
    }
}

@Suite("Stopping a development case")
struct DevelopmentStopTests {
    @Test("an applicant's case can be stopped with a reason; nothing more is recorded after")
    func stop() async throws {
        try await withWorld { world in
            let token = try await world.token("branch-secretary")
            let branch = try await world.organizationID("柳河镇东岗村党支部")
            let created = try await world.send(.POST, "/api/v1/development", token: token,
                json: ["organizationID": "\(branch)", "name": "吴晓东", "idNumber": DevelopmentFlowTests.applicant, "lateReason": "历史档案补录", "appliedOn": "2026-01-05"])
            let id = try created.content.decode(DevelopmentDetail.self).summary.id
            #expect(try await world.send(.POST, "/api/v1/development/\(id)/stop", token: token, json: ["date": "2026-02-01", "reason": ""]).status == .unprocessableEntity)
            let stopped = try await world.send(.POST, "/api/v1/development/\(id)/stop", token: token, json: ["date": "2026-02-01", "reason": "本人撤回申请"])
            #expect(stopped.status == .ok)
            #expect(try stopped.content.decode(DevelopmentDetail.self).summary.closed)
            let after = try await world.send(.POST, "/api/v1/development/\(id)/steps", token: token, json: ["step": "2", "date": "2026-02-02"])
            #expect(after.status == .unprocessableEntity)
            #expect(after.body.string.contains("已终止"))
        }
    }
}

@Suite("Development funnel")
struct DevelopmentFunnelTests {
    @Test("the funnel counts the demo people by stage in the caller's scope, and the pages render")
    func funnel() async throws {
        try await withWorld { world in
            let county = try await world.token("county-admin")
            let all = try await world.send(.GET, "/api/v1/development", token: county).content.decode(DevelopmentFunnel.self)
            #expect(all.stages.map(\.people).reduce(0, +) == world.county.developmentCases.filter { $0.development.nextStep != nil }.count)
            #expect(all.stages.allSatisfy { $0.people > 0 })
            let branch = try await world.token("branch-secretary")
            let own = try await world.send(.GET, "/api/v1/development", token: branch).content.decode(DevelopmentFunnel.self)
            #expect(own.people.allSatisfy { $0.organizationName == "柳河镇东岗村党支部" })
            #expect(own.people.count < all.people.count)
            let session = try await world.browserLogin("branch-secretary")
            for path in ["/development", "/development?stage=2", "/development/new", "/development/\(own.people[0].id)",
                         "/development/\(own.people[0].id)/notice", "/todos"] {
                #expect(try await session.get(path).status == .ok, "\(path)")
            }
            let hidden = all.people.first { $0.organizationName != "柳河镇东岗村党支部" }!
            #expect(try await session.get("/development/\(hidden.id)").status == .notFound)
        }
    }
}
