import DangjianCore
import Fluent
import Foundation
import Testing
import VaporTesting
@testable import DangjianApp

/// A planned meeting can be changed with the change kept on it, and its sign-in opens some time before the start.
@Suite("Planning and rescheduling meetings")
struct MeetingPlanTests {
    /// A theme day in 东岗村 on `date` at `time`, planned through the API.
    static func plan(_ world: TestWorld, token: String, date: CalendarDate, time: String?) async throws -> ActivityDetail {
        let branch = try await world.organizationID("柳河镇东岗村党支部")
        var body = ["organizationID": "\(branch)", "kind": "theme-day", "topic": "学习新修订的支部工作条例", "date": date.description,
                    "place": "村党群服务中心"]
        if let time { body["startTime"] = time }
        let response = try await world.send(.POST, "/api/v1/activities", token: token, json: body)
        #expect(response.status == .created, "\(response.body.string)")
        return try response.content.decode(ActivityDetail.self)
    }

    @Test("sign-in opens from the rule's time before the start, not before; a future meeting says when and hides its roll")
    func signInOpensBeforeTheStart() async throws {
        try await withWorld { world in
            let clock = world.app.dangjian.clock
            let token = try await world.token("branch-secretary")
            let tomorrow = clock.today().adding(days: 1)
            let planned = try await Self.plan(world, token: token, date: tomorrow, time: "09:00")
            let id = planned.summary.id
            #expect(planned.signInOpens == "明天 08:00")
            let early = try await world.send(.POST, "/api/v1/activities/\(id)/open", token: token)
            #expect(early.status == .unprocessableEntity && early.body.string.contains("签到将于 明天 08:00 开放"), "\(early.body.string)")

            let page = try await world.browserLogin("town-secretary").get("/activities/\(id)")
            #expect(page.body.string.contains("签到将于 明天 08:00 开放"))
            #expect(page.body.string.contains("签到开放后在这里显示出席名单") && !page.body.string.contains(planned.attendance[0].name),
                    "the roll is hidden until sign-in opens")

            // Tomorrow, ten minutes before the rule's hour ahead of the start: still refused; at 08:10 it opens.
            let now = SignInOpening.Moment(clock.now(), calendar: clock.today())
            clock.advance(by: TimeInterval((1440 - now.minute + 7 * 60 + 50) * 60))
            let morning = try await world.token("branch-secretary")
            #expect(try await world.send(.POST, "/api/v1/activities/\(id)/open", token: morning).status == .unprocessableEntity)
            clock.advance(by: 20 * 60)
            let opened = try await world.send(.POST, "/api/v1/activities/\(id)/open", token: try await world.token("branch-secretary"))
            #expect(opened.status == .ok, "\(opened.body.string)")
            #expect(try opened.content.decode(ActivityDetail.self).summary.state == "open")
        }
    }

    @Test("a planned meeting is rescheduled; the change is recorded on the meeting and audited; a held one is not changed")
    func reschedule() async throws {
        try await withWorld { world in
            let token = try await world.token("branch-secretary")
            let today = world.app.dangjian.clock.today()
            let planned = try await Self.plan(world, token: token, date: today.adding(days: 2), time: "09:00")
            let id = planned.summary.id
            let moved = try await world.send(.PATCH, "/api/v1/activities/\(id)", token: token,
                                             json: ["date": today.adding(days: 5).description, "place": "镇党群服务中心"])
            #expect(moved.status == .ok, "\(moved.body.string)")
            let detail = try moved.content.decode(ActivityDetail.self)
            #expect(detail.summary.date == today.adding(days: 5) && detail.summary.place == "镇党群服务中心" && detail.summary.topic == planned.summary.topic)
            let change = try #require(detail.changes.first)
            #expect(detail.changes.count == 1 && change.detail.contains("日期由“\(today.adding(days: 2))”改为“\(today.adding(days: 5))”")
                    && change.detail.contains("地点由“村党群服务中心”改为“镇党群服务中心”") && !change.authorName.isEmpty)
            #expect(try await world.auditEntries(action: "activity.edit").last?.detail.contains("镇党群服务中心") == true)

            // The page: the form shows the plan; a date in the past comes back refused with what was typed.
            let session = try await world.browserLogin("branch-secretary")
            let form = try await session.get("/activities/\(id)/edit")
            #expect(form.status == .ok && form.body.string.contains("value=\"镇党群服务中心\""))
            let refused = try await session.post("/activities/\(id)/edit", ["topic": "改过的主题", "date": today.adding(days: -3).description,
                                                                           "place": "镇党群服务中心", "startTime": "09:30"])
            #expect(refused.status == .unprocessableEntity && refused.body.string.contains("不能早于今天") && refused.body.string.contains("改过的主题"))
            let same = try await session.post("/activities/\(id)/edit", ["topic": planned.summary.topic, "date": today.adding(days: 5).description,
                                                                        "place": "镇党群服务中心", "startTime": "09:00"])
            #expect(same.headers.first(name: .location)?.contains("notice=unchanged") == true)
            let page = try await session.get("/activities/\(id)")
            #expect(page.body.string.contains("变更记录") && page.body.string.contains("镇党群服务中心"))
            #expect(try await ActivityChangeModel.query(on: world.app.db).filter(\.$activityID == id).count() == 1)

            let held = try await world.plannedThemeDay(token: token)
            _ = try await world.send(.POST, "/api/v1/activities/\(held.summary.id)/minutes", token: token,
                                     json: ["minutes": "集中学习了支部工作条例，大家交流了体会。"])
            let late = try await world.send(.PATCH, "/api/v1/activities/\(held.summary.id)", token: token, json: ["place": "别处的会议室"])
            #expect(late.status == .unprocessableEntity && late.body.string.contains("不能再修改计划"))
        }
    }

    @Test("a refused plan comes back with the host and the recorder still chosen")
    func refusedPlanKeepsPeople() async throws {
        try await withWorld { world in
            let session = try await world.browserLogin("branch-secretary")
            let branch = try await world.organizationID("柳河镇东岗村党支部")
            let host = try await world.member(in: "柳河镇东岗村党支部")
            let refused = try await session.post("/activities", ["organizationID": "\(branch)", "kind": "theme-day", "topic": "",
                                                                 "date": world.app.dangjian.clock.today().description, "place": "村部",
                                                                 "hostMemberID": "\(host.id!)", "recorderMemberID": "\(host.id!)"])
            #expect(refused.status == .unprocessableEntity && refused.body.string.contains("请填写活动主题"))
            #expect(refused.body.string.components(separatedBy: "<option value=\"\(host.id!)\" selected>").count == 3, "host and recorder kept")
        }
    }
}
