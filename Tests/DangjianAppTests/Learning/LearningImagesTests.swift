import DangjianCore
import DangjianDocuments
import Fluent
import Foundation
import Testing
import VaporTesting
@testable import DangjianApp

/// The library's pictures: a course's poster and a lesson's pictures placed by `[图N]`, pictures only, seen by whoever
/// may read the course and nobody else.
@Suite("学习资料的图片")
struct LearningImagesTests {
    struct CourseView: Decodable { let course: Summary; struct Summary: Decodable { let posterURL: String? } }
    struct LessonView: Decodable { let images: [Image] }
    struct Image: Decodable { let id: Int; let number: Int; let url: String; let caption: String? }

    static func png(_ index: Int) throws -> [UInt8] {
        let picture = DemoPoster.draw(index)
        return try PNGWriter.palette(width: picture.width, height: picture.height, palette: picture.palette, pixels: picture.pixels)
    }

    static func post(_ world: TestWorld, _ path: String, token: String, name: String, bytes: [UInt8], caption: String? = nil) async throws -> TestingHTTPResponse {
        let (headers, body) = multipart(file: name, bytes: bytes, fields: caption.map { ["caption": $0] } ?? [:])
        var all = headers
        all.bearerAuthorization = BearerAuthorization(token: token)
        return try await world.app.testing().sendRequest(.POST, path, headers: all, body: body)
    }

    @Test("a poster: set and replaced by the keeper, served to members it reaches, refused when it is no picture, 404 outside")
    func poster() async throws {
        try await withWorld { world in
            let (course, _, _, _) = try await LibraryTests.countyCourse(world)
            let admin = try await world.token("county-admin")
            let pdf = try await Self.post(world, "/api/v1/learning/courses/\(course)/poster", token: admin, name: "封面.png", bytes: Array("%PDF-1.4 xx".utf8))
            #expect(pdf.status == .unprocessableEntity && pdf.body.string.contains("按文件内容判断"), "\(pdf.body.string)")
            let first = try Self.png(0)
            let set = try await Self.post(world, "/api/v1/learning/courses/\(course)/poster", token: admin, name: "封面.png", bytes: first)
            #expect(set.status == .ok, "\(set.body.string)")
            let url = try #require(try set.content.decode(CourseView.self).course.posterURL)
            #expect(url.hasPrefix("/api/v1/learning/courses/\(course)/poster?v="))
            let member = try await world.token("member")
            let served = try await world.send(.GET, url, token: member)
            #expect(served.status == .ok && Array(served.body.readableBytesView) == first && served.headers.contentType?.description == "image/png")
            // Replaced: a new address, the old row gone, the new picture served.
            let second = try Self.png(1)
            let replaced = try await Self.post(world, "/api/v1/learning/courses/\(course)/poster", token: admin, name: "新封面.png", bytes: second)
            let newURL = try #require(try replaced.content.decode(CourseView.self).course.posterURL)
            let newBytes = Array(try await world.send(.GET, newURL, token: member).body.readableBytesView)
            #expect(newURL != url && newBytes == second)
            #expect(try await AttachmentModel.query(on: world.app.db).filter(\.$ownerType == LearningImages.posterOwner).count() == 1)
            #expect(try await world.auditEntries(action: "learning.course.poster").map(\.detail).last?.contains("更换封面") == true)
            // The page shows it on the course and in the library.
            let page = try await world.browserLogin("member").get("/learning/courses/\(course)")
            #expect(page.body.string.contains("class=\"course-poster\"") && page.body.string.contains("/learning/courses/\(course)/poster?v="))
            // A member cannot set it; a course that does not reach someone keeps its poster from them too.
            let refused = try await Self.post(world, "/api/v1/learning/courses/\(course)/poster", token: member, name: "x.png", bytes: first)
            #expect(refused.status == .forbidden)
            let village = try await world.organizationID(ParticipationTests.village)
            let secretary = try await world.token("branch-secretary")
            let own = try await world.send(.POST, "/api/v1/learning/courses", token: secretary, json: LibraryWork.CourseInput(
                organizationID: village, title: "本村的红色故事", summary: "", topicID: try #require(try await LearningTopicModel.query(on: world.app.db).first()?.id),
                audience: "all", reach: "subtree"))
            let ownCourse = try own.content.decode(LibraryTests.Course.self).course.id
            #expect(try await Self.post(world, "/api/v1/learning/courses/\(ownCourse)/poster", token: secretary, name: "a.png", bytes: first).status == .ok)
            let outsider = try await world.token(try await LibraryTests.outsider(world, outside: ParticipationTests.village))
            #expect(try await world.send(.GET, "/api/v1/learning/courses/\(ownCourse)/poster", token: outsider).status == .notFound)
            #expect(try await world.send(.GET, "/api/v1/learning/courses/\(course)/poster", token: outsider).status == .ok)
        }
    }

    @Test("a lesson's pictures: numbered, placed by [图N] or after the text, renumbered when one goes; only 图文 and document lessons")
    func lessonPictures() async throws {
        try await withWorld { world in
            let (_, audio, text, _) = try await LibraryTests.countyCourse(world)
            let admin = try await world.token("county-admin")
            let onAudio = try await Self.post(world, "/api/v1/learning/lessons/\(audio)/images", token: admin, name: "a.png", bytes: try Self.png(0))
            #expect(onAudio.status == .unprocessableEntity && onAudio.body.string.contains("只有图文和文档课时可以配图"))
            let long = try await Self.post(world, "/api/v1/learning/lessons/\(text)/images", token: admin, name: "a.png", bytes: try Self.png(0),
                                           caption: String(repeating: "长", count: 61))
            #expect(long.status == .unprocessableEntity && long.body.string.contains("60 字"))
            for (index, caption) in ["田间的党员", "村口的老槐树"].enumerated() {
                let added = try await Self.post(world, "/api/v1/learning/lessons/\(text)/images", token: admin, name: "p\(index).png",
                                                bytes: try Self.png(index), caption: caption)
                #expect(added.status == .created, "\(added.body.string)")
            }
            let lesson = try await LessonModel.find(text, on: world.app.db)
            lesson?.body = "第一段。\n\n[图2]\n\n第二段。"
            try await lesson?.update(on: world.app.db)
            let member = try await world.token("member")
            let view = try await world.send(.GET, "/api/v1/learning/lessons/\(text)", token: member).content.decode(LessonView.self)
            #expect(view.images.map(\.number) == [1, 2] && view.images.map(\.caption) == ["田间的党员", "村口的老槐树"])
            #expect(try await world.send(.GET, view.images[1].url, token: member).status == .ok)
            // 图2 sits between the paragraphs; 图1, placed nowhere, follows the text.
            let html = try await world.browserLogin("member").get("/learning/lessons/\(text)").body.string
            let first = try #require(html.range(of: "第一段。")?.lowerBound), second = try #require(html.range(of: "第二段。")?.lowerBound)
            let two = try #require(html.range(of: "图2　村口的老槐树")?.lowerBound), one = try #require(html.range(of: "图1　田间的党员")?.lowerBound)
            #expect(first < two && two < second && second < one)
            // Removing the first renumbers the second.
            let left = try await world.send(.DELETE, "/api/v1/learning/lessons/\(text)/images/\(view.images[0].id)", token: admin).content.decode([Image].self)
            #expect(left.map(\.number) == [1] && left.first?.caption == "村口的老槐树")
            #expect(try await world.send(.GET, view.images[0].url, token: member).status == .notFound)
            #expect(try await world.send(.DELETE, "/api/v1/learning/lessons/\(text)/images/\(view.images[1].id)", token: member).status == .forbidden)
        }
    }

    @Test("the keeping page: a poster and a picture uploaded through its forms; a file that is no picture shown at its form, nothing kept")
    func pages() async throws {
        try await withWorld { world in
            let (course, _, text, _) = try await LibraryTests.countyCourse(world)
            let browser = try await world.browserLogin("county-admin")
            let page = try await browser.get("/learning/manage/courses/\(course)")
            #expect(page.body.string.contains("action=\"/learning/manage/courses/\(course)/poster\"")
                    && page.body.string.contains("action=\"/learning/manage/lessons/\(text)/images\""))
            func send(_ path: String, _ name: String, _ bytes: [UInt8], _ fields: [String: String] = [:]) async throws -> TestingHTTPResponse {
                var all = fields
                all["_csrf"] = browser.csrf
                let (headers, body) = multipart(file: name, bytes: bytes, fields: all)
                var withCookie = headers
                withCookie.add(name: "Cookie", value: "\(SessionCookie.name)=\(browser.cookie)")
                return try await world.app.testing().sendRequest(.POST, path, headers: withCookie, body: body)
            }
            let wrong = try await send("/learning/manage/courses/\(course)/poster", "封面.jpg", Array("not a picture".utf8))
            #expect(wrong.status == .unprocessableEntity && wrong.body.string.contains("按文件内容判断") && wrong.body.string.contains("id=\"poster\""))
            #expect(try await CourseModel.find(course, on: world.app.db)?.posterID == nil)
            let poster = try await send("/learning/manage/courses/\(course)/poster", "封面.png", try Self.png(2))
            #expect(poster.status == .seeOther && poster.headers.first(name: .location)?.contains("#poster") == true)
            #expect(try await CourseModel.find(course, on: world.app.db)?.posterID != nil)
            let picture = try await send("/learning/manage/lessons/\(text)/images", "图.png", try Self.png(3), ["caption": "示意图"])
            #expect(picture.status == .seeOther)
            let after = try await browser.get("/learning/manage/courses/\(course)")
            #expect(after.body.string.contains("图1：示意图") && after.body.string.contains("/learning/manage/lessons/\(text)/images/"))
            let library = try await world.browserLogin("member").get("/learning")
            #expect(library.body.string.contains("/learning/courses/\(course)/poster?v="))
        }
    }
}
