import DangjianCore
import Foundation
import Testing
import VaporTesting
@testable import DangjianApp

/// A member's meetings as an iCalendar feed at a secret address of its own.
@Suite("Meeting calendar feed")
struct CalendarFeedTests {
    struct Link: Decodable { let url: String }
    struct Planned: Decodable { let summary: Summary; struct Summary: Decodable { let id: Int } }

    /// The village secretary plans a 支部党员大会 at 19:30 in three days.
    static func planVillageMeeting(_ world: TestWorld) async throws -> (response: TestingHTTPResponse, date: CalendarDate) {
        let secretary = try await world.token("branch-secretary")
        let branch = try await world.organizationID(ParticipationTests.village)
        let date = world.app.dangjian.clock.today().adding(days: 3)
        let planned = try await world.send(.POST, "/api/v1/activities", token: secretary,
                                           json: ["organizationID": "\(branch)", "kind": "general-meeting", "topic": "学习新修订的条例，讨论年度计划",
                                                  "date": date.description, "startTime": "19:30", "place": "村党员活动室"])
        return (planned, date)
    }

    @Test("a planned meeting appears in the member's feed at its time in UTC; cancelled, it says so; a new address retires the old; no member, no feed")
    func feed() async throws {
        try await withWorld { world in
            let (planned, date) = try await Self.planVillageMeeting(world)
            #expect(planned.status == .created, "\(planned.body.string)")
            let meeting = try planned.content.decode(Planned.self).summary.id
            let member = try await world.token("member")
            let link = try await world.send(.POST, "/api/v1/me/calendar", token: member).content.decode(Link.self).url
            let path = try #require(link.range(of: "/calendar/").map { String(link[$0.lowerBound...]) })
            let feed = try await world.app.testing().sendRequest(.GET, path)
            #expect(feed.status == .ok && feed.headers.first(name: .contentType) == "text/calendar; charset=utf-8")
            let text = feed.body.string.replacingOccurrences(of: "\r\n ", with: "")
            let start = date.description.replacingOccurrences(of: "-", with: "") + "T113000Z"
            #expect(text.contains("UID:activity-\(meeting)@dangjian") && text.contains("DTSTART:\(start)"))
            #expect(text.contains("学习新修订的条例，讨论年度计划") && text.contains("LOCATION:村党员活动室"))
            _ = try await world.send(.POST, "/api/v1/activities/\(meeting)/cancel", token: try await world.token("branch-secretary"), json: ["reason": "台风预警，改期再开"])
            let cancelled = try await world.app.testing().sendRequest(.GET, path).body.string
            let event = try #require(cancelled.components(separatedBy: "BEGIN:VEVENT").first { $0.contains("UID:activity-\(meeting)@") })
            #expect(event.contains("STATUS:CANCELLED"))
            // A new address: the old one answers 404 like one that never was.
            _ = try await world.send(.POST, "/api/v1/me/calendar", token: member)
            #expect(try await world.app.testing().sendRequest(.GET, path).status == .notFound)
            #expect(try await world.app.testing().sendRequest(.GET, "/calendar/not-a-token.ics").status == .notFound)
            #expect(try await world.send(.POST, "/api/v1/me/calendar", token: try await world.token("town-secretary")).status == .ok)
            let noMember = try await world.send(.POST, "/api/v1/me/calendar", token: try await world.token("sysadmin"))
            #expect(noMember.status == .forbidden || noMember.status == .notFound)
            #expect(try await world.auditEntries(action: "calendar.renew").count == 3)
        }
    }
}
