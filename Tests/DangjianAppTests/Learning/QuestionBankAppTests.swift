import DangjianCore
import DangjianDocuments
import Fluent
import Foundation
import Testing
import VaporTesting
@testable import DangjianApp

/// 题库 kept by an organization: a question added like a form, an .xlsx of the template imported with its bad rows
/// named and nothing else lost, exported and read back the same; the TV page for the activity room.
@Suite("题库与电视模式")
struct QuestionBankAppTests {
    struct Report: Decodable { let imported: Int; let skipped: Int; let problems: [Problem]; struct Problem: Decodable { let row: Int; let message: String } }
    struct Row: Decodable { let id: Int; let topic: String; let stem: String; let answer: String }

    @Test("an .xlsx of the template: good rows in, a bad row named by its number and reason, a repeat skipped; exported it reads back")
    func importAndExport() async throws {
        try await withWorld { world in
            let secretary = try await world.token("branch-secretary")
            let village = try await world.organizationID(ParticipationTests.village)
            let rows = [QuestionDraft.headers,
                        ["党史", "单选题", "容易", "遵义会议召开于？", "1934年", "1935年", "1936年", "", "", "", "", "", "B", "1935年1月", "党史读本"],
                        ["党章党规", "判断题", "中等", "预备期为一年。", "", "", "", "", "", "", "", "", "对", "", ""],
                        ["党史", "单选题", "容易", "缺答案的题目", "甲", "乙", "", "", "", "", "", "", "", "", ""],
                        ["不存在的专题", "判断题", "容易", "这一行专题不对。", "", "", "", "", "", "", "", "", "对", "", ""],
                        ["党史", "单选题", "容易", "遵义会议召开于？", "1934年", "1935年", "1936年", "", "", "", "", "", "B", "", ""]]
            let data = try ImportTests.write(rows, as: .xlsx)
            let (headers, body) = multipart(file: "题库.xlsx", bytes: Array(data), fields: ["organizationID": String(village)])
            var all = headers
            all.bearerAuthorization = BearerAuthorization(token: secretary)
            let response = try await world.app.testing().sendRequest(.POST, "/api/v1/learning/questions/import", headers: all, body: body)
            #expect(response.status == .created, "\(response.body.string)")
            let report = try response.content.decode(Report.self)
            #expect(report.imported == 2 && report.skipped == 1)
            #expect(report.problems.map(\.row) == [4, 5])
            #expect(report.problems.first?.message.contains("正确选项") == true && report.problems.last?.message.contains("不存在") == true)
            let listed = try await world.send(.GET, "/api/v1/learning/questions", token: secretary).content.decode([Row].self)
            #expect(listed.contains { $0.stem == "遵义会议召开于？" && $0.answer == "B" })

            let read = try await world.sheetRows("/api/v1/learning/questions/export", token: secretary)
            #expect(read.first == QuestionDraft.headers)
            let back = try read.dropFirst().map { try QuestionDraft.row($0, header: QuestionDraft.headers).get() }
            #expect(Set(back.map(\.draft.stem)) == ["遵义会议召开于？", "预备期为一年。"])
            // A member cannot import; a garbage file is a clear refusal.
            var memberHeaders = headers
            memberHeaders.bearerAuthorization = BearerAuthorization(token: try await world.token("member"))
            #expect(try await world.app.testing().sendRequest(.POST, "/api/v1/learning/questions/import", headers: memberHeaders, body: body).status == .forbidden)
            let (junkHeaders, junk) = multipart(file: "x.xlsx", bytes: Array("PK\u{3}\u{4}not a zip".utf8), fields: ["organizationID": String(village)])
            var junkAll = junkHeaders
            junkAll.bearerAuthorization = BearerAuthorization(token: secretary)
            let refused = try await world.app.testing().sendRequest(.POST, "/api/v1/learning/questions/import", headers: junkAll, body: junk)
            #expect(refused.status == .unprocessableEntity && refused.body.string.contains("Excel"), "\(refused.body.string)")
        }
    }

    @Test("the TV page: large tiles reached by the keyboard, a course played lesson after lesson, the meeting's code in the corner")
    func television() async throws {
        try await withWorld { world in
            let (course, audio, text, _) = try await LibraryTests.countyCourse(world)
            let browser = try await world.browserLogin("branch-secretary")
            let home = try await browser.get("/tv")
            #expect(home.status == .ok && home.body.string.contains("class=\"tv\"") && home.body.string.contains("/tv/courses/\(course)"))
            let first = try await browser.get("/tv/courses/\(course)")
            #expect(first.body.string.contains("<audio") && first.body.string.contains("data-tv-next=\"/tv/courses/\(course)?lesson=\(text)\""))
            #expect(first.body.string.contains("/learning/lessons/\(audio)/media"))
            // A meeting open for sign-in: its code shows in the corner.
            let meeting = try await world.meetingToday(in: ParticipationTests.village, kind: .partyLecture, topic: "集中学习乡村振兴政策")
            let tiles = try await browser.get("/tv")
            let meetingID = try meeting.requireID()
            #expect(tiles.body.string.contains("/tv/courses/\(course)/together") && tiles.body.string.contains("value=\"\(meetingID)\""))
            let corner = try await browser.get("/tv/courses/\(course)?lesson=\(text)&meeting=\(try meeting.requireID())")
            #expect(corner.status == .ok && corner.body.string.contains("tv-signin") && corner.body.string.contains("signin.svg?code="))
            // A member cannot show another branch's meeting.
            let member = try await world.browserLogin("member")
            #expect(try await member.get("/tv/courses/\(course)?meeting=\(try meeting.requireID())").status == .notFound)
        }
    }
}

extension TestWorld {
    /// A meeting of the organization called `name` today, open for sign-in.
    func meetingToday(in name: String, kind: ActivityKind, topic: String) async throws -> ActivityModel {
        let organization = try await organization(name)
        let meeting = ActivityModel()
        meeting.organizationID = try organization.requireID()
        meeting.path = organization.path
        meeting.countyID = organization.countyID
        meeting.kind = kind
        meeting.topic = topic
        meeting.onDate = app.dangjian.clock.today()
        meeting.place = "村党员活动室"
        meeting.state = .open
        meeting.signInSecret = "secret"
        meeting.decisions = "[]"
        meeting.speakers = "[]"
        meeting.videoLinks = "[]"
        try await meeting.create(on: app.db)
        return meeting
    }
}
