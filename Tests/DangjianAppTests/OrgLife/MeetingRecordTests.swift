import DangjianCore
import Fluent
import Foundation
import Testing
import VaporTesting
@testable import DangjianApp

extension TestWorld {
    /// Plans a meeting for today in 东岗村 with a host and a recorder, through the API.
    func plannedMeeting(_ kind: ActivityKind, token: String) async throws -> (detail: ActivityDetail, host: MemberModel, recorder: MemberModel) {
        let branch = try await organizationID("柳河镇东岗村党支部")
        let path = try await organization("柳河镇东岗村党支部").orgPath
        let people = try await MemberModel.query(on: app.db).filter(\.$path >= path.value).filter(\.$path < path.upperBound)
            .filter(\.$status == .active).filter(\.$membership == .full).sort(\.$id).limit(2).all()
        let host = try #require(people.first), recorder = try #require(people.last)
        let response = try await send(.POST, "/api/v1/activities", token: token, json: [
            "organizationID": "\(branch)", "kind": kind.rawValue, "topic": "讨论村集体经济发展项目", "date": app.dangjian.clock.today().description,
            "place": "村党群服务中心", "hostMemberID": "\(host.id!)", "recorderMemberID": "\(recorder.id!)",
        ])
        #expect(response.status == .created, "\(response.body.string)")
        return (try response.content.decode(ActivityDetail.self), host, recorder)
    }
}

/// The meeting page keeps everything the secretary enters: the roll and the record are one form and one save.
@Suite("Recording a meeting")
struct MeetingRecordTests {
    static func attendance(_ id: Int, _ world: TestWorld) async throws -> [Int: AttendanceModel] {
        let rows = try await AttendanceModel.query(on: world.app.db).filter(\.$activityID == id).all()
        return Dictionary(rows.map { ($0.memberID, $0) }, uniquingKeysWith: { first, _ in first })
    }

    @Test("the roll changed on the page is saved with the minutes by the one 保存 button, not thrown away")
    func oneSave() async throws {
        try await withWorld { world in
            let token = try await world.token("branch-secretary")
            let (planned, host, recorder) = try await world.plannedMeeting(.themeDay, token: token)
            let id = planned.summary.id
            let session = try await world.browserLogin("branch-secretary")
            let page = try await session.get("/activities/\(id)").body.string
            // One form holds the roll and the minutes: no second button can save one and drop the other.
            let form = try #require(page.range(of: "action=\"/activities/\(id)/minutes\""))
            let formEnd = try #require(page.range(of: "</form>", range: form.upperBound..<page.endIndex))
            let inside = page[form.upperBound..<formEnd.lowerBound]
            #expect(inside.contains("name=\"attendance[") && inside.contains("name=\"minutes\""))
            #expect(!page.contains("/activities/\(id)/attendance\""), "no separate attendance form to lose changes between")

            let sick = try #require(planned.attendance.first { $0.memberID != host.id && $0.memberID != recorder.id })
            let saved = try await session.post("/activities/\(id)/minutes", [
                "attendance[\(sick.memberID)]": "sick", "reason[\(sick.memberID)]": "住院治疗",
                "minutes": "书记传达上级会议精神，党员讨论村集体经济项目。",
            ])
            #expect(saved.status == .seeOther, "\(saved.body.string.prefix(300))")
            let rows = try await Self.attendance(id, world)
            #expect(rows[sick.memberID]?.status == .sick && rows[sick.memberID]?.reason == "住院治疗", "the roll was saved with the minutes")
            #expect(rows[host.id!]?.status == .present && rows[recorder.id!]?.status == .present, "the host and the recorder are present by default")
            #expect(try await ActivityModel.find(id, on: world.app.db)?.state == .held)
            let audit = try #require(try await world.auditEntries(action: "activity.held").last)
            #expect(audit.detail.contains("\(sick.name)病假"))
        }
    }

    @Test("a refused record comes back with the roll and the text as typed, and nothing is saved")
    func refusedKeepsEverything() async throws {
        try await withWorld { world in
            let token = try await world.token("branch-secretary")
            let (planned, host, _) = try await world.plannedMeeting(.themeDay, token: token)
            let id = planned.summary.id
            let session = try await world.browserLogin("branch-secretary")
            let leave = try #require(planned.attendance.first { $0.memberID != host.id })
            let refused = try await session.post("/activities/\(id)/minutes", [
                "attendance[\(leave.memberID)]": "leave", "reason[\(leave.memberID)]": "外出务工请假",
                "minutes": "太短", "decisions": "修缮村党群服务中心屋顶",
            ])
            #expect(refused.status == .unprocessableEntity)
            let body = refused.body.string
            #expect(body.contains("会议记录应为") && body.contains("太短") && body.contains("修缮村党群服务中心屋顶") && body.contains("外出务工请假"))
            #expect(body.contains("<option value=\"leave\" selected>"), "the status chosen is still chosen")
            let rows = try await Self.attendance(id, world)
            #expect(rows[leave.memberID]?.status == .expected, "nothing saved from a refused form")
            #expect(try await ActivityModel.find(id, on: world.app.db)?.state == .planned)
        }
    }

    @Test("with no record written, the roll alone is saved and the meeting is not yet held")
    func rollAlone() async throws {
        try await withWorld { world in
            let token = try await world.token("branch-secretary")
            let (planned, host, _) = try await world.plannedMeeting(.themeDay, token: token)
            let id = planned.summary.id
            let session = try await world.browserLogin("branch-secretary")
            let away = try #require(planned.attendance.first { $0.memberID != host.id })
            var form = ["attendance[\(away.memberID)]": "official", "reason[\(away.memberID)]": "县里开会", "minutes": "", "decisions": ""]
            for person in planned.attendance where person.memberID != away.memberID { form["attendance[\(person.memberID)]"] = "" }
            let saved = try await session.post("/activities/\(id)/minutes", form)
            #expect(saved.status == .seeOther)
            #expect(saved.headers.first(name: .location)?.contains("notice=attendanceSaved") == true)
            let rows = try await Self.attendance(id, world)
            #expect(rows[away.memberID]?.status == .official && rows[host.id!]?.status == .present)
            #expect(rows.values.count { $0.status == .expected } == planned.attendance.count - 3, "unmarked people are still to sign in (one away, the host and the recorder present)")
            #expect(try await ActivityModel.find(id, on: world.app.db)?.state == .planned)
        }
    }

    @Test("opening sign-in marks the host and the recorder present")
    func officersAtOpening() async throws {
        try await withWorld { world in
            let token = try await world.token("branch-secretary")
            let (planned, host, recorder) = try await world.plannedMeeting(.themeDay, token: token)
            #expect(try await world.send(.POST, "/api/v1/activities/\(planned.summary.id)/open", token: token).status == .ok)
            let rows = try await Self.attendance(planned.summary.id, world)
            #expect(rows[host.id!]?.status == .present && rows[recorder.id!]?.method == "officer")
            #expect(rows.values.count { $0.status == .present } == 2)
        }
    }

    @Test("a 支部党员大会 records decisions only with more than half of its full members present, and says so on the page and report")
    func generalMeetingQuorum() async throws {
        try await withWorld { world in
            let token = try await world.token("branch-secretary")
            let (planned, host, recorder) = try await world.plannedMeeting(.generalMeeting, token: token)
            let id = planned.summary.id
            let fullIDs = Set(try await MemberModel.query(on: world.app.db).filter(\.$id ~~ planned.attendance.map(\.memberID))
                .filter(\.$membership == .full).all().compactMap(\.id))
            #expect(fullIDs.count >= 4, "the demo branch has enough full members for this test")
            let refused = try await world.send(.POST, "/api/v1/activities/\(id)/minutes", token: token, json: [
                "minutes": "讨论村集体经济发展项目，党员发表意见。", "decisions": "同意实施村集体光伏项目",
            ])
            #expect(refused.status == .unprocessableEntity)
            #expect(refused.body.string.contains("应到会有表决权的正式党员 \(fullIDs.count) 人，实到 2 人，未超过半数，不能作出决议"))
            #expect(try await ActivityModel.find(id, on: world.app.db)?.state == .planned)

            // Held without decisions, the record says the meeting could not decide, and the host is present.
            let held = try await world.send(.POST, "/api/v1/activities/\(id)/minutes", token: token,
                                            json: ["minutes": "讨论村集体经济发展项目，党员发表意见。"])
            #expect(held.status == .ok, "\(held.body.string)")
            let detail = try held.content.decode(ActivityDetail.self)
            #expect(detail.quorum?.quorate == false && detail.quorum?.entitled == fullIDs.count)
            let report = try await world.send(.GET, "/api/v1/activities/\(id)/report", token: token).content.decode(ActivityReportView.self)
            let text = report.sections.flatMap(\.paragraphs).joined(separator: "\n")
            #expect(text.contains("未超过半数，不能作出决议"))
            let presentLine = try #require(report.sections.flatMap(\.paragraphs).first { $0.hasPrefix("出席：") })
            #expect(presentLine.contains(host.name) && presentLine.contains(recorder.name), "\(presentLine)")
            let page = try await world.browserLogin("branch-secretary").get("/activities/\(id)").body.string
            #expect(page.contains("class=\"warning\">应到会有表决权的正式党员"))

            // With more than half of the full members present the decisions are recorded.
            var marks: [String: String] = [:]
            for member in fullIDs.sorted().prefix(fullIDs.count / 2 + 1) { marks["\(member)"] = "present" }
            let decided = try await world.send(.POST, "/api/v1/activities/\(id)/minutes", token: token, json: MinutesInput(
                minutes: "讨论村集体经济发展项目，党员发表意见。", decisions: "同意实施村集体光伏项目", attendance: marks))
            #expect(decided.status == .ok, "\(decided.body.string)")
            #expect(try decided.content.decode(ActivityDetail.self).quorum?.quorate == true)
        }
    }
}
