import DangjianCore
import Fluent
import Foundation
import Testing
import VaporTesting
@testable import DangjianApp

/// 学时 from what organizational life recorded: a 党课 attended counts once, for the member and in the branch's report.
@Suite("学时")
struct ClassHoursAppTests {
    struct View: Decodable { let year: Int; let isLeader: Bool; let required: String; let earned: String; let credits: [Credit]; struct Credit: Decodable { let source: String } }
    struct Row: Decodable { let memberID: Int; let name: String; let required: String; let earned: String }

    @Test("a 党课 attended adds its hours; absent or cancelled adds none; a secretary needs 56, a member 32; the branch sees the same")
    func fromMeetings() async throws {
        try await withWorld { world in
            let token = try await world.token("member")
            let before = try await world.send(.GET, "/api/v1/me/class-hours", token: token).content.decode(View.self)
            #expect(before.required == "32" && !before.isLeader)
            let member = try await world.accountMember("member")
            let village = try await world.organization(ParticipationTests.village)
            let today = world.app.dangjian.clock.today()
            let day = today.month == 1 && today.day == 1 ? today : today.adding(days: -1)
            func lecture(_ topic: String, state: ActivityModel.State, status: AttendanceStatus) async throws {
                let activity = ActivityModel()
                activity.organizationID = try village.requireID()
                activity.path = village.path
                activity.countyID = village.countyID
                activity.kind = .partyLecture
                activity.topic = topic
                activity.onDate = day
                activity.place = "村党员活动室"
                activity.state = state
                activity.signInSecret = "secret"
                activity.decisions = "[]"
                activity.speakers = "[]"
                activity.videoLinks = "[]"
                try await activity.create(on: world.app.db)
                let attendance = AttendanceModel(activityID: try activity.requireID(), memberID: try member.requireID(), name: member.name)
                attendance.status = status
                try await attendance.create(on: world.app.db)
            }
            try await lecture("学习新修订的条例", state: .held, status: .present)
            try await lecture("请假的一次党课", state: .held, status: .leave)
            try await lecture("取消的一次党课", state: .cancelled, status: .present)
            let after = try await world.send(.GET, "/api/v1/me/class-hours", token: token).content.decode(View.self)
            let earned = (Double(after.earned) ?? 0) - (Double(before.earned) ?? 0)
            #expect(earned == 2 && after.credits.contains { $0.source == "党课：学习新修订的条例" })
            #expect(!after.credits.contains { $0.source.contains("请假") || $0.source.contains("取消") })
            let secretary = try await world.send(.GET, "/api/v1/me/class-hours", token: try await world.token("branch-secretary")).content.decode(View.self)
            #expect(secretary.isLeader && secretary.required == "56")
            let report = try await world.send(.GET, "/api/v1/class-hours?organizationID=\(try village.requireID())", token: try await world.token("branch-secretary"))
                .content.decode([Row].self)
            #expect(report.first { $0.memberID == member.id }?.earned == after.earned)
            #expect(try await world.send(.GET, "/api/v1/class-hours?organizationID=\(try village.requireID())", token: token).status == .forbidden)
            let page = try await world.browserLogin("member").get("/me/class-hours")
            #expect(page.status == .ok && page.body.string.contains("学习新修订的条例"))
        }
    }
}
