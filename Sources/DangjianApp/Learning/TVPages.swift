import DangjianCore
import DangjianHTML
import Fluent
import Vapor

/// 电视模式 for the village activity room's set-top box or smart TV: very large type, everything reached with the
/// arrow keys and Enter (a visible focus, nothing on hover), a course played lesson after lesson, and the sign-in code
/// of the meeting in progress in the corner so that everyone in the room is counted by signing in (集中学习).
struct TVPages: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let tv = routes.grouped("tv")
        tv.get(use: home).requires(.ownRecord)
        tv.get("courses", ":id", use: course).requires(.ownRecord)
        tv.post("courses", ":id", "together", use: together).requires(.activityWrite)
    }

    struct Meeting {
        let id: Int
        let title: String
    }

    struct HomePage {
        let layout: Layout
        let courses: [LibraryViews.CourseSummary]
        let meetings: [Meeting]
    }

    /// Meetings open for sign-in today in the caller's `activityWrite` scope (the host's account is on the TV).
    static func openMeetings(on request: Request) async throws -> [Meeting] {
        var meetings: [Meeting] = []
        for scope in try request.policy.scopes(for: .activityWrite) {
            let open = try await ActivityModel.query(on: request.db).filter(\.$path >= scope.value).filter(\.$path < scope.upperBound)
                .filter(\.$state == .open).filter(\.$onDate == request.today).limit(10).all()
            meetings += open.compactMap { model in model.id.map { Meeting(id: $0, title: "\(model.kind.chinese)：\(model.topic)") } }
        }
        return meetings
    }

    /// The courses reaching the caller's record, or those they keep.
    static func courses(on request: Request) async throws -> [CourseModel] {
        if let member = try await DuesPages.ownMember(request) { return try await LibraryWork.courses(reaching: member.orgPath, on: request.db) }
        return try await LibraryPages.keptCourses(on: request).filter { $0.state == .published }
    }

    @Sendable func home(_ request: Request) async throws -> Page {
        let courses = try await LibraryViews.summaries(try await Self.courses(on: request), member: nil, rules: request.services.rules, on: request.db)
        return Page(HomePage(layout: Layout(request, title: "电视学习"), courses: courses, meetings: try await Self.openMeetings(on: request)).node)
    }

    struct CoursePage {
        let layout: Layout
        let course: LibraryViews.CourseView
        let lesson: LibraryViews.LessonView
        let meeting: Meeting?
        let code: String?
    }

    struct CourseQuery: Content {
        var lesson: Int?
        var meeting: Int?
    }

    struct TogetherForm: Content {
        var meeting: LenientID?
    }

    /// 集中学习: the meeting studies this course together; then the course plays with the meeting's code in the corner.
    @Sendable func together(_ request: Request) async throws -> Response {
        let form = try request.content.decode(TogetherForm.self)
        let courseID = request.parameters.get("id", as: Int.self)
        let recorded = try await GroupStudy.record(.init(activityID: form.meeting?.value, courseID: courseID), on: request)
        return request.redirect(to: "/tv/courses/\(recorded.courseID)?meeting=\(recorded.activityID)")
    }

    @Sendable func course(_ request: Request) async throws -> Page {
        let query = try request.query.decode(CourseQuery.self)
        let course = try await LibraryWork.readable(request.parameters.get("id", as: Int.self), on: request)
        let view = try await LibraryViews.course(course, on: request)
        guard let id = query.lesson ?? view.lessons.first?.id, let lesson = try await LessonModel.find(id, on: request.db), lesson.courseID == course.id else {
            throw Abort(.notFound, reason: "课程还没有课时")
        }
        var meeting: Meeting?
        var code: String?
        if let meetingID = query.meeting {
            let model = try await ActivityWork.find(meetingID, for: .activityWrite, on: request)
            meeting = Meeting(id: meetingID, title: "\(model.kind.chinese)：\(model.topic)")
            code = try await ActivityLive.snapshot(model, withCode: true, on: request).code
        }
        return Page(CoursePage(layout: Layout(request, title: course.title), course: view,
                               lesson: try await LibraryViews.lesson(lesson, course: course, on: request), meeting: meeting, code: code).node)
    }
}

extension TVPages.HomePage {
    var node: Node {
        Frame.tv(layout) {
            h1 { "电视学习" }
            p(.class("tv-hint")) { "用遥控器的方向键选择，按“确定”打开。" }
            if !meetings.isEmpty {
                h2 { "正在签到的会议（集中学习时先选会议，屏幕角上会显示签到码）" }
            }
            div(.class("tv-grid")) {
                for course in courses {
                    if meetings.isEmpty {
                        a(.class("tv-tile"), .href("/tv/courses/\(course.id)"), Attribute("data-tv", "")) {
                            if let poster = course.posterURL { LibraryParts.poster(poster) }
                            strong { course.title }
                            span { "\(course.topic) · \(course.lessons) 课时" }
                        }
                    } else {
                        for meeting in meetings {
                            form(.method("post"), .action("/tv/courses/\(course.id)/together"), .class("tv-form")) {
                                Forms.csrf(layout)
                                input(.type("hidden"), .name("meeting"), .value(String(meeting.id)))
                                button(.class("tv-tile"), Attribute("data-tv", "")) {
                                    strong { course.title }
                                    span { "\(course.topic) · \(course.lessons) 课时 · 集中学习：\(meeting.title)" }
                                }
                            }
                        }
                    }
                }
                a(.class("tv-tile tv-exit"), .href("/learning"), Attribute("data-tv", "")) { strong { "退出电视模式" } }
            }
        }
    }
}

extension TVPages.CoursePage {
    var node: Node {
        let meetingQuery = meeting.map { "&meeting=\($0.id)" } ?? ""
        let next = lesson.nextLessonID.map { "/tv/courses/\(course.course.id)?lesson=\($0)\(meetingQuery)" }
        return Frame.tv(layout) {
            if let meeting {
                aside(.class("tv-signin"), Attribute("data-live", "/api/v1/activities/\(meeting.id)/events")) {
                    img(.src("/api/v1/activities/\(meeting.id)/signin.svg\(code.map { "?code=\($0)" } ?? "")"),
                        Attribute("data-qr", "/api/v1/activities/\(meeting.id)/signin.svg"), .alt("签到二维码"), .width(180), .height(180))
                    p { "签到码 "; strong(Attribute("data-field", "code")) { code ?? "未开启" } }
                    p(.class("tv-small")) { "已签到 "; span(Attribute("data-field", "present")) { "" }; " / "; span(Attribute("data-field", "expected")) { "" } }
                }
            }
            h1 { lesson.title }
            p(.class("tv-hint")) { "\(course.course.title) · 第 \(lesson.position) 课时，共 \(course.lessons.count) 课时" }
            if let url = lesson.mediaURL, lesson.kind.isPlayed {
                if lesson.kind == .video {
                    video(.src(url), Attribute("controls", "controls"), Attribute("autoplay", "autoplay"), .class("tv-media"),
                          Attribute("data-tv-next", next ?? "")) { "" }
                } else {
                    audio(.src(url), Attribute("controls", "controls"), Attribute("autoplay", "autoplay"), .class("tv-media"),
                          Attribute("data-tv-next", next ?? "")) { "" }
                }
            }
            if !lesson.body.isEmpty || !lesson.images.isEmpty { LibraryParts.text(lesson.body, images: lesson.images) }
            div(.class("tv-grid")) {
                if let previous = lesson.previousLessonID {
                    a(.class("tv-tile"), .href("/tv/courses/\(course.course.id)?lesson=\(previous)\(meetingQuery)"), Attribute("data-tv", "")) { strong { "‹ 上一课时" } }
                }
                if let next {
                    a(.class("tv-tile"), .href(next), Attribute("data-tv", ""), .autofocus()) { strong { "下一课时 ›" } }
                }
                a(.class("tv-tile tv-exit"), .href("/tv"), Attribute("data-tv", "")) { strong { "返回课程列表" } }
            }
        }
    }
}
