import DangjianCore
import Fluent
import Foundation
import Testing
import VaporTesting
@testable import DangjianApp

/// The library: a course built by its keeper, completed by a member by what was played and read and passed — never by
/// time — credited as 学时; seen only where it reaches; 必学 with its reminders.
@Suite("学习资料库")
struct LibraryTests {
    struct Topic: Decodable { let id: Int; let name: String }
    struct Course: Decodable { let course: Summary; let lessons: [Lesson]; let keeper: Bool }
    struct Summary: Decodable { let id: Int; let title: String; let lessons: Int; let completed: Int; let state: String }
    struct Lesson: Decodable { let id: Int; let title: String; let completed: Bool }
    struct LessonView: Decodable {
        let id: Int; let durationSeconds: Double; let playedPercent: Int; let completed: Bool; let readToEnd: Bool
        let questions: [Question]; let mediaURL: String?
    }
    struct Question: Decodable { let id: Int; let stem: String; let options: [String] }
    struct Check: Decodable { let correct: Int; let total: Int; let passed: Bool; let lessonComplete: Bool; let items: [Item]; struct Item: Decodable { let answer: String? } }
    struct Home: Decodable { let required: [Required]; let shelves: [Shelf]; struct Shelf: Decodable { let topic: String; let courses: [Summary] } }
    struct Required: Decodable { let assignmentID: Int; let courseID: Int; let completed: Bool; let overdue: Bool }
    struct Hours: Decodable { let credits: [Credit]; struct Credit: Decodable { let source: String; let hours: String } }
    struct ToDoItem: Decodable { let kind: String; let title: String }
    struct Report: Decodable {
        let id: Int; let members: Int; let done: Int; let byOrganization: [Branch]
        struct Branch: Decodable { let organizationName: String; let members: Int; let done: Int }
    }

    static func upload(_ world: TestWorld, lesson: Int, token: String, bytes: [UInt8], name: String) async throws -> TestingHTTPResponse {
        var headers = HTTPHeaders()
        headers.bearerAuthorization = BearerAuthorization(token: token)
        headers.contentType = .init(type: "application", subType: "octet-stream")
        return try await world.app.testing().sendRequest(.POST, "/api/v1/learning/lessons/\(lesson)/media?name=\(name)", headers: headers,
                                                         body: ByteBuffer(bytes: bytes))
    }

    /// A published course of the county with a 60-second audio lesson and a text lesson with one check question.
    static func countyCourse(_ world: TestWorld) async throws -> (course: Int, audio: Int, text: Int, question: Int) {
        let admin = try await world.token("county-admin")
        let root = try #require(try await OrganizationModel.query(on: world.app.db).filter(\.$parentID == nil).first()?.id)
        let topics = try await world.send(.GET, "/api/v1/learning/topics", token: admin).content.decode([Topic].self)
        let topic = try #require(topics.first { $0.name == "乡村振兴" })
        let created = try await world.send(.POST, "/api/v1/learning/courses", token: admin, json: LibraryWork.CourseInput(
            organizationID: root, title: "乡村振兴政策解读", summary: "面向全县党员的政策学习", topicID: topic.id, audience: "all", reach: "everyone"))
        #expect(created.status == .created, "\(created.body.string)")
        let course = try created.content.decode(Course.self).course.id
        let audio = try await world.send(.POST, "/api/v1/learning/courses/\(course)/lessons", token: admin,
                                         json: LibraryWork.LessonInput(title: "政策音频讲解", kind: "audio", body: "", readingMinutes: nil))
            .content.decode(LessonView.self).id
        let text = try await world.send(.POST, "/api/v1/learning/courses/\(course)/lessons", token: admin, json: LibraryWork.LessonInput(
            title: "政策要点", kind: "text", body: "## 一、总体要求\n\n坚持农业农村优先发展，按照产业兴旺、生态宜居、乡风文明、治理有效、生活富裕的总要求推进。", readingMinutes: 15))
            .content.decode(LessonView.self).id
        let early = try await world.send(.POST, "/api/v1/learning/courses/\(course)/publish", token: admin)
        #expect(early.status == .unprocessableEntity && early.body.string.contains("还没有上传"), "\(early.body.string)")
        let wrong = try await upload(world, lesson: audio, token: admin, bytes: Array("%PDF-1.4 not audio at all".utf8), name: "a.pdf")
        #expect(wrong.status == .unprocessableEntity && wrong.body.string.contains("只能上传"), "\(wrong.body.string)")
        let uploaded = try await upload(world, lesson: audio, token: admin, bytes: DemoAudio.wav(seconds: 60, seed: 7), name: "讲解.wav")
        #expect(uploaded.status == .created, "\(uploaded.body.string)")
        #expect(try uploaded.content.decode(LessonView.self).durationSeconds == 60)
        let question = try await world.send(.POST, "/api/v1/learning/lessons/\(text)/questions", token: admin, json: LibraryWork.QuestionInput(
            kind: "single", stem: "乡村振兴的总要求中，排在第一位的是？", options: ["生态宜居", "产业兴旺", "乡风文明"], answer: "B",
            explanation: "产业兴旺是重点", difficulty: "easy"))
        #expect(question.status == .created, "\(question.body.string)")
        let published = try await world.send(.POST, "/api/v1/learning/courses/\(course)/publish", token: admin)
        #expect(published.status == .ok, "\(published.body.string)")
        return (course, audio, text, try question.content.decode(Question.self).id)
    }

    @Test("a member completes an audio lesson by the parts played (repeats count once), a text lesson by reading and passing; 学时 follow")
    func completion() async throws {
        try await withWorld { world in
            let (course, audio, text, question) = try await Self.countyCourse(world)
            let member = try await world.token("member")
            let home = try await world.send(.GET, "/api/v1/learning", token: member).content.decode(Home.self)
            #expect(home.shelves.first { $0.topic == "乡村振兴" }?.courses.contains { $0.id == course } == true)

            var headers = HTTPHeaders()
            headers.bearerAuthorization = BearerAuthorization(token: member)
            headers.add(name: .range, value: "bytes=100-199")
            let part = try await world.app.testing().sendRequest(.GET, "/api/v1/learning/lessons/\(audio)/media", headers: headers)
            #expect(part.status == .partialContent && part.body.readableBytes == 100)
            #expect(part.headers.first(name: .contentRange)?.hasPrefix("bytes 100-199/") == true)

            func play(_ ranges: [(Double, Double)]) async throws -> LessonView {
                let response = try await world.send(.POST, "/api/v1/learning/lessons/\(audio)/progress", token: member,
                                                     json: LibraryWork.ProgressInput(played: ranges.map { .init(from: $0.0, to: $0.1) }))
                #expect(response.status == .ok, "\(response.body.string)")
                return try response.content.decode(LessonView.self)
            }
            // The first half three times over, and nonsense: still half.
            _ = try await play([(0, 30)])
            let repeated = try await play([(0, 30), (10, 20), (50, 10), (-5, 3), (1e300, 1e308)])
            #expect(repeated.playedPercent == 50 && !repeated.completed)
            // Slivers are not play; a record of thousands of pieces is refused rather than kept.
            let slivers = try await play((0..<10).map { (40 + Double($0), 40.4 + Double($0)) })
            #expect(slivers.playedPercent == 50)
            let done = try await play([(25, 55)])
            #expect(done.playedPercent == 91 && done.completed)

            let read = try await world.send(.POST, "/api/v1/learning/lessons/\(text)/progress", token: member, json: LibraryWork.ProgressInput(readToEnd: true))
            #expect(try read.content.decode(LessonView.self).completed == false)
            let failed = try await world.send(.POST, "/api/v1/learning/lessons/\(text)/check", token: member,
                                              json: LibraryWork.CheckInput(answers: [String(question): "A"])).content.decode(Check.self)
            #expect(!failed.passed && !failed.lessonComplete && failed.items.allSatisfy { $0.answer == nil })
            let passed = try await world.send(.POST, "/api/v1/learning/lessons/\(text)/check", token: member,
                                              json: LibraryWork.CheckInput(answers: [String(question): "b"])).content.decode(Check.self)
            #expect(passed.passed && passed.lessonComplete && passed.items.first?.answer == "B")

            let course2 = try await world.send(.GET, "/api/v1/learning/courses/\(course)", token: member).content.decode(Course.self)
            #expect(course2.course.completed == 2 && course2.lessons.allSatisfy(\.completed) && !course2.keeper)
            let hours = try await world.send(.GET, "/api/v1/me/class-hours", token: member).content.decode(Hours.self)
            #expect(hours.credits.contains { $0.source == "学习：政策音频讲解" && $0.hours == "0.1" })
            #expect(hours.credits.contains { $0.source == "学习：政策要点" && $0.hours == "0.3" })

            // The browser shows the same lesson with its player, and the check page marks answers.
            let browser = try await world.browserLogin("member")
            let page = try await browser.get("/learning/lessons/\(audio)")
            #expect(page.status == .ok && page.body.string.contains("<audio") && page.body.string.contains("已完成"))
            let marked = try await browser.post("/learning/lessons/\(text)/check", ["q\(question)": "C"])
            #expect(marked.status == .ok && marked.body.string.contains("未通过"))
        }
    }

    @Test("a branch's own course reaches only its subtree; drafts only their keepers; others get 404 like a missing one")
    func reach() async throws {
        try await withWorld { world in
            let secretary = try await world.token("branch-secretary")
            let village = try await world.organizationID(ParticipationTests.village)
            let topics = try await world.send(.GET, "/api/v1/learning/topics", token: secretary).content.decode([Topic].self)
            let everyone = try await world.send(.POST, "/api/v1/learning/courses", token: secretary, json: LibraryWork.CourseInput(
                organizationID: village, title: "东岗村红色故事", summary: nil, topicID: topics.first?.id, audience: "all", reach: "everyone"))
            #expect(everyone.status == .unprocessableEntity && everyone.body.string.contains("县级"))
            let created = try await world.send(.POST, "/api/v1/learning/courses", token: secretary, json: LibraryWork.CourseInput(
                organizationID: village, title: "东岗村红色故事", summary: nil, topicID: topics.first?.id, audience: "all", reach: "subtree"))
            let course = try created.content.decode(Course.self).course.id
            let member = try await world.token("member")
            #expect(try await world.send(.GET, "/api/v1/learning/courses/\(course)", token: member).status == .notFound)
            let lesson = try await world.send(.POST, "/api/v1/learning/courses/\(course)/lessons", token: secretary, json: LibraryWork.LessonInput(
                title: "老支书的故事", kind: "text", body: "一九四八年，村里的第一个党小组在老槐树下成立，带领乡亲们修水渠、办夜校。", readingMinutes: 10))
                .content.decode(LessonView.self).id
            #expect(try await world.send(.POST, "/api/v1/learning/courses/\(course)/publish", token: secretary).status == .ok)
            #expect(try await world.send(.GET, "/api/v1/learning/courses/\(course)", token: member).status == .ok)
            // A member of another village, and a member's attempt to edit.
            let other = try await Self.outsider(world, outside: ParticipationTests.village)
            let outsider = try await world.token(other)
            #expect(try await world.send(.GET, "/api/v1/learning/lessons/\(lesson)", token: outsider).status == .notFound)
            #expect(try await world.send(.POST, "/api/v1/learning/lessons/\(lesson)/progress", token: outsider,
                                         json: LibraryWork.ProgressInput(readToEnd: true)).status == .notFound)
            #expect(try await world.send(.PUT, "/api/v1/learning/courses/\(course)", token: member, json: LibraryWork.CourseInput()).status == .forbidden)
        }
    }

    /// A login (`username`) for an active member filed outside the organization called `name`.
    static func outsider(_ world: TestWorld, outside name: String, username: String = "outsider") async throws -> String {
        let scope = try await world.organization(name).orgPath
        let members = try await MemberModel.query(on: world.app.db).filter(\.$status == .active).sort(\.$path).limit(2000).all()
        let outsider = try #require(members.first { !$0.path.hasPrefix(scope.value) })
        let account = AccountModel(username: username, displayName: outsider.name, passwordHash: try Bcrypt.hash(TestWorld.password, cost: 4),
                                   memberID: outsider.id)
        try await account.create(on: world.app.db)
        try await GrantModel(accountID: try account.requireID(), role: .member, organizationID: outsider.organizationID, grantedBy: nil).create(on: world.app.db)
        return username
    }

    @Test("必学: the member sees it first and is reminded near the due date; once overdue the branch gets one to-do with the count")
    func required() async throws {
        try await withWorld { world in
            let (course, _, _, _) = try await Self.countyCourse(world)
            let secretary = try await world.token("branch-secretary")
            let village = try await world.organizationID(ParticipationTests.village)
            let today = world.app.dangjian.clock.today()
            let past = try await world.send(.POST, "/api/v1/learning/assignments", token: secretary, json: StudyAssignments.Input(
                courseID: course, organizationID: village, audience: "all", due: today.description))
            #expect(past.status == .unprocessableEntity && past.body.string.contains("今天之后"))
            let assigned = try await world.send(.POST, "/api/v1/learning/assignments", token: secretary, json: StudyAssignments.Input(
                courseID: course, organizationID: village, audience: "all", due: today.adding(days: 5).description))
            #expect(assigned.status == .created, "\(assigned.body.string)")
            let report = try assigned.content.decode(Report.self)
            #expect(report.members > 0 && report.done == 0)
            let member = try await world.token("member")
            let home = try await world.send(.GET, "/api/v1/learning", token: member).content.decode(Home.self)
            #expect(home.required.first?.courseID == course && home.required.first?.completed == false)
            let homePage = try await world.browserLogin("member").get("/")
            #expect(homePage.body.string.contains("必学") && homePage.body.string.contains("《乡村振兴政策解读》"))
            let own = try await world.send(.GET, "/api/v1/todos", token: member).content.decode([ToDoItem].self)
            #expect(own.contains { $0.kind == "learning.required" && $0.title.contains("乡村振兴政策解读") })
            #expect(!(try await world.send(.GET, "/api/v1/todos", token: secretary).content.decode([ToDoItem].self)).contains { $0.kind == "learning.overdue" })
            // Assigned to the whole town, the report splits by village.
            let town = try await world.organizationID(ParticipationTests.town)
            let wide = try await world.send(.POST, "/api/v1/learning/assignments", token: try await world.token("county-admin"), json: StudyAssignments.Input(
                courseID: course, organizationID: town, audience: "all", due: today.adding(days: 30).description)).content.decode(Report.self)
            #expect(wide.byOrganization.count > 1 && wide.byOrganization.reduce(0) { $0 + $1.members } == wide.members)
            #expect(wide.byOrganization.contains { $0.organizationName == ParticipationTests.village && $0.members > 0 && $0.members <= report.members })
            // The same as an .xlsx: the heading, a row per organization, a row per member; a member outside the keepers gets 404.
            let rows = try await world.sheetRows("/api/v1/learning/assignments/\(wide.id)/export", token: try await world.token("county-admin"))
            #expect(rows.first?.first?.contains("0/\(wide.members) 人已完成") == true)
            #expect(rows.contains { $0.first == ParticipationTests.village && $0.count == 4 })
            #expect(rows.filter { $0.count == 4 && $0[2].contains("/") }.count == wide.members, "\(rows)")
            let page = try await world.browserLogin("branch-secretary").get("/learning/required/\(report.id)")
            #expect(page.body.string.contains("/learning/required/\(report.id)/export"))
            #expect(try await world.send(.GET, "/api/v1/learning/assignments/\(wide.id)/export", token: member).status == .forbidden)
            world.app.dangjian.clock.advance(by: 6 * 86_400)
            let later = try await world.token("branch-secretary")
            let branch = try await world.send(.GET, "/api/v1/todos", token: later).content.decode([ToDoItem].self)
            #expect(branch.filter { $0.kind == "learning.overdue" }.map(\.title) == ["督促 \(report.members) 名党员完成逾期的必学课程《乡村振兴政策解读》"])
        }
    }
}
