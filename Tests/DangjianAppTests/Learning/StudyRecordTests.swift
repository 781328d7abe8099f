import DangjianCore
import DangjianDocuments
import Fluent
import Foundation
import Testing
import VaporTesting
@testable import DangjianApp

/// 学习档案: a completed course with its certificate, the levels and contests, in the member's record; the 学时 of a
/// branch as an .xlsx.
@Suite("学习档案")
struct StudyRecordTests {
    struct Hours: Decodable { let earned: String }
    struct Record: Decodable {
        let lessonsCompleted: Int; let courses: [Course]; let levelsPassed: Int
        struct Course: Decodable { let courseID: Int; let title: String; let hours: String }
    }

    @Test("a course completed lesson by lesson appears with its hours and certificate; an unfinished one has none; the branch sees the record")
    func record() async throws {
        try await withWorld { world in
            let (course, audio, text, question) = try await LibraryTests.countyCourse(world)
            let member = try await world.token("member")
            let before = try await world.send(.GET, "/api/v1/me/study", token: member).content.decode(Record.self)
            #expect(before.courses.isEmpty && before.lessonsCompleted == 0)
            let browser = try await world.browserLogin("member")
            #expect(try await browser.get("/learning/courses/\(course)/certificate").status == .notFound)
            _ = try await world.send(.POST, "/api/v1/learning/lessons/\(audio)/progress", token: member, json: LibraryWork.ProgressInput(played: [.init(from: 0, to: 60)]))
            _ = try await world.send(.POST, "/api/v1/learning/lessons/\(text)/progress", token: member, json: LibraryWork.ProgressInput(readToEnd: true))
            _ = try await world.send(.POST, "/api/v1/learning/lessons/\(text)/check", token: member, json: LibraryWork.CheckInput(answers: [String(question): "B"]))
            let after = try await world.send(.GET, "/api/v1/me/study", token: member).content.decode(Record.self)
            #expect(after.lessonsCompleted == 2 && after.courses.map(\.courseID) == [course] && after.courses.first?.hours == "0.4")
            let certificate = try await browser.get("/learning/courses/\(course)/certificate")
            let memberName = try await world.accountMember("member").name
            #expect(certificate.status == .ok && certificate.body.string.contains("结业证书") && certificate.body.string.contains(memberName)
                    && certificate.body.string.contains("证书编号"))
            let page = try await browser.get("/me")
            #expect(page.body.string.contains("学习档案") && page.body.string.contains("乡村振兴政策解读"))
            let memberID = try #require(try await world.accountMember("member").id)
            let secretary = try await world.token("branch-secretary")
            let seen = try await world.send(.GET, "/api/v1/members/\(memberID)/study", token: secretary).content.decode(Record.self)
            #expect(seen.courses.count == 1)
            let other = try #require(try await world.accountMember("branch-secretary").id)
            #expect(try await world.send(.GET, "/api/v1/members/\(other)/study", token: member).status == .forbidden)

            let village = try await world.organizationID(ParticipationTests.village)
            var rows = try await world.sheetRows("/api/v1/class-hours/export?organizationID=\(village)", token: secretary)
            let earned = try await world.send(.GET, "/api/v1/me/class-hours", token: member).content.decode(Hours.self).earned
            #expect(rows.first?.first?.contains("全体党员") == true && rows.dropFirst().first?.first == "党员"
                    && rows.contains { $0.first == memberName && $0.count >= 5 && $0[4] == earned })

            // By audience: the leaders' hours leave out an ordinary member and keep the branch secretary.
            let secretaryName = try await world.accountMember("branch-secretary").name
            struct Row: Decodable { let name: String; let isLeader: Bool }
            let leaders = try await world.send(.GET, "/api/v1/class-hours?organizationID=\(village)&audience=leaders", token: secretary).content.decode([Row].self)
            #expect(!leaders.isEmpty && leaders.allSatisfy(\.isLeader) && leaders.contains { $0.name == secretaryName } && !leaders.contains { $0.name == memberName })
            let nonsense = try await world.send(.GET, "/api/v1/class-hours?organizationID=\(village)&audience=astronauts", token: secretary)
            #expect(nonsense.status == .unprocessableEntity && nonsense.body.string.contains("没有这类学习对象"))
            rows = try await world.sheetRows("/api/v1/class-hours/export?organizationID=\(village)&audience=leaders", token: secretary)
            #expect(rows.first?.first?.contains("书记和班子成员") == true && rows.count == leaders.count + 2)
            let leadersPage = try await world.browserLogin("branch-secretary").get("/class-hours?organizationID=\(village)&audience=leaders")
            #expect(leadersPage.body.string.contains(secretaryName) && !leadersPage.body.string.contains(">\(memberName)<") && leadersPage.body.string.contains("/class-hours/export?"))
        }
    }

    @Test("点菜: a secretary puts a course on the next 主题党日 from its page; the meeting form arrives filled in")
    func themeDay() async throws {
        try await withWorld { world in
            let (course, _, _, _) = try await LibraryTests.countyCourse(world)
            let secretary = try await world.browserLogin("branch-secretary")
            let page = try await secretary.get("/learning/courses/\(course)")
            let html = page.body.string
            let start = try #require(html.range(of: "href=\"/activities/new?"))
            let link = String(html[start.upperBound...].prefix { $0 != "\"" }).replacingOccurrences(of: "&amp;", with: "&")
            let form = try await secretary.get("/activities/new?" + link)
            #expect(form.status == .ok && form.body.string.contains("集中学习《乡村振兴政策解读》"))
            let member = try await world.browserLogin("member")
            #expect(!(try await member.get("/learning/courses/\(course)")).body.string.contains("/activities/new"))
        }
    }

    struct Credits: Decodable { let credits: [Credit]; struct Credit: Decodable { let source: String; let hours: String } }

    @Test("集中学习: a course studied at a meeting credits everyone present once; its lessons done alone are not counted again")
    func together() async throws {
        try await withWorld { world in
            let (course, audio, _, _) = try await LibraryTests.countyCourse(world)
            let member = try await world.accountMember("member")
            let meeting = try await world.meetingToday(in: ParticipationTests.village, kind: .themeDay, topic: "集中学习乡村振兴政策")
            let meetingID = try meeting.requireID()
            let secretary = try await world.browserLogin("branch-secretary")
            let posted = try await secretary.post("/tv/courses/\(course)/together", ["meeting": String(meetingID)])
            #expect(posted.status == .seeOther && posted.headers.first(name: .location) == "/tv/courses/\(course)?meeting=\(meetingID)")
            let memberToken = try await world.token("member")
            #expect(try await world.send(.POST, "/api/v1/learning/group-study", token: memberToken,
                                         json: GroupStudy.Input(activityID: meetingID, courseID: course)).status == .forbidden)
            let again = try await world.send(.POST, "/api/v1/learning/group-study", token: try await world.token("branch-secretary"),
                                             json: GroupStudy.Input(activityID: meetingID, courseID: course))
            #expect(again.status == .created && again.body.string.contains("0.4"))
            #expect(try await MeetingCourseModel.query(on: world.app.db).filter(\.$activityID == meetingID).count() == 1)
            // The member signed in; the meeting is held. The lesson they also finish alone is not counted twice.
            let attendance = AttendanceModel(activityID: meetingID, memberID: try member.requireID(), name: member.name)
            attendance.status = .present
            try await attendance.create(on: world.app.db)
            meeting.state = .held
            try await meeting.update(on: world.app.db)
            _ = try await world.send(.POST, "/api/v1/learning/lessons/\(audio)/progress", token: memberToken,
                                     json: LibraryWork.ProgressInput(played: [.init(from: 0, to: 60)]))
            let hours = try await world.send(.GET, "/api/v1/me/class-hours", token: memberToken).content.decode(Credits.self)
            #expect(hours.credits.filter { $0.source == "集中学习：《乡村振兴政策解读》" }.map(\.hours) == ["0.4"])
            #expect(!hours.credits.contains { $0.source == "学习：政策音频讲解" })
        }
    }
}
